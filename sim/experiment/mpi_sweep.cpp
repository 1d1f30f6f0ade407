// The MPI sweep: rank 0 runs a work queue (every request for work gets the next run id, so a slow
// run never holds up the others) and commits each result as a part; other ranks run and reply.
#include "gridplan/experiment/mpi_sweep.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <set>
#include <stdexcept>
#include <vector>

#include "gridplan/experiment/shard_merge.hpp"
#include "gridplan/experiment/table_codec.hpp"
#include "mpi_link.hpp"
#include "run_slots.hpp"

namespace gridplan::experiment {

namespace {

using mpi_link::Message;

/// The message rank 0 prints if mpirun stops the job (after a rank died, or when mpirun itself
/// is interrupted): which runs each rank held. The SIGTERM handler may only write(2), so the
/// text is kept ready in one of two fixed buffers, the other being rewritten.
class HeldReport {
 public:
  static void publish(const std::string& text) {
    const int next = 1 - current_.load();
    const std::size_t n = std::min(text.size(), sizeof text_[next]);
    text.copy(text_[next], n);
    length_[next].store(n);
    current_.store(next);
  }
  static void on_sigterm(int) {
    const int i = current_.load();
    [[maybe_unused]] const ssize_t written = write(STDERR_FILENO, text_[i], length_[i].load());
    signal(SIGTERM, SIG_DFL);
    raise(SIGTERM);
  }

 private:
  static inline char text_[2][16384];
  static inline std::atomic<std::size_t> length_[2];
  static inline std::atomic<int> current_{0};
};

/// Installs HeldReport's SIGTERM handler for its lifetime.
class SigtermReport {
 public:
  SigtermReport() {
    struct sigaction action {};
    action.sa_handler = HeldReport::on_sigterm;
    sigemptyset(&action.sa_mask);
    sigaction(SIGTERM, &action, &previous_);
  }
  ~SigtermReport() { sigaction(SIGTERM, &previous_, nullptr); }
  SigtermReport(const SigtermReport&) = delete;
  SigtermReport& operator=(const SigtermReport&) = delete;

 private:
  struct sigaction previous_ {};
};

/// A run that failed, and where.
struct Failure {
  std::size_t run = 0;
  int rank = 0;
  std::string message;
};

/// Rank 0's side of the work queue: its own slots, the other ranks' requests and results.
class Dispatcher {
 public:
  Dispatcher(MpiWorld& world, const SweepPlan& plan, RunQueue& queue, RunCommitter& committer,
             int threads, const std::string& engine,
             const std::function<void(const std::string&)>& on_notice)
      : world_(world),
        plan_(plan),
        queue_(queue),
        committer_(committer),
        slots_(plan, threads, engine),
        on_notice_(on_notice),
        held_(static_cast<std::size_t>(world.size())) {}

  /// Hands out every run, collects every result; returns once all ranks said goodbye. Throws
  /// only if communication (or writing a part) fails, leaving the other ranks waiting.
  void run() {
    publish();
    for (;;) {
      bool busy = false;
      std::size_t run = 0;
      while (slots_.has_free_slot() && next(run)) {
        slots_.start(run);
        held_[0].insert(run);
        busy = true;
      }
      SlotResult local;
      while (slots_.take(local)) {
        finish(0, local.run, local.tables, local.error);
        busy = true;
      }
      Message m;
      while (mpi_link::try_receive(MPI_ANY_SOURCE, m)) {
        handle(m);
        busy = true;
      }
      if (drained_ && slots_.held() == 0 && gone_count_ == world_.size() - 1) break;
      if (busy) publish();
      if (!busy) mpi_link::nap();
    }
  }

  /// The first run that failed, as an error message; empty if none did.
  std::string failure() const {
    if (!failure_) return "";
    return "run " + std::to_string(failure_->run) + " (point " +
           std::to_string(plan_.point_of(failure_->run)) + ") failed on rank " +
           std::to_string(failure_->rank) + ": " + failure_->message;
  }

  /// The runs each rank holds, for error messages: "rank 0: 4; rank 1: 5, 7".
  std::string held_runs() const {
    std::string text;
    for (std::size_t r = 0; r < held_.size(); ++r) {
      if (held_[r].empty()) continue;
      text += (text.empty() ? "" : "; ") + ("rank " + std::to_string(r) + ": ") +
              format_runs({held_[r].begin(), held_[r].end()});
    }
    return text.empty() ? "none" : text;
  }

 private:
  /// The next run to hand out; once there is none (all handed out, a failure, Ctrl-C), never.
  bool next(std::size_t& run) {
    if (!drained_ && (failure_ || !queue_.next(run))) drained_ = true;
    return !drained_;
  }

