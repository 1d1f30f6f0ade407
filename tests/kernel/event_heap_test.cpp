// Unit tests of the 4-ary event heap: pops follow the engine's global order (time, dst, src, seq)
// exactly as std::sort does, and a heap that has reached its peak size never allocates again.
#include "gridplan/kernel/event_heap.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <random>
#include <set>
#include <vector>

#include "gridplan/kernel/event.hpp"

// Counts every call of the global operator new so that a test can prove that a code path does
// not allocate. This replacement holds for the whole kernel_tests program; it only counts.
namespace {
std::atomic<std::uint64_t> g_allocations{0};
}  // namespace

// GCC flags free() in a replaced operator delete as mismatched with operator new; it is not.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
void* operator new(std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

namespace gridplan::kernel {
namespace {

using GlobalHeap = EventHeap<&global_order_less>;
using LocalHeap = EventHeap<&lp_order_less>;

// The full ordering key and the identity tag `b`: events compare equal only if all match.
bool same_event(const Event& x, const Event& y) {
  return x.time == y.time && x.dst == y.dst && x.src == y.src && x.seq == y.seq && x.b == y.b;
}

// `n` events whose (time, dst, src, seq) keys are all distinct but which share few stamps: times
// come from 200 values, dst and src from 4 each, so most events tie on time and many on
// (time, dst, src). `b` is the event's index, so a wrong pop is easy to name.
std::vector<Event> tied_events(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::uint64_t> seqs(n);
  for (std::size_t i = 0; i < n; ++i) seqs[i] = i;
  std::shuffle(seqs.begin(), seqs.end(), rng);  // unique seq, unrelated to push order
  std::vector<Event> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    out[i].time = static_cast<double>(rng() % 200) * 0.25;
    out[i].dst = static_cast<LpId>(rng() % 4);
    out[i].src = static_cast<LpId>(rng() % 4);
    out[i].seq = seqs[i];
    out[i].kind = static_cast<std::uint32_t>(rng() % 3);
    out[i].a = 0;
    out[i].b = i;
  }
  return out;
}

Event ev(SimTime t, LpId dst, LpId src, std::uint64_t seq) {
  return Event{t, dst, src, seq, 0, 0, 0};
}

TEST(event_heap, pops_in_global_order) {
  const std::vector<Event> events = tied_events(100000, 42);
  std::vector<Event> sorted = events;
  std::sort(sorted.begin(), sorted.end(), global_order_less);

  GlobalHeap heap;
  for (const Event& e : events) heap.push(e);
  ASSERT_EQ(heap.size(), events.size());
  std::size_t mismatches = 0, first_bad = sorted.size();
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    const Event got = heap.pop();
    if (!same_event(got, sorted[i]) && mismatches++ == 0) first_bad = i;
  }
  EXPECT_EQ(mismatches, 0u) << "first wrong pop at position " << first_bad;
  EXPECT_TRUE(heap.empty());
}

TEST(event_heap, interleaved_pushes_and_pops_match_an_ordered_set) {
  // Pushes and pops in random proportion (the engine's pattern: an event pushed while others are
  // pending may be earlier than some of them); every pop must be the least pending event.
  const std::vector<Event> events = tied_events(100000, 7);
  std::set<Event, bool (*)(const Event&, const Event&)> pending(&global_order_less);
  GlobalHeap heap;
  std::mt19937_64 rng(99);
  std::size_t next = 0, mismatches = 0, pops = 0;
  while (next < events.size() || !pending.empty()) {
    const bool push = next < events.size() && (pending.empty() || rng() % 3 != 0);
    if (push) {
      heap.push(events[next]);
      pending.insert(events[next]);
      ++next;
    } else {
      const Event got = heap.pop();
      if (!same_event(got, *pending.begin())) ++mismatches;
      pending.erase(pending.begin());
      ++pops;
    }
    if (heap.size() != pending.size()) {
      ADD_FAILURE() << "size " << heap.size() << " != " << pending.size();
      break;
    }
  }
  EXPECT_EQ(pops, events.size());
  EXPECT_EQ(mismatches, 0u);
  EXPECT_TRUE(heap.empty());
}

TEST(event_heap, ties_are_broken_by_dst_then_src_then_seq) {
  // All at t = 5 except one earlier and one later event; pushed in an order unrelated to the key.
  const std::vector<Event> expected = {
      ev(4.0, 9, 9, 9),  // time first, whatever dst/src/seq
      ev(5.0, 0, 2, 0), ev(5.0, 1, 0, 7), ev(5.0, 1, 1, 0), ev(5.0, 1, 1, 1),
      ev(5.0, 1, 1, 2), ev(5.0, 1, 3, 0), ev(5.0, 2, 0, 0), ev(6.0, 0, 0, 0),
  };
  for (const std::vector<std::size_t>& order :
       {std::vector<std::size_t>{8, 7, 6, 5, 4, 3, 2, 1, 0},
        std::vector<std::size_t>{4, 0, 7, 2, 8, 5, 1, 6, 3}}) {
    GlobalHeap heap;
    for (std::size_t i : order) heap.push(expected[i]);
    for (std::size_t i = 0; i < expected.size(); ++i) {
      const Event got = heap.pop();
      EXPECT_TRUE(same_event(got, expected[i]))
          << "pop " << i << ": got (" << got.time << ", " << got.dst << ", " << got.src << ", "
          << got.seq << ")";
    }
  }
}

TEST(event_heap, lp_order_heap_ignores_dst) {
  // The per-LP order is (time, src, seq): a heap under lp_order_less must not look at dst.
  LocalHeap heap;
  heap.push(ev(1.0, 0, 2, 0));
  heap.push(ev(1.0, 5, 1, 3));
  heap.push(ev(1.0, 9, 1, 2));
  EXPECT_EQ(heap.pop().dst, 9u);  // (1, src 1, seq 2)
  EXPECT_EQ(heap.pop().dst, 5u);  // (1, src 1, seq 3)
  EXPECT_EQ(heap.pop().dst, 0u);  // (1, src 2, seq 0)
}

TEST(event_heap, allocation_counter_sees_growth) {
  // Guards the next test: without a reservation, growing the heap must show up as allocations.
  const std::vector<Event> events = tied_events(1000, 3);
  GlobalHeap heap;
  const std::uint64_t before = g_allocations.load();
  for (const Event& e : events) heap.push(e);
  EXPECT_GT(g_allocations.load(), before);
}

TEST(event_heap, never_allocates_in_steady_state) {
  // The capacity is not observable, so the test counts calls of operator new instead: after
  // reserve(n), or after one cycle that reached n pending events, cycles of the same size must
  // not allocate at all.
  const std::size_t n = 4096;
  const std::vector<Event> events = tied_events(n, 11);

  GlobalHeap reserved;
  reserved.reserve(n);
  GlobalHeap grown;
  for (const Event& e : events) grown.push(e);  // grows once, up to the peak
  while (!grown.empty()) grown.pop();

  const std::uint64_t before = g_allocations.load();
  for (int cycle = 0; cycle < 20; ++cycle) {
    for (GlobalHeap* heap : {&reserved, &grown}) {
      // Half filled, half drained, refilled to the peak, drained: the engine's pattern.
      for (std::size_t i = 0; i < n / 2; ++i) heap->push(events[i]);
      for (std::size_t i = 0; i < n / 4; ++i) heap->pop();
      for (std::size_t i = n / 2; i < n; ++i) heap->push(events[i]);
      for (std::size_t i = 0; i < n / 4; ++i) heap->push(events[i]);
      while (!heap->empty()) heap->pop();
    }
  }
  const std::uint64_t during = g_allocations.load() - before;
  EXPECT_EQ(during, 0u);
}

}  // namespace
}  // namespace gridplan::kernel
