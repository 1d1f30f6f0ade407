// RunSlots: sweep runs enqueued on a task arena with no slot for the caller, results handed back
// under a mutex; a run's exception becomes its result's message, never an escaping throw.
#include "run_slots.hpp"

#include <exception>

#include "gridplan/experiment/sweep_executor.hpp"

namespace gridplan::experiment {

RunSlots::RunSlots(const SweepPlan& plan, int threads, std::string engine)
    : plan_(plan),
      threads_(threads),
      engine_(std::move(engine)),
      workers_(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads) + 1),
      arena_(threads, 0) {}

RunSlots::~RunSlots() {
  std::unique_lock<std::mutex> lock(mutex_);
  idle_.wait(lock, [this] { return running_ == 0; });
}

void RunSlots::start(std::size_t run) {
  ++held_;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++running_;
  }
  arena_.enqueue([this, run] {
    SlotResult result;
    result.run = run;
    try {
      result.tables = execute_sweep_run(plan_, run, engine_);
    } catch (const std::exception& e) {
      result.error = e.what();
    } catch (...) {
      result.error = "unknown exception";
    }
    std::lock_guard<std::mutex> lock(mutex_);
    finished_.push_back(std::move(result));
    --running_;
    idle_.notify_all();
  });
}

bool RunSlots::take(SlotResult& result) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (finished_.empty()) return false;
  result = std::move(finished_.front());
  finished_.pop_front();
  --held_;
  return true;
}

}  // namespace gridplan::experiment
