// Stop signals (issue 12, item 4): SIGINT, SIGTERM and SIGHUP, rotating, at random moments (fixed
// seed) of `run --days 60` (also with --trace), `sweep --replications 4 --days 20 --threads 2`,
// `export-events --days 60`, `run --replay LOG --days 60` and `staff --pool operators` (20 days).
// Each command is first run once unsignalled to measure how long it runs after installing its
// handlers; the delays span 0 to 1.2 times that. A signal is sent only once /proc/PID/status
// "SigCgt:" shows the program's handler for it. The contract: exit 128 + the signal with one
// `gridplan: error:` line (or 0 if the command had finished, its output whole), never killed by the
// signal, the inputs unchanged, no temporary left; an interrupted sweep completes with --resume. A
// second signal soon after the first (the "get out now" path) must keep the same contract.
#include <signal.h>

#include <random>

#include "hostile/hostile_support.hpp"

namespace {

using namespace gridplan::hostile;

constexpr std::uint64_t kSeed = 0x516a1'0000'2023ULL;
constexpr double kTimeout = 120;  // a command takes at most about 1 s (3 s under ASan)
constexpr double kHandlerTimeout = 30;
const int kSignals[] = {SIGINT, SIGTERM, SIGHUP};

const char* signal_name(int sig) {
  return sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : sig == SIGHUP ? "SIGHUP" : "?";
}

/// A command under test.
struct Command {
  std::string name;
  std::vector<std::string> inputs;  ///< shared files copied into each case
  std::vector<std::string> args;
  std::string out;
  int trials;
  bool sweep = false;
  bool export_log = false;
  bool alternate_skip_bad_rows = false;  ///< odd trials add --skip-bad-rows (replay)
  std::string plan = {};                 ///< a second output: the plan scenario (staff)
};

std::vector<Command> commands() {
  return {
      {"run",
       {"s.toml"},
       {"run", "s.toml", "--days", "60", "--quiet", "--out", "out.h5"},
       "out.h5",
       8},
      {"run-trace",
       {"s.toml"},
       {"run", "s.toml", "--days", "60", "--trace", "--quiet", "--out", "out.h5"},
       "out.h5",
       4},
      {"sweep",
       {"s.toml"},
       {"sweep", "s.toml", "--replications", "4", "--days", "20", "--threads", "2", "--quiet",
        "--out", "out.h5"},
       "out.h5",
       8,
       true},
      {"export-events",
       {"s.toml"},
       {"export-events", "s.toml", "--days", "60", "--quiet", "--out", "out.csv"},
       "out.csv",
       8,
       false,
       true},
      {"replay",
       {"s.toml", "log60.csv"},
       {"run", "s.toml", "--days", "60", "--replay", "log60.csv", "--quiet", "--out", "out.h5"},
       "out.h5",
       8,
       false,
       false,
       true},
      // A staffing search: many whole-model runs in parallel, then the plans file and the plan.
      // 10 days: the search's steps are what matter (20 took 164 s of CI under the sanitizers).
      {"staff",
       {"s.toml"},
       {"staff", "s.toml", "--pool", "operators", "--target", "filing_wait_p95 <= 10min each hour",
        "--set", "scenario.days=10", "--quiet", "--out", "out.h5"},
       "out.h5",
       6,
       false,
       false,
       false,
       "out.toml"},
  };
}

const std::string kRejectedHeader = "time_s,source,category,grid,line,reason";

class SignalTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    shared_ = new SharedFiles("signal_shared");
    fs::copy_file(baseline_scenario(), shared_->path("s.toml"));
  }
  static void TearDownTestSuite() {
    delete shared_;
    shared_ = nullptr;
  }

  static Case make_case(Workspace& ws, const std::string& name, const Command& cmd) {
    Case c(ws, name);
    for (const std::string& input : cmd.inputs) {
      if (input == "log60.csv" && !fs::exists(shared_->path(input)))
        shared_->gridplan(
            {"export-events", "s.toml", "--days", "60", "--quiet", "--out", "log60.csv"});
      c.copy_input(input, shared_->path(input));
    }
    return c;
  }

  /// Files a command may leave besides its inputs: after exit 0 its outputs; after a stop
  /// also a sweep's parts.
  static std::function<bool(const std::string&)> parts_ok(const Command& cmd, bool stopped) {
    const std::string parts = cmd.out + ".parts";
    return [parts, stopped, sweep = cmd.sweep](const std::string& rel) {
      if (!sweep || !stopped) return false;
      if (rel == parts || rel == parts + "/.lock") return true;
      const std::string prefix = parts + "/run-";
      return rel.rfind(prefix, 0) == 0 && rel.size() == prefix.size() + 9 &&
             rel.compare(rel.size() - 3, 3, ".h5") == 0;
    };
  }

  /// Checks that what the command left is whole: the result file (if `required` or present),
  /// the exported log equal to the unsignalled one, the rejected rows only a header.
  static void check_outputs(Case& c, const Command& cmd, bool required,
                            std::vector<std::string>& found) {
    const Entry out = inspect(c.path(cmd.out));
    if (out.kind == '-') {
      if (required) found.push_back("exit 0 but there is no " + cmd.out);
    } else if (cmd.export_log) {
      if (!(out == reference_log_))
        found.push_back("the exported log " + cmd.out + " is not the whole log: it is " +
                        out.describe() + ", the unsignalled export " + reference_log_.describe());
    } else {
      const std::string bad = c.result_file_problem(cmd.out);
      if (!bad.empty()) found.push_back(bad);
    }
    if (!cmd.plan.empty() && inspect(c.path(cmd.plan)).kind != '-') {
      const Outcome check = c.run({"check", cmd.plan}, kTimeout);
      if (!check.exited() || check.exit_code != 0)
        found.push_back("the plan " + cmd.plan + " is not whole: `gridplan check` gave " +
                        check.status() + ": " + printable(first_line(check.err), 200));
    }
    const Entry rejected = inspect(c.path("log60.rejected.csv"));
    if (rejected.kind != '-' && read_file(c.path("log60.rejected.csv")) != kRejectedHeader + "\n")
      found.push_back("log60.rejected.csv is not whole (a header and no row): " +
                      printable(read_file(c.path("log60.rejected.csv")), 120));
  }

  /// The unsignalled run of `cmd`: it must succeed; returns its seconds after the handlers were
  /// in place (0 if it failed).
  double calibrate(Workspace& ws, const Command& cmd) {
    Case c = make_case(ws, "calibrate", cmd);
    c.guard_all();
    std::unique_ptr<Child> child = c.start(cmd.args);
    double ready = 0;
    if (child->wait_for_handler(SIGTERM, kHandlerTimeout)) ready = monotonic_seconds();
    const Outcome o = child->wait(kTimeout);
    const double seconds = ready > 0 ? monotonic_seconds() - ready : o.seconds;
    std::set<std::string> outputs{cmd.out};
    if (!cmd.plan.empty()) outputs.insert(cmd.plan);
    std::vector<std::string> found = c.problems(o, {0}, outputs);
    if (cmd.export_log) reference_log_ = inspect(c.path(cmd.out));
    if (o.exited() && o.exit_code == 0 && !cmd.export_log) {
      const std::string bad = c.result_file_problem(cmd.out);
      if (!bad.empty()) found.push_back(bad);
    }
    if (!found.empty()) {
      ADD_FAILURE() << cmd.name << ": the unsignalled command must succeed\n  " << o.describe()
                    << bullet_list(found);
      return 0;
    }
    c.discard();
    return seconds;
  }

  /// Runs the trials of `cmd`; with `twice` a second signal follows the first after 1-20 ms.
  void run_trials(const std::string& test_name, const Command& cmd, int trials, bool twice,
                  std::uint64_t seed) {
    Workspace ws(test_name);
    const double duration = calibrate(ws, cmd);
    ASSERT_GT(duration, 0) << "cannot time " << cmd.name;
    for (int t = 0; t < trials; ++t) {
      const std::uint64_t trial_seed = seed + static_cast<std::uint64_t>(t) * 0x9E3779B97F4A7C15ULL;
      std::mt19937_64 rng(trial_seed);
      const int sig = kSignals[(t + static_cast<int>(seed % 3)) % 3];
      const double delay =
          std::uniform_real_distribution<double>(0, (twice ? 0.6 : 1.2) * duration)(rng);
      const double second_delay = std::uniform_real_distribution<double>(0.001, 0.02)(rng);
      std::vector<std::string> args = cmd.args;
      const bool skip = cmd.alternate_skip_bad_rows && t % 2 == 1;
      if (skip) args.push_back("--skip-bad-rows");

      char name[32];
      std::snprintf(name, sizeof name, "trial%02d", t);
      Case c = make_case(ws, name, cmd);
      c.guard_all();
      std::unique_ptr<Child> child = c.start(args);
      std::string sent = "not sent: ";
      std::vector<std::string> found;
      if (!child->wait_for_handler(sig, kHandlerTimeout)) {
        if (!child->poll())
          found.push_back(std::string("no handler for ") + signal_name(sig) + " after " +
                          std::to_string(static_cast<int>(kHandlerTimeout)) +
                          " s (/proc/PID/status SigCgt)");
        sent += "the program ended before its handler was seen";
      } else {
        sleep_seconds(delay);
        if (child->poll()) {
          sent += "the program had ended";
        } else {
          ::kill(child->pid(), sig);
          sent = std::string(signal_name(sig)) + " sent";
          if (twice) {
            sleep_seconds(second_delay);
            if (!child->poll()) {
              ::kill(child->pid(), sig);
              sent += ", then again " + std::to_string(static_cast<int>(second_delay * 1000)) +
                      " ms later";
            }
          }
        }
      }
      const Outcome o = child->wait(kTimeout);
      const bool finished = o.exited() && o.exit_code == 0;
      const bool stopped = o.exited() && o.exit_code == 128 + sig;
      std::set<std::string> outputs{cmd.out};
      if (!cmd.plan.empty()) outputs.insert(cmd.plan);
      if (skip) outputs.insert("log60.rejected.csv");
      for (const std::string& p : c.problems(o, {0, 128 + sig}, outputs, parts_ok(cmd, stopped)))
        found.push_back(p);
      if (finished || stopped) check_outputs(c, cmd, finished, found);

      // An interrupted sweep completes with --resume.
      std::string resumed;
      if (cmd.sweep && stopped) {
        std::vector<std::string> resume_args = args;
        resume_args.push_back("--resume");
        const Outcome r = c.run(resume_args, kTimeout);
        resumed = "\n  then " + r.describe();
        for (const std::string& p : c.problems(r, {0}, outputs))
          found.push_back("after --resume: " + p);
        if (r.exited() && r.exit_code == 0) {
          std::vector<std::string> more;
          check_outputs(c, cmd, true, more);
          for (const std::string& p : more) found.push_back("after --resume: " + p);
        }
      }
      if (verbose())
        std::cerr << "[hostile] " << cmd.name << " trial " << t << ": " << sent << " after "
                  << delay << " s -> " << o.status() << " " << printable(first_line(o.err), 100)
                  << "\n";
      if (found.empty()) {
        c.discard();
        continue;
      }
      char when[64];
      std::snprintf(when, sizeof when, "%.4f s (of about %.3f s)", delay, duration);
      ADD_FAILURE() << cmd.name << " trial " << t << " of " << trials << " (seed 0x" << std::hex
                    << trial_seed << std::dec << "): " << sent << " " << when
                    << " after its handler was in place" << (skip ? ", with --skip-bad-rows" : "")
                    << "\n  " << o.describe() << resumed << bullet_list(found);
    }
  }

  static SharedFiles* shared_;
  static Entry reference_log_;
};

