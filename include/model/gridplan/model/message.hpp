// Typed messages between the model's LPs. Each LP declares the messages it accepts, as structs,
// in its own header and lists them in its Inbox; a message's kind is its place in the receiver's
// Inbox, tagged with the receiver's kind of LP, so the kernel sees only numbers and an LP that
// receives a message it does not accept stops the run naming itself and the message.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

#include "gridplan/kernel/logical_process.hpp"
#include "gridplan/model/case_record.hpp"

namespace gridplan::model {

namespace message_detail {

constexpr std::uint32_t tag_of(std::string_view lp_kind) {
  std::uint32_t h = 2166136261u;  // FNV-1a, folded to 15 bits
  for (char c : lp_kind) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  return ((h >> 15) ^ h) & 0x7fffu;
}

/// A message of at most 12 bytes travels in the event's fields (bytes 0-3 in a, 4-11 in b).
template <class M>
inline constexpr bool kSmall = std::is_trivially_copyable_v<M> && sizeof(M) <= 12;

/// Writes a small message into an event's fields; unpack() reads it back.
template <class T>
void pack(const T& m, std::uint32_t& a, std::uint64_t& b) {
  static_assert(kSmall<T>, "only a message of at most 12 bytes fits an event's fields");
  unsigned char bytes[12] = {};
  std::memcpy(bytes, &m, sizeof(T));
  std::memcpy(&a, bytes, 4);
  std::memcpy(&b, bytes + 4, 8);
}
template <class T>
T unpack(std::uint32_t a, std::uint64_t b) {
  unsigned char bytes[12];
  std::memcpy(bytes, &a, 4);
  std::memcpy(bytes + 4, &b, 8);
  T m;
  std::memcpy(&m, bytes, sizeof(T));
  return m;
}

/// Schedules a small message at `at` under the kind its host LP gave it: for a unit (a staff
/// pool, a mediation centre) that does not know its host's Inbox.
template <class T>
void schedule_at(kernel::Context& ctx, kernel::SimTime at, std::uint32_t kind, const T& m) {
  std::uint32_t a;
  std::uint64_t b;
  pack(m, a, b);
  ctx.schedule_at(at, kind, a, b);
}

/// Names of the messages of every Inbox used so far, by tag, for error messages.
void register_inbox(std::uint32_t tag, std::string_view lp_kind, const std::string_view* names,
                    std::size_t n);
/// "ToWorker (a message for street LPs)" or "kind 0x..." if no Inbox has that tag.
std::string describe_kind(std::uint32_t kind);

}  // namespace message_detail

/// The messages an LP of kind `LpKind` accepts. Each message type M has
/// `static constexpr std::string_view kName`.
template <const char* LpKind, class... M>
class Inbox {
 public:
  static constexpr std::uint32_t kTag = message_detail::tag_of(LpKind);

  /// The event kind of message T at this LP.
  template <class T>
  static constexpr std::uint32_t kind_of() {
    static_assert((std::is_same_v<T, M> || ...), "not a message this LP accepts");
    constexpr std::array<bool, sizeof...(M)> same{std::is_same_v<T, M>...};
    std::uint32_t index = 0;
    while (!same[index]) ++index;
    return kTag << 16 | (index + 1);
  }

  /// Sends `m` to LP `dst`, which must be an LP of this kind.
  template <class T>
  static void send(kernel::Context& ctx, kernel::LpId dst, kernel::SimTime delay, const T& m) {
    register_names();
    constexpr std::uint32_t kind = kind_of<T>();
    if constexpr (message_detail::kSmall<T>) {
      std::uint32_t a = 0;
      std::uint64_t b = 0;
      message_detail::pack(m, a, b);
      ctx.send(dst, delay, kind, a, b);
    } else {
      ctx.send_body(dst, delay, kind, 0, m);
    }
  }
  /// Hands on the case at `slot` of `cases` to LP `dst` as the body of a T built in place from
  /// the record and `rest` (T's first member is the record: it is copied once), and frees the
  /// slot.
  template <class T, class... Rest>
  static void hand_on(kernel::Context& ctx, kernel::LpId dst, kernel::SimTime delay,
                      CaseTable& cases, std::uint32_t slot, Rest&&... rest) {
    register_names();
    ctx.send_body_emplace<T>(dst, delay, kind_of<T>(), 0, cases[slot], std::forward<Rest>(rest)...);
    cases.release(slot);
  }
  /// Schedules `m` for this LP itself, `delay` seconds from now.
  template <class T>
  static void schedule(kernel::Context& ctx, kernel::SimTime delay, const T& m) {
    register_names();
    constexpr std::uint32_t kind = kind_of<T>();
    if constexpr (message_detail::kSmall<T>) {
      std::uint32_t a = 0;
      std::uint64_t b = 0;
      message_detail::pack(m, a, b);
      ctx.schedule(delay, kind, a, b);
    } else {
      ctx.schedule_body(delay, kind, 0, m);
    }
  }
  template <class T>
  static void schedule_at(kernel::Context& ctx, kernel::SimTime at, const T& m) {
    schedule(ctx, at - ctx.now(), m);
  }

  /// Calls lp.on(ctx, message) with the message `ev` carries; throws std::logic_error naming
  /// the LP and the message if this LP does not accept it.
  template <class Lp>
  static void dispatch(Lp& lp, kernel::Context& ctx, const kernel::Event& ev) {
    using Handler = void (*)(Lp&, kernel::Context&, const kernel::Event&);
    static constexpr std::array<Handler, sizeof...(M)> kHandlers{&invoke<Lp, M>...};
    const std::uint32_t kind = ev.kind & ~kernel::kBodyFlag;
    const std::uint32_t index = (kind & 0xffffu) - 1;
    if ((kind >> 16) != kTag || index >= kHandlers.size()) refuse(lp.name(), kind);
    kHandlers[index](lp, ctx, ev);
  }

  /// The message carried by `ev` (for an LP that received it some other way, e.g. at the end).
  template <class T>
  static T open(kernel::Context& ctx, const kernel::Event& ev) {
    if constexpr (message_detail::kSmall<T>) {
      return message_detail::unpack<T>(ev.a, ev.b);
    } else {
      return ctx.take_body<T>(ev);
    }
  }
  /// Whether `ev` carries a T.
  template <class T>
  static bool is(const kernel::Event& ev) {
    return (ev.kind & ~kernel::kBodyFlag) == kind_of<T>();
  }

 private:
  template <class Lp, class T>
  static void invoke(Lp& lp, kernel::Context& ctx, const kernel::Event& ev) {
    if constexpr (message_detail::kSmall<T>) {
      lp.on(ctx, message_detail::unpack<T>(ev.a, ev.b));
    } else {
      lp.on(ctx, ctx.view_body<T>(ev));  // read in place: a case's record is not copied twice
      ctx.release_body(ev);
    }
  }
  static void register_names() {
    static const bool once = [] {
      static constexpr std::array<std::string_view, sizeof...(M)> kNames{M::kName...};
      message_detail::register_inbox(kTag, LpKind, kNames.data(), kNames.size());
      return true;
    }();
    (void)once;
  }
  [[noreturn]] static void refuse(const std::string& lp, std::uint32_t kind) {
    throw std::logic_error("LP '" + lp + "' received " + message_detail::describe_kind(kind) +
                           ", which it does not accept");
  }
};

}  // namespace gridplan::model
