// Counter-based random numbers (Random123 Philox4x64-10): a draw is a pure function of
// (seed, replication, purpose, entity, index), so results never depend on event order across
// LPs, on threads or on the engine, and two scenarios see the same draws for the same purpose.
#pragma once

#include <array>
#include <cstdint>

namespace gridplan::kernel {

/// The key of one run's random numbers: (seed, replication). A replication is a run number,
/// not a new seed.
class RandomKey {
 public:
  RandomKey(std::uint64_t seed, std::uint64_t replication)
      : seed_(seed), replication_(replication) {}
  std::uint64_t seed() const { return seed_; }
  std::uint64_t replication() const { return replication_; }
  /// The 256 random bits at counter (purpose, entity, index).
  std::array<std::uint64_t, 4> block(std::uint32_t purpose, std::uint64_t entity,
                                     std::uint64_t index) const;
  /// One uniform in (0, 1) at counter (purpose, entity, index), from the block's first word.
  double uniform(std::uint32_t purpose, std::uint64_t entity, std::uint64_t index) const;

 private:
  std::uint64_t seed_;
  std::uint64_t replication_;
};

/// Maps 64 random bits to a double in the open interval (0, 1). 52 bits, so that k + 0.5 is
/// exact for every k and the largest value stays below 1.
inline double to_unit_open(std::uint64_t bits) {
  return (static_cast<double>(bits >> 12) + 0.5) * 0x1.0p-52;
}

/// A sequence of uniforms for one (purpose, entity), e.g. an arrival process. Copyable state:
/// the draw index; four uniforms come from each Philox block.
class RandomStream {
 public:
  RandomStream(const RandomKey& key, std::uint32_t purpose, std::uint64_t entity)
      : key_(key), purpose_(purpose), entity_(entity) {}
  /// Next uniform in (0, 1).
  double uniform() {
    if (used_ == 4) {
      buffer_ = key_.block(purpose_, entity_, index_++);
      used_ = 0;
    }
    return to_unit_open(buffer_[used_++]);
  }
  /// Number of uniforms drawn so far.
  std::uint64_t draws() const { return index_ * 4 - (4 - used_); }

 private:
  RandomKey key_;
  std::uint32_t purpose_;
  std::uint64_t entity_;
  std::uint64_t index_ = 0;
  std::array<std::uint64_t, 4> buffer_{};
  unsigned used_ = 4;
};

}  // namespace gridplan::kernel
