// What every sweep executor shares: the queue of runs to start, the committer that writes each
// finished run as its part, and one sweep run tagged with its point.
#include "gridplan/experiment/sweep_executor.hpp"

#include "gridplan/experiment/run.hpp"

namespace gridplan::experiment {

RunQueue::RunQueue(std::vector<std::size_t> todo, std::size_t limit,
                   std::function<bool()> stop_requested)
    : todo_(std::move(todo)), stop_requested_(std::move(stop_requested)) {
  limit_ = limit > 0 && limit < todo_.size() ? limit : todo_.size();
}

bool RunQueue::next(std::size_t& run) {
  if (exhausted() || (stop_requested_ && stop_requested_())) return false;
  run = todo_[next_++];
  return true;
}

RunCommitter::RunCommitter(const SweepParts& parts, const io::Provenance& provenance,
                           SweepProgress& progress,
                           std::function<void(const SweepProgress&)> on_run_done)
    : parts_(parts),
      provenance_(provenance),
      progress_(progress),
      on_run_done_(std::move(on_run_done)) {}

void RunCommitter::commit(std::size_t run, const std::vector<kernel::Table>& tables) {
  parts_.write(run, provenance_, tables);
  adopt(run);
}

void RunCommitter::adopt(std::size_t) {
  ++committed_;
  ++progress_.done;
  if (on_run_done_) on_run_done_(progress_);
}

std::vector<kernel::Table> execute_sweep_run(const SweepPlan& plan, std::size_t run,
                                             const std::string& engine) {
  const std::size_t point = plan.point_of(run);
  RunRequest request;
  request.scenario = plan.points[point].scenario;
  request.run_id = run;
  request.replication = plan.replication_of(run);
  request.engine = engine;
  request.replay = plan.points[point].log;
  std::vector<kernel::Table> tables = run_scenario(request).tables;
  for (kernel::Table& t : tables) {
    if (t.name != "runs") continue;
    t.add_i64("point", "", "parameter point (row of /points; sweeps only)")
        .i64.push_back(static_cast<std::int64_t>(point));
    t.add_str("parameters", "the point's swept values, key=value, ... (sweeps only)")
        .str.push_back(plan.points[point].label);
  }
  return tables;
}

}  // namespace gridplan::experiment
