// partitions_on_threads: a TBB arena of the asked size, one task per partition and round.
#include "gridplan/experiment/partition_threads.hpp"

#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cstddef>
#include <functional>
#include <memory>

namespace gridplan::experiment {

kernel::ForEachPartition partitions_on_threads(int threads) {
  if (threads <= 1) return {};
  // More threads than cores would only wait for each other (and TBB warns of the workers it
  // cannot start); results do not depend on the count.
  threads = std::min(threads, tbb::info::default_concurrency());
  // Shared by the copies of the returned function; created once, not every round.
  auto arena = std::make_shared<tbb::task_arena>(threads);
  return [arena](std::size_t n, const std::function<void(std::size_t)>& body) {
    arena->execute([&] { tbb::parallel_for(std::size_t{0}, n, [&](std::size_t p) { body(p); }); });
  };
}

}  // namespace gridplan::experiment
