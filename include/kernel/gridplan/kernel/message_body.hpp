// Message bodies: what a message carries beyond an event's two small fields (a case's record,
// for instance). The sender's copy goes into a store slot when the message is sent and the
// receiver takes it out, so a body belongs to exactly one LP or to the message in flight, and
// the event itself stays a small POD for the engines' heaps.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <vector>

namespace gridplan::kernel {

/// Bodies of the messages in flight, in fixed-size slots with a free list. Slots never move, so
/// a receiver reads a body in place while it handles the message (and may send others). One
/// store per run, shared by the run's contexts: engines that run LPs on one thread at a time
/// need no lock.
class BodyStore {
 public:
  static constexpr std::size_t kMaxBytes = 192;

  template <class Body>
  static constexpr void check_body() {
    static_assert(std::is_trivially_copyable_v<Body>, "a message body is copied as bytes");
    static_assert(sizeof(Body) <= kMaxBytes, "a message body must fit a store slot");
  }

  /// Stores a copy of `body`; returns its ticket.
  template <class Body>
  std::uint64_t put(const Body& body) {
    check_body<Body>();
    const std::uint64_t ticket = claim();
    std::memcpy(slot(ticket).bytes, &body, sizeof(Body));
    return ticket;
  }

  /// Stores a Body built in place from `args` (aggregate initialisation: no copy made first).
  template <class Body, class... Args>
  std::uint64_t emplace(Args&&... args) {
    check_body<Body>();
    const std::uint64_t ticket = claim();
    ::new (static_cast<void*>(slot(ticket).bytes)) Body{std::forward<Args>(args)...};
    return ticket;
  }

  /// The body in place, valid until release(ticket).
  template <class Body>
  const Body& view(std::uint64_t ticket) const {
    check_body<Body>();
    if (ticket >= size_) throw std::logic_error("a message body that was never sent");
    return *std::launder(reinterpret_cast<const Body*>(slot(ticket).bytes));
  }
  /// Frees a body's slot; the ticket is void afterwards.
  void release(std::uint64_t ticket) { free_.push_back(ticket); }

  /// Takes the body out (a copy), and frees its slot.
  template <class Body>
  Body take(std::uint64_t ticket) {
    Body body = view<Body>(ticket);
    release(ticket);
    return body;
  }

  /// A body as bytes, for an engine that moves it between stores (one per partition).
  struct Bytes {
    alignas(std::max_align_t) std::byte bytes[kMaxBytes];
  };
  /// Takes a body out as bytes, and frees its slot.
  Bytes take_bytes(std::uint64_t ticket) {
    if (ticket >= size_) throw std::logic_error("a message body that was never sent");
    Bytes out;
    std::memcpy(out.bytes, slot(ticket).bytes, kMaxBytes);
    release(ticket);
    return out;
  }
  /// Stores a body taken from another store; returns its ticket here.
  std::uint64_t put_bytes(const Bytes& body) {
    const std::uint64_t ticket = claim();
    std::memcpy(slot(ticket).bytes, body.bytes, kMaxBytes);
    return ticket;
  }

  /// Bodies stored and not yet taken.
  std::size_t in_flight() const { return size_ - free_.size(); }

 private:
  using Slot = Bytes;
  static constexpr std::uint64_t kChunk = 1024;  // slots per chunk; chunks never move
  std::uint64_t claim() {
    if (!free_.empty()) {
      const std::uint64_t ticket = free_.back();
      free_.pop_back();
      return ticket;
    }
    if ((size_ & (kChunk - 1)) == 0) chunks_.push_back(std::make_unique<Slot[]>(kChunk));
    return size_++;
  }
  Slot& slot(std::uint64_t ticket) const { return chunks_[ticket / kChunk][ticket % kChunk]; }
  std::vector<std::unique_ptr<Slot[]>> chunks_;
  std::uint64_t size_ = 0;
  std::vector<std::uint64_t> free_;
};

}  // namespace gridplan::kernel