SharedFiles* SignalTest::shared_ = nullptr;
Entry SignalTest::reference_log_;

TEST_F(SignalTest, run) {
  const Command cmd = commands()[0];
  run_trials("signal_run", cmd, cmd.trials, false, kSeed + 1);
}

TEST_F(SignalTest, run_with_trace) {
  const Command cmd = commands()[1];
  run_trials("signal_run_trace", cmd, cmd.trials, false, kSeed + 2);
}

TEST_F(SignalTest, sweep_then_resume) {
  const Command cmd = commands()[2];
  run_trials("signal_sweep", cmd, cmd.trials, false, kSeed + 3);
}

TEST_F(SignalTest, export_events) {
  const Command cmd = commands()[3];
  run_trials("signal_export", cmd, cmd.trials, false, kSeed + 4);
}

TEST_F(SignalTest, replay) {
  const Command cmd = commands()[4];
  run_trials("signal_replay", cmd, cmd.trials, false, kSeed + 5);
}

TEST_F(SignalTest, staff) {
  const Command cmd = commands()[5];
  run_trials("signal_staff", cmd, cmd.trials, false, kSeed + 9);
}

// A second signal ends the program at once: still an exit code and a message, nothing half
// written, and the sweep still completes with --resume.
TEST_F(SignalTest, second_signal_run) {
  run_trials("signal_twice_run", commands()[0], 3, true, kSeed + 6);
}

TEST_F(SignalTest, second_signal_sweep) {
  run_trials("signal_twice_sweep", commands()[2], 3, true, kSeed + 7);
}

TEST_F(SignalTest, second_signal_export_events) {
  run_trials("signal_twice_export", commands()[3], 3, true, kSeed + 8);
}

}  // namespace
