// Hostile output paths (issue 12, item 3), for every command that writes a file:
//   - an input as the output (by name, another spelling, a symlink or a hard link; the scenario,
//     an included file, the replay log, a sweep file, result files): exit 2 naming the path, every
//     input byte-identical;
//   - --out onto a FIFO, /dev/null (in a private mount namespace whose /dev is a directory of the
//     case, so that a program that replaced it cannot break the machine's), a directory: refused;
//   - symlinks and directories planted at the plausible temporary names (with the program's pid):
//     never followed, the run succeeds (or, for directories, names the path in its way);
//   - --out "": exit 2, not silently the default path;
//   - two concurrent runs (both succeed), sweeps (one may be refused as "another gridplan is
//     writing") and exports to one --out: the file is whole.
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "hostile/hostile_support.hpp"

namespace {

using namespace gridplan::hostile;

constexpr double kTimeout = 60;

/// The shared inputs, made once: scenario, include pair, replay log, sweep results and slices.
SharedFiles* g_shared = nullptr;

/// Removes the shared inputs after the last test.
class SharedCleanup : public ::testing::Environment {
 public:
  void TearDown() override {
    delete g_shared;
    g_shared = nullptr;
  }
};
[[maybe_unused]] ::testing::Environment* const g_cleanup =
    ::testing::AddGlobalTestEnvironment(new SharedCleanup);

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

void make_shared() {
  if (g_shared != nullptr) return;
  g_shared = new SharedFiles("output_shared");
  fs::copy_file(baseline_scenario(), g_shared->path("s.toml"));
}

/// The shared input `name`, made on first use (each test program under ctest runs one test, so
/// only what a test needs is made).
fs::path shared_file(const std::string& name) {
  make_shared();
  SharedFiles& s = *g_shared;
  if (fs::exists(s.path(name))) return s.path(name);
  const std::vector<std::string> sweep{"sweep",     "s.toml", "--replications", "2", "--days", "1",
                                       "--threads", "1",      "--quiet"};
  if (name == "log.csv")
    s.gridplan({"export-events", "s.toml", "--days", "1", "--out", "log.csv", "--quiet"});
  else if (name == "A.h5")
    s.gridplan(with(sweep, {"--out", "A.h5"}));
  else if (name == "B.h5")
    s.gridplan(with(sweep, {"--set", "departments.police.staff=4", "--out", "B.h5"}));
  else if (name == "P0.h5")
    s.gridplan(with(sweep, {"--shard", "0/2", "--out", "P0.h5"}));
  else if (name == "P1.h5")
    s.gridplan(with(sweep, {"--shard", "1/2", "--out", "P1.h5"}));
  else if (name == "study.toml")
    write_file(s.path("study.toml"),
               "replications = 2\ndays = 1\n[parameters]\n\"departments.police.staff\" = [3, 4]\n");
  else if (name == "top.toml")
    write_file(s.path("top.toml"),
               "# includes the baseline\ninclude = \"inc.toml\"\n[scenario]\nname = \"top\"\n");
  else
    throw std::logic_error("no shared input " + name);
  return s.path(name);
}

/// Copies shared inputs into the case and guards them. "top.toml" becomes the case's s.toml
/// (which then includes inc.toml, the baseline).
void add_inputs(Case& c, const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    if (name == "top.toml") {
      c.copy_input("s.toml", shared_file("top.toml"));
      c.copy_input("inc.toml", shared_file("s.toml"));
    } else {
      c.copy_input(name, shared_file(name));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Inputs as outputs

struct InputAsOutput {
  std::string name;
  std::vector<std::string> inputs;  ///< shared files copied in ("top.toml": s.toml + inc.toml)
  std::vector<std::pair<std::string, std::string>> symlinks;   ///< (link, target)
  std::vector<std::pair<std::string, std::string>> hardlinks;  ///< (link, existing)
  std::vector<std::string> dirs;
  std::vector<std::string> args;  ///< "{DIR}" stands for the case directory
  std::string named;              ///< the message must contain it
};

std::vector<InputAsOutput> input_as_output_cases() {
  const std::vector<std::string> run{"run", "s.toml", "--days", "1", "--quiet"};
  const std::vector<std::string> exp{"export-events", "s.toml", "--days", "1", "--quiet"};
  const std::vector<std::string> sweep{"sweep",     "s.toml", "--replications", "2", "--days", "1",
                                       "--threads", "1",      "--quiet"};
  const std::vector<std::string> replay{"run",      "s.toml",  "--days", "1",
                                        "--replay", "log.csv", "--quiet"};
  const std::vector<std::string> staff{"staff-emergency", "s.toml", "--replications", "2",
                                       "--quiet"};
  const std::vector<std::string> pool{
      "staff",     "s.toml",          "--pool",
      "operators", "--target",        "filing_wait_p95 <= 10min each hour",
      "--set",     "scenario.days=1", "--quiet"};
  return {
      {"run_out_is_scenario", {"s.toml"}, {}, {}, {}, with(run, {"--out", "s.toml"}), "s.toml"},
      {"run_out_is_included",
       {"top.toml"},
       {},
       {},
       {},
       with(run, {"--out", "inc.toml"}),
       "inc.toml"},
      {"run_out_is_symlink_to_scenario",
       {"s.toml"},
       {{"link.h5", "s.toml"}},
       {},
       {},
       with(run, {"--out", "link.h5"}),
       "link.h5"},
      {"run_out_is_hardlink_to_scenario",
       {"s.toml"},
       {},
       {{"hard.h5", "s.toml"}},
       {},
       with(run, {"--out", "hard.h5"}),
       "hard.h5"},
      {"run_out_is_symlink_to_included",
       {"top.toml"},
       {{"link.h5", "inc.toml"}},
       {},
       {},
       with(run, {"--out", "link.h5"}),
       "link.h5"},
      {"run_out_is_scenario_spelt_otherwise",
       {"s.toml"},
       {},
       {},
       {"sub"},
       with(run, {"--out", "./sub/../s.toml"}),
       "s.toml"},
      {"run_out_is_scenario_absolute",
       {"s.toml"},
       {},
       {},
       {},
       with(run, {"--out", "{DIR}/s.toml"}),
       "s.toml"},
      {"run_scenario_via_symlink_out_is_its_target",
       {"s.toml"},
       {{"link.toml", "s.toml"}},
       {},
       {},
       {"run", "link.toml", "--days", "1", "--quiet", "--out", "s.toml"},
       "s.toml"},
      {"run_simgrid_platform_is_scenario",
       {"s.toml"},
       {},
       {},
       {},
       with(run, {"--out", "out.h5", "--simgrid-platform", "s.toml"}),
       "s.toml"},
      {"export_events_out_is_scenario",
       {"s.toml"},
       {},
       {},
       {},
       with(exp, {"--out", "s.toml"}),
       "s.toml"},
      {"export_events_out_is_included",
       {"top.toml"},
       {},
       {},
       {},
       with(exp, {"--out", "inc.toml"}),
       "inc.toml"},
      {"export_events_out_is_hardlink_to_scenario",
       {"s.toml"},
       {},
       {{"hard.csv", "s.toml"}},
       {},
       with(exp, {"--out", "hard.csv"}),
       "hard.csv"},
      {"sweep_out_is_scenario", {"s.toml"}, {}, {}, {}, with(sweep, {"--out", "s.toml"}), "s.toml"},
      {"sweep_out_is_included",
       {"top.toml"},
       {},
       {},
       {},
       with(sweep, {"--out", "inc.toml"}),
       "inc.toml"},
      {"sweep_out_is_sweep_file",
       {"s.toml", "study.toml"},
       {},
       {},
       {},
       {"sweep", "s.toml", "--sweep", "study.toml", "--threads", "1", "--quiet", "--out",
        "study.toml"},
       "study.toml"},
      {"replay_out_is_log",
       {"s.toml", "log.csv"},
       {},
       {},
       {},
       with(replay, {"--out", "log.csv"}),
       "log.csv"},
      {"replay_out_is_symlink_to_log",
       {"s.toml", "log.csv"},
       {{"link.h5", "log.csv"}},
       {},
       {},
       with(replay, {"--out", "link.h5"}),
       "link.h5"},
      {"replay_out_is_rejected_file",
       {"s.toml", "log.csv"},
       {},
       {},
       {},
       with(replay, {"--skip-bad-rows", "--out", "log.rejected.csv"}),
       "log.rejected.csv"},
      {"replay_rejected_file_is_symlink_to_scenario",
       {"s.toml", "log.csv"},
       {{"log.rejected.csv", "s.toml"}},
       {},
       {},
       with(replay, {"--skip-bad-rows", "--out", "out.h5"}),
       "log.rejected.csv"},
      {"replay_rejected_file_is_hardlink_to_scenario",
       {"s.toml", "log.csv"},
       {},
       {{"log.rejected.csv", "s.toml"}},
       {},
       with(replay, {"--skip-bad-rows", "--out", "out.h5"}),
       "log.rejected.csv"},
      {"replay_rejected_file_is_hardlink_to_log",
       {"s.toml", "log.csv"},
       {},
       {{"log.rejected.csv", "log.csv"}},
       {},
       with(replay, {"--skip-bad-rows", "--out", "out.h5"}),
       "log.rejected.csv"},
      {"compare_out_is_first_input",
       {"A.h5", "B.h5"},
       {},
       {},
       {},
       {"compare", "A.h5", "B.h5", "--quiet", "--out", "A.h5"},
       "A.h5"},
      {"compare_out_is_second_input",
       {"A.h5", "B.h5"},
       {},
       {},
       {},
       {"compare", "A.h5", "B.h5", "--quiet", "--out", "B.h5"},
       "B.h5"},
      {"compare_out_is_symlink_to_input",
       {"A.h5", "B.h5"},
       {{"link.h5", "A.h5"}},
       {},
       {},
       {"compare", "A.h5", "B.h5", "--quiet", "--out", "link.h5"},
       "link.h5"},
      {"report_out_is_its_input",
       {"A.h5"},
       {},
       {},
       {},
       {"report", "A.h5", "--quiet", "--out", "A.h5"},
       "A.h5"},
      {"report_out_is_second_input",
       {"A.h5", "B.h5"},
       {},
       {},
       {},
       {"report", "A.h5", "B.h5", "--quiet", "--out", "B.h5"},
       "B.h5"},
      {"report_out_is_symlink_to_input",
       {"A.h5", "B.h5"},
       {{"link.html", "A.h5"}},
       {},
       {},
       {"report", "A.h5", "B.h5", "--quiet", "--out", "link.html"},
       "link.html"},
      {"export_out_is_its_input",
       {"A.h5"},
       {},
       {},
       {},
       {"export", "A.h5", "--table", "kpi", "--out", "A.h5"},
       "A.h5"},
      {"export_out_is_symlink_to_input",
       {"A.h5"},
       {{"link.csv", "A.h5"}},
       {},
       {},
       {"export", "A.h5", "--table", "kpi", "--out", "link.csv"},
       "link.csv"},
      {"export_out_is_hardlink_to_input",
       {"A.h5"},
       {},
       {{"hard.csv", "A.h5"}},
       {},
       {"export", "A.h5", "--table", "kpi", "--out", "hard.csv"},
       "hard.csv"},
      {"merge_out_is_its_only_input",
       {"A.h5"},
       {},
       {},
       {},
       {"merge", "A.h5", "--quiet", "--out", "A.h5"},
       "A.h5"},
      {"merge_out_is_first_slice",
       {"P0.h5", "P1.h5"},
       {},
       {},
       {},
       {"merge", "P0.h5", "P1.h5", "--quiet", "--out", "P0.h5"},
       "P0.h5"},
      {"merge_out_is_second_slice",
       {"P0.h5", "P1.h5"},
       {},
       {},
       {},
       {"merge", "P0.h5", "P1.h5", "--quiet", "--out", "P1.h5"},
       "P1.h5"},
      {"merge_out_is_hardlink_to_slice",
       {"P0.h5", "P1.h5"},
       {},
       {{"hard.h5", "P1.h5"}},
       {},
       {"merge", "P0.h5", "P1.h5", "--quiet", "--out", "hard.h5"},
       "hard.h5"},
      {"staff_emergency_out_is_scenario",
       {"s.toml"},
       {},
       {},
       {},
       with(staff, {"--out", "s.toml"}),
       "s.toml"},
      {"staff_emergency_out_is_included",
       {"top.toml"},
       {},
       {},
       {},
       with(staff, {"--out", "inc.toml"}),
       "inc.toml"},
      {"staff_out_is_scenario", {"s.toml"}, {}, {}, {}, with(pool, {"--out", "s.toml"}), "s.toml"},
      {"staff_plan_out_is_scenario",
       {"s.toml"},
       {},
       {},
       {},
       with(pool, {"--out", "plans.h5", "--plan-out", "s.toml"}),
       "s.toml"},
      {"staff_plan_out_is_included",
       {"top.toml"},
       {},
       {},
       {},
       with(pool, {"--out", "plans.h5", "--plan-out", "inc.toml"}),
       "inc.toml"},
  };
}

void PrintTo(const InputAsOutput& p, std::ostream* os) {
  *os << p.name;
}

class InputAsOutputTest : public ::testing::TestWithParam<InputAsOutput> {
 protected:
  static void SetUpTestSuite() { make_shared(); }
};

TEST_P(InputAsOutputTest, refused_with_exit_2_and_inputs_unchanged) {
  const InputAsOutput& p = GetParam();
  Workspace ws("out_" + p.name);
  Case c(ws, p.name);
  add_inputs(c, p.inputs);
  for (const std::string& d : p.dirs) fs::create_directories(c.path(d));
  for (const auto& [link, target] : p.symlinks) fs::create_symlink(target, c.path(link));
  for (const auto& [link, existing] : p.hardlinks)
    fs::create_hard_link(c.path(existing), c.path(link));
  c.guard_all();
  std::vector<std::string> args = p.args;
  for (std::string& a : args)
    if (a.rfind("{DIR}", 0) == 0) a = c.dir().string() + a.substr(5);
  const Outcome o = c.run(args, kTimeout);
  std::vector<std::string> found = c.problems(o, {2});
  if (o.exited() && o.exit_code == 2 && o.err.find(p.named) == std::string::npos)
    found.push_back("the message does not name " + p.named);
  if (found.empty()) {
    c.discard();
    return;
  }
  ADD_FAILURE() << p.name << ": an input given as the output must be refused (exit 2, naming "
                << p.named << ")\n  " << o.describe() << bullet_list(found);
}

INSTANTIATE_TEST_SUITE_P(EveryCommand, InputAsOutputTest,
                         ::testing::ValuesIn(input_as_output_cases()),
                         [](const ::testing::TestParamInfo<InputAsOutput>& info) {
                           return info.param.name;
                         });

// ---------------------------------------------------------------------------------------------
// Special targets, planted temporaries, concurrency

/// A command that writes one file given by --out, with the inputs it needs.
struct Writer {
  std::string name;
  std::vector<std::string> inputs;
  std::vector<std::string> args;       ///< without --out
  std::string out;                     ///< the default output name in these tests
  std::vector<std::string> also = {};  ///< other files it writes beside (rejected rows, a plan)
};

std::vector<Writer> writers() {
  return {
      {"run", {"s.toml"}, {"run", "s.toml", "--days", "1", "--quiet"}, "out.h5"},
      {"export-events",
       {"s.toml"},
       {"export-events", "s.toml", "--days", "1", "--quiet"},
       "out.csv"},
      {"sweep",
       {"s.toml"},
       {"sweep", "s.toml", "--replications", "2", "--days", "1", "--threads", "1", "--quiet"},
       "out.h5"},
      {"run-replay-skip-bad-rows",
       {"s.toml", "log.csv"},
       {"run", "s.toml", "--days", "1", "--replay", "log.csv", "--skip-bad-rows", "--quiet"},
       "out.h5",
       {"log.rejected.csv"}},
      {"compare", {"A.h5", "B.h5"}, {"compare", "A.h5", "B.h5", "--quiet"}, "out.h5"},
      {"merge", {"P0.h5", "P1.h5"}, {"merge", "P0.h5", "P1.h5", "--quiet"}, "out.h5"},
      {"staff-emergency",
       {"s.toml"},
       {"staff-emergency", "s.toml", "--replications", "2", "--quiet"},
       "out.h5"},
      {"staff",
       {"s.toml"},
       {"staff", "s.toml", "--pool", "operators", "--target", "filing_wait_p95 <= 10min each hour",
        "--set", "scenario.days=1", "--quiet"},
       "out.h5",
       {"out.toml"}},
      {"export", {"A.h5"}, {"export", "A.h5", "--table", "kpi"}, "out.csv"},
      {"report", {"A.h5"}, {"report", "A.h5", "--quiet"}, "out.html"},
  };
}

/// Empty if `rel` is the whole output of `w`: a readable result file, for export-events the
/// very log the shared export wrote, for export a CSV of /kpi, for report a whole page.
std::string output_problem(Case& c, const Writer& w, const std::string& rel) {
  if (w.name == "export" || w.name == "report") {
    const Entry e = inspect(c.path(rel));
    if (e.kind != 'f') return rel + " is " + e.describe();
    const std::string text = read_file(c.path(rel));
    const bool whole = w.name == "export" ? text.rfind("run,", 0) == 0 && text.back() == '\n'
                                          : text.find("</html>") != std::string::npos;
    return whole ? "" : rel + " is not a whole " + (w.name == "export" ? "CSV" : "page");
  }
  if (w.name != "export-events") return c.result_file_problem(rel);
  const Entry e = inspect(c.path(rel));
  if (e.kind != 'f') return "the log " + rel + " is " + e.describe();
  if (read_file(c.path(rel)) != read_file(shared_file("log.csv")))
    return "the log " + rel + " differs from the same export made alone (" +
           std::to_string(e.size) + " bytes, expected " +
           std::to_string(fs::file_size(shared_file("log.csv"))) + ")";
  return {};
}

class OutputPathTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { make_shared(); }

  /// Reports the problems of one writer's case (and keeps its directory), or discards it.
  static void report(Case& c, const std::string& what, const Outcome& o,
                     const std::vector<std::string>& found) {
    if (found.empty()) {
      c.discard();
      return;
    }
    ADD_FAILURE() << what << "\n  " << o.describe() << bullet_list(found);
  }
};

TEST_F(OutputPathTest, out_is_a_fifo) {
  Workspace ws("out_fifo");
  for (const Writer& w : writers()) {
    Case c(ws, w.name);
    add_inputs(c, w.inputs);
    ASSERT_EQ(mkfifo(c.path(w.out).c_str(), 0644), 0);
    c.guard_all();
    const Outcome o = c.run(with(w.args, {"--out", w.out}), kTimeout);
    report(c, w.name + " --out FIFO: must be refused (exit 1 or 2) without blocking", o,
           c.problems(o, {1, 2}));
  }
}

TEST_F(OutputPathTest, out_is_a_directory) {
  Workspace ws("out_dir");
  for (const Writer& w : writers()) {
    Case c(ws, w.name);
    add_inputs(c, w.inputs);
    fs::create_directory(c.path(w.out));
    write_file(c.path(w.out) / "keep.txt", "keep me\n");
    c.guard_all();
    const Outcome o = c.run(with(w.args, {"--out", w.out}), kTimeout);
    report(c, w.name + " --out DIRECTORY: must be refused (exit 1 or 2), the directory kept", o,
           c.problems(o, {1, 2}));
  }
}

TEST_F(OutputPathTest, out_is_empty) {
  Workspace ws("out_empty");
  for (const Writer& w : writers()) {
    Case c(ws, w.name);
    add_inputs(c, w.inputs);
    c.guard_all();
    const Outcome o = c.run(with(w.args, {"--out", ""}), kTimeout);
    // Nothing may appear: in particular no output/ directory with a default-named file.
    report(c, w.name + " --out \"\": must be refused with exit 2, not written to a default path", o,
           c.problems(o, {2}));
  }
}

/// The devices a program may need, as nodes in a directory that stands in for /dev.
void make_fake_dev(const fs::path& dev) {
  fs::create_directories(dev);
  const struct {
    const char* name;
    unsigned major_number, minor_number;
  } nodes[] = {{"null", 1, 3}, {"zero", 1, 5}, {"full", 1, 7}, {"random", 1, 8}, {"urandom", 1, 9}};
  for (const auto& n : nodes)
    if (mknod((dev / n.name).c_str(), S_IFCHR | 0666, makedev(n.major_number, n.minor_number)) != 0)
      throw std::runtime_error(std::string("mknod ") + n.name + ": " + std::strerror(errno));
  fs::create_directory(dev / "shm");
  fs::create_symlink("/proc/self/fd", dev / "fd");
}

/// In the child: a private mount namespace whose /dev is `dev` (so /dev/null there is the case's
/// own node). Exits 123 if that cannot be done.
std::function<void(pid_t)> private_dev(const fs::path& dev) {
  const std::string path = dev.string();
  return [path](pid_t) {
    if (unshare(CLONE_NEWNS) != 0) _exit(123);
    if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) _exit(123);
    if (mount(path.c_str(), "/dev", nullptr, MS_BIND | MS_REC, nullptr) != 0) _exit(123);
  };
}

TEST_F(OutputPathTest, out_is_dev_null) {
  Workspace ws("out_devnull");
  // Control: the private /dev works, and a run in it succeeds.
  {
    Case c(ws, "control");
    add_inputs(c, {"s.toml"});
    make_fake_dev(c.path("dev"));
    c.guard_all();
    const Outcome o = c.run({"run", "s.toml", "--days", "1", "--quiet", "--out", "out.h5"},
                            kTimeout, private_dev(c.path("dev")));
    if (o.exited() && o.exit_code == 123)
      GTEST_SKIP() << "no private mount namespace here (unshare/mount refused): --out /dev/null "
                      "is not tried on the machine's own /dev/null";
    std::vector<std::string> found = c.problems(o, {0}, {"out.h5"});
    if (found.empty()) {
      const std::string bad = c.result_file_problem("out.h5");
      if (!bad.empty()) found.push_back(bad);
    }
    report(c, "control: run --out out.h5 with a private /dev must succeed", o, found);
  }
  for (const Writer& w : writers()) {
    Case c(ws, w.name);
    add_inputs(c, w.inputs);
    make_fake_dev(c.path("dev"));
    c.guard_all();
    c.guard("/dev/null");  // the machine's own, outside the namespace: untouched in any case
    const Outcome o =
        c.run(with(w.args, {"--out", "/dev/null"}), kTimeout, private_dev(c.path("dev")));
    // dev/null must still be the character device 1,3; nothing may appear beside it in dev/
    // (no dev/null.tmp.*, no dev/null.parts).
    report(c,
           w.name +
               " --out /dev/null (the case's dev/ mounted as /dev): must be refused (exit 1 "
               "or 2), /dev/null still the character device",
           o, c.problems(o, {1, 2}));
  }
}

/// Names a writer of `out` (in a process with this pid) might give its temporary.
std::vector<std::string> plausible_temporaries(const std::string& out, pid_t pid) {
  const std::string p = std::to_string(pid);
  std::vector<std::string> names{out + ".tmp",           out + ".tmp." + p, "." + out + ".tmp",
                                 out + "." + p + ".tmp", out + "~",         out + ".tmp.0",
                                 out + ".part"};
  for (int n = 0; n < 8; ++n) names.push_back(out + ".tmp." + p + "." + std::to_string(n));
  return names;
}

TEST_F(OutputPathTest, symlinks_at_temporary_names_are_not_followed) {
  Workspace ws("out_tmp_symlinks");
  for (const Writer& w : writers()) {
    Case c(ws, w.name);
    add_inputs(c, w.inputs);
    c.input("victim.txt", "precious: must never be written through a symlink\n");
    std::vector<std::string> outs{w.out};
    outs.insert(outs.end(), w.also.begin(), w.also.end());
    std::unique_ptr<Child> child = c.start(with(w.args, {"--out", w.out}), [outs](pid_t pid) {
      for (const std::string& out : outs)
        for (const std::string& name : plausible_temporaries(out, pid))
          if (symlink("victim.txt", name.c_str()) != 0) _exit(124);
    });
    Entry link;
    link.kind = 'l';
    link.link_target = "victim.txt";
    for (const std::string& out : outs)
      for (const std::string& name : plausible_temporaries(out, child->pid()))
        c.guard_as(name, link);
    const Outcome o = child->wait(kTimeout);
    std::set<std::string> outputs{w.out};
    outputs.insert(w.also.begin(), w.also.end());
    std::vector<std::string> found = c.problems(o, {0}, outputs);
    if (o.exited() && o.exit_code == 0) {
      const std::string bad = output_problem(c, w, w.out);
      if (!bad.empty()) found.push_back(bad);
    }
    report(c,
           w.name + ": symlinks to victim.txt at " + w.out +
               ".tmp, .tmp.PID.N and other temporary names: the run must succeed, victim.txt "
               "and the symlinks untouched",
           o, found);
  }
}

TEST_F(OutputPathTest, sweep_parts_directory_is_a_symlink) {
  Workspace ws("out_parts_symlink");
  Case c(ws, "sweep");
  add_inputs(c, {"s.toml"});
  fs::create_directory(c.path("victim_dir"));
  write_file(c.path("victim_dir/keep.txt"), "keep me\n");
  fs::create_symlink("victim_dir", c.path("out.h5.parts"));
  c.guard_all();
  const Outcome o = c.run({"sweep", "s.toml", "--replications", "2", "--days", "1", "--threads",
                           "1", "--quiet", "--out", "out.h5"},
                          kTimeout);
  std::vector<std::string> found = c.problems(o, {0, 1, 2}, {"out.h5"});
  if (o.exited() && o.exit_code == 0) {
    const std::string bad = c.result_file_problem("out.h5");
    if (!bad.empty()) found.push_back(bad);
  }
  report(c,
         "sweep --out out.h5 with out.h5.parts a symlink to victim_dir: nothing may be written "
         "into or removed from victim_dir",
         o, found);
}

TEST_F(OutputPathTest, directories_at_temporary_names) {
  Workspace ws("out_tmp_dirs");
  for (const Writer& w : writers()) {
    Case c(ws, w.name);
    add_inputs(c, w.inputs);
    std::vector<std::string> outs{w.out};
    outs.insert(outs.end(), w.also.begin(), w.also.end());
    std::unique_ptr<Child> child = c.start(with(w.args, {"--out", w.out}), [outs](pid_t pid) {
      for (const std::string& out : outs)
        for (const std::string& name : plausible_temporaries(out, pid))
          if (mkdir(name.c_str(), 0755) != 0) _exit(124);
    });
    Entry dir;
    dir.kind = 'd';
    std::vector<std::string> planted;
    for (const std::string& out : outs)
      for (const std::string& name : plausible_temporaries(out, child->pid())) {
        c.guard_as(name, dir);
        planted.push_back(name);
      }
    const Outcome o = child->wait(kTimeout);
    std::set<std::string> outputs{w.out};
    outputs.insert(w.also.begin(), w.also.end());
    std::vector<std::string> found = c.problems(o, {0, 1, 2}, outputs);
    if (o.exited() && o.exit_code == 0) {
      const std::string bad = output_problem(c, w, w.out);
      if (!bad.empty()) found.push_back(bad);
    } else if (o.exited() &&
               std::none_of(planted.begin(), planted.end(), [&](const std::string& name) {
                 return o.err.find(name) != std::string::npos;
               })) {
      found.push_back("refused, but the message names none of the directories in its way (" +
                      join(planted, ", ") + ")");
    }
    for (const std::string& name : planted)
      if (inspect(c.path(name)).kind == 'd' && !list_tree(c.path(name)).empty())
        found.push_back("the planted directory " + name +
                        " is no longer empty: " + join(list_tree(c.path(name)), ", "));
    report(c,
           w.name + ": empty directories at " + w.out +
               ".tmp, .tmp.PID.N and other temporary names: the run must succeed or name the "
               "directory in its way",
           o, found);
  }
}

TEST_F(OutputPathTest, two_concurrent_runs_to_one_out_both_succeed) {
  Workspace ws("out_concurrent_runs");
  const std::vector<std::vector<std::string>> trials{
      {"run", "s.toml", "--days", "2", "--quiet", "--out", "out.h5"},
      {"run", "s.toml", "--days", "1", "--trace", "--quiet", "--out", "out.h5"},
      {"run", "s.toml", "--days", "1", "--seed", "7", "--quiet", "--out", "out.h5"},
  };
  for (std::size_t t = 0; t < trials.size(); ++t) {
    Case c(ws, "trial" + std::to_string(t));
    add_inputs(c, {"s.toml"});
    c.guard_all();
    std::unique_ptr<Child> first = c.start(trials[t]);
    std::unique_ptr<Child> second = c.start(trials[t]);
    const Outcome a = first->wait(kTimeout), b = second->wait(kTimeout);
    std::vector<std::string> found;
    for (const Outcome* o : {&a, &b})
      for (const std::string& p : c.problems(*o, {0}, {"out.h5"}))
        found.push_back(o->status() + ": " + p);
    if (a.exited() && b.exited() && (a.exit_code == 0 || b.exit_code == 0)) {
      const std::string bad = c.result_file_problem("out.h5");
      if (!bad.empty()) found.push_back(bad);
    }
    if (found.empty()) {
      c.discard();
      continue;
    }
    ADD_FAILURE() << "trial " << t << ": two concurrent runs to one --out must both exit 0, the "
                  << "file whole\n  first " << a.describe() << "\n  second " << b.describe()
                  << bullet_list(found);
  }
}

TEST_F(OutputPathTest, two_concurrent_sweeps_to_one_out) {
  Workspace ws("out_concurrent_sweeps");
  const std::vector<std::string> args{"sweep",   "s.toml", "--replications", "4",
                                      "--days",  "2",      "--threads",      "1",
                                      "--quiet", "--out",  "out.h5"};
  for (int t = 0; t < 3; ++t) {
    Case c(ws, "trial" + std::to_string(t));
    add_inputs(c, {"s.toml"});
    c.guard_all();
    std::unique_ptr<Child> first = c.start(args);
    if (t == 1) sleep_seconds(0.05);  // the second starts while the first runs
    std::unique_ptr<Child> second = c.start(args);
    const Outcome a = first->wait(kTimeout), b = second->wait(kTimeout);
    std::vector<std::string> found;
    for (const Outcome* o : {&a, &b}) {
      for (const std::string& p : c.problems(*o, {0, 1, 2}, {"out.h5"}))
        found.push_back(o->status() + ": " + p);
      if (o->exited() && o->exit_code != 0 &&
          o->err.find("another gridplan is writing") == std::string::npos)
        found.push_back("a sweep failed (" + o->status() +
                        ") without saying \"another gridplan is writing\": " +
                        printable(first_line(o->err), 200));
    }
    const bool a_ok = a.exited() && a.exit_code == 0, b_ok = b.exited() && b.exit_code == 0;
    if (!a_ok && !b_ok) found.push_back("both sweeps failed: one of them must succeed");
    if (a_ok || b_ok) {
      const std::string bad = c.result_file_problem("out.h5");
      if (!bad.empty()) found.push_back(bad);
    }
    if (found.empty()) {
      c.discard();
      continue;
    }
    ADD_FAILURE() << "trial " << t << ": two concurrent sweeps to one --out: both succeed, or "
                  << "one is refused with \"another gridplan is writing\"\n  first " << a.describe()
                  << "\n  second " << b.describe() << bullet_list(found);
  }
}

TEST_F(OutputPathTest, two_concurrent_exports_to_one_out_both_succeed) {
  Workspace ws("out_concurrent_exports");
  const Writer w = writers()[1];
  Case c(ws, "exports");
  add_inputs(c, {"s.toml"});
  c.guard_all();
  std::unique_ptr<Child> first = c.start(with(w.args, {"--out", "out.csv"}));
  std::unique_ptr<Child> second = c.start(with(w.args, {"--out", "out.csv"}));
  const Outcome a = first->wait(kTimeout), b = second->wait(kTimeout);
  std::vector<std::string> found;
  for (const Outcome* o : {&a, &b})
    for (const std::string& p : c.problems(*o, {0}, {"out.csv"}))
      found.push_back(o->status() + ": " + p);
  const std::string bad = output_problem(c, w, "out.csv");
  if (!bad.empty()) found.push_back(bad);
  if (found.empty()) {
    c.discard();
    return;
  }
  ADD_FAILURE() << "two concurrent export-events to one --out must both exit 0, the log whole"
                << "\n  first " << a.describe() << "\n  second " << b.describe()
                << bullet_list(found);
}

}  // namespace
