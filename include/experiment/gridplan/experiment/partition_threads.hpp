// The threads on which the parallel engine runs a round's partitions: TBB's, so that a run's
// threads nest in a sweep's task arena instead of adding threads of their own.
#pragma once

#include "gridplan/kernel/parallel_engine.hpp"

namespace gridplan::experiment {

/// Runs a round's partitions on at most `threads` of TBB's threads (1: one after the other).
kernel::ForEachPartition partitions_on_threads(int threads);

}  // namespace gridplan::experiment
