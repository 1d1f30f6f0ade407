// A sweep on one process's threads: a TBB pipeline that launches runs in order, runs them in
// parallel and commits them in run order, so the parts appear as an in-order prefix.
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <memory>

#include "gridplan/experiment/sweep_executor.hpp"

namespace gridplan::experiment {

namespace {

/// A finished run on its way to the writer.
struct Finished {
  std::size_t run = 0;
  std::vector<kernel::Table> tables;
};

}  // namespace

RunExecutor thread_executor(int threads, std::string engine) {
  return [threads, engine](const SweepPlan& plan, RunQueue& queue, RunCommitter& committer) {
    // Two tokens per thread: a run that finishes before an earlier one waits for the writer
    // without idling its thread. Every finished run awaiting the writer holds only its tables.
    const std::size_t tokens = 2 * static_cast<std::size_t>(threads);
    auto launch = [&queue](tbb::flow_control& control) -> std::size_t {
      std::size_t run = 0;
      if (!queue.next(run)) control.stop();
      return run;
    };
    auto compute = [&plan, &engine](std::size_t run) {
      return std::make_shared<Finished>(Finished{run, execute_sweep_run(plan, run, engine)});
    };
    auto commit = [&committer](const std::shared_ptr<Finished>& finished) {
      committer.commit(finished->run, finished->tables);
    };
    tbb::task_arena arena(threads);
    arena.execute([&] {
      tbb::parallel_pipeline(
          tokens, tbb::make_filter<void, std::size_t>(tbb::filter_mode::serial_in_order, launch) &
                      tbb::make_filter<std::size_t, std::shared_ptr<Finished>>(
                          tbb::filter_mode::parallel, compute) &
                      tbb::make_filter<std::shared_ptr<Finished>, void>(
                          tbb::filter_mode::serial_in_order, commit));
    });
  };
}

}  // namespace gridplan::experiment
