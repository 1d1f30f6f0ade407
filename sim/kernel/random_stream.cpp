// Philox4x64-10 from Random123 behind the RandomKey interface.
#include "gridplan/kernel/random_stream.hpp"

#include <Random123/philox.h>

namespace gridplan::kernel {

std::array<std::uint64_t, 4> RandomKey::block(std::uint32_t purpose, std::uint64_t entity,
                                              std::uint64_t index) const {
  r123::Philox4x64 rng;
  const r123::Philox4x64::key_type key = {{seed_, replication_}};
  const r123::Philox4x64::ctr_type ctr = {{static_cast<std::uint64_t>(purpose), entity, index, 0}};
  const auto out = rng(ctr, key);
  return {out.v[0], out.v[1], out.v[2], out.v[3]};
}

double RandomKey::uniform(std::uint32_t purpose, std::uint64_t entity, std::uint64_t index) const {
  return to_unit_open(block(purpose, entity, index)[0]);
}

}  // namespace gridplan::kernel