  void handle(const Message& m) {
    const auto rank = static_cast<std::size_t>(m.source);
    switch (m.tag) {
      case mpi_link::kIdle:
        break;
      case mpi_link::kResult: {
        const std::size_t run = mpi_link::run_of(m.payload);
        std::vector<kernel::Table> tables;
        std::string error;
        try {
          tables = decode_tables(mpi_link::rest_of(m.payload));
        } catch (const TableCodecError& e) {
          error = e.what();
        }
        finish(rank, run, tables, error);
        break;
      }
      case mpi_link::kFailed:
        finish(rank, mpi_link::run_of(m.payload), {}, mpi_link::rest_of(m.payload));
        break;
      case mpi_link::kBye:
        ++gone_count_;
        if (!m.payload.empty() && on_notice_) on_notice_(m.payload);
        return;  // a goodbye asks for nothing
      default:
        throw std::runtime_error("MPI: unexpected message " + std::to_string(m.tag) +
                                 " from rank " + std::to_string(rank));
    }
    std::size_t run = 0;
    if (next(run)) {
      held_[rank].insert(run);
      mpi_link::send(m.source, mpi_link::kRun, mpi_link::with_run(run));
    } else {
      mpi_link::send(m.source, mpi_link::kStop);
    }
  }

  /// A run came back from `rank`: committed as its part, or recorded as the failure.
  void finish(std::size_t rank, std::size_t run, const std::vector<kernel::Table>& tables,
              const std::string& error) {
    held_[rank].erase(run);
    if (!error.empty()) {
      if (!failure_) failure_ = Failure{run, static_cast<int>(rank), error};
      return;
    }
    committer_.commit(run, tables);
  }

  /// Refreshes the report printed if mpirun stops the job.
  void publish() const {
    HeldReport::publish(
        "gridplan: error: the MPI job is being stopped (a rank died, or mpirun was interrupted). "
        "Runs in flight, lost: " +
        held_runs() + ". " + std::to_string(committer_.committed()) +
        " runs of this invocation are committed in " + committer_.parts().directory() +
        ": repeat the same command with --resume to run only the missing runs\n");
  }

  MpiWorld& world_;
  const SweepPlan& plan_;
  RunQueue& queue_;
  RunCommitter& committer_;
  RunSlots slots_;
  const std::function<void(const std::string&)>& on_notice_;
  std::vector<std::set<std::size_t>> held_;  ///< runs handed out and not back, per rank
  int gone_count_ = 0;                       ///< ranks that said goodbye
  bool drained_ = false;
  std::optional<Failure> failure_;
};

/// Test hook: GRIDPLAN_TEST_MPI_KILL="R:N" makes rank R kill itself (SIGKILL, as a crashed node
/// would vanish) after sending N results; tests/experiment/mpi_sweep_test.cpp uses it.
int results_before_death(int rank) {
  const char* spec = std::getenv("GRIDPLAN_TEST_MPI_KILL");
  int victim = -1, after = 0;
  if (spec == nullptr || std::sscanf(spec, "%d:%d", &victim, &after) != 2 || victim != rank)
    return -1;
  return after;
}

}  // namespace

RunExecutor mpi_executor(MpiWorld& world, int threads, std::string engine,
                         std::function<void(const std::string&)> on_notice) {
  return [&world, threads, engine, on_notice](const SweepPlan& plan, RunQueue& queue,
                                              RunCommitter& committer) {
    SigtermReport report;
    Dispatcher dispatcher(world, plan, queue, committer, threads, engine, on_notice);
    try {
      dispatcher.run();
    } catch (const std::exception& e) {
      // The other ranks may wait for an answer that never comes: MpiWorld aborts the job.
      world.mark_broken();
      throw std::runtime_error(std::string(e.what()) +
                               "; runs in flight, lost: " + dispatcher.held_runs());
    }
    world.mark_released();
    if (const std::string failure = dispatcher.failure(); !failure.empty())
      throw std::runtime_error(failure);
  };
}

void mpi_worker(MpiWorld& world, const SweepPlan& plan, int threads, const std::string& engine) {
  RunSlots slots(plan, threads, engine);
  const int die_after = results_before_death(world.rank());
  int sent = 0;
  for (int i = 0; i < threads; ++i) mpi_link::send(0, mpi_link::kIdle);
  for (int open = threads; open > 0 || slots.held() > 0;) {
    bool busy = false;
    Message m;
    while (mpi_link::try_receive(0, m)) {
      if (m.tag == mpi_link::kRun)
        slots.start(mpi_link::run_of(m.payload));
      else if (m.tag == mpi_link::kStop)
        --open;
      busy = true;
    }
    SlotResult r;
    while (slots.take(r)) {
      if (r.error.empty())
        mpi_link::send(0, mpi_link::kResult, mpi_link::with_run(r.run, encode_tables(r.tables)));
      else
        mpi_link::send(0, mpi_link::kFailed, mpi_link::with_run(r.run, r.error));
      if (++sent == die_after) raise(SIGKILL);
      busy = true;
    }
    if (!busy) mpi_link::nap();
  }
  mpi_link::send(0, mpi_link::kBye);
}

}  // namespace gridplan::experiment
