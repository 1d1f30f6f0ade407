// Hostile result files given to the commands that read them (show, compare in both orders,
// merge, export, report): 50 bit-flipped copies of a small sweep's file, a truncated file, an empty
// file, a text file named .h5, a directory and a FIFO. Every case must end with exit code 2 and one
// line "gridplan: error: FILE: ..." (or 0 when the flip hit bytes the command does not depend on,
// and then with the output of the intact file), never with a signal or a hang, and must leave the
// input byte for byte as it was.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "gridplan/io/hdf5_writer.hpp"
#include "test_support.hpp"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using gridplan::testing::identical;

/// How one run of the CLI ended.
struct Outcome {
  bool timed_out = false;
  bool signaled = false;
  int signal = 0;
  int exit_code = -1;
  std::string out, err;
};

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

void write_bytes(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

/// Runs `gridplan ARGS` (posix_spawn, so that a signal is seen as a signal, not as a shell's
/// exit code), stdout and stderr to files in `dir`; kills it after `timeout`.
Outcome run_cli(const fs::path& dir, const std::vector<std::string>& args,
                std::chrono::seconds timeout = std::chrono::seconds(60)) {
  const std::string out_path = (dir / "stdout.txt").string();
  const std::string err_path = (dir / "stderr.txt").string();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  // argv[0] without the build directory: the command line is stored in the file, and its
  // layout (where the flips fall) must not depend on where the checkout is.
  std::vector<std::string> argv_strings = {"gridplan"};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_strings) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, GRIDPLAN_CLI, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  Outcome outcome;
  if (spawned != 0) {
    ADD_FAILURE() << "cannot start " << GRIDPLAN_CLI;
    return outcome;
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      outcome.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  outcome.signaled = WIFSIGNALED(status);
  outcome.signal = outcome.signaled ? WTERMSIG(status) : 0;
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  outcome.out = read_bytes(out_path);
  outcome.err = read_bytes(err_path);
  return outcome;
}

/// The lines of `text`.
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

/// What follows the first empty line of `text` (after show's or compare's header, which names
/// the files), without the line "Wrote ..." that names the output, and without the last word of
/// each line.
std::string body_of(const std::string& text) {
  const std::size_t blank = text.find("\n\n");
  std::string body = blank == std::string::npos ? "" : text.substr(blank + 2);
  const std::size_t wrote = body.find("\nWrote ");
  if (wrote != std::string::npos) body.erase(wrote);
  // Each line ends with its unit, a string HDF5 keeps without a checksum (like descriptions): a
  // flip there is harmless, so the comparison leaves the last word of each line out.
  std::string out;
  std::size_t from = 0;
  while (from < body.size()) {
    std::size_t end = body.find('\n', from);
    if (end == std::string::npos) end = body.size();
    const std::string line = body.substr(from, end - from);
    const std::size_t last = line.find_last_of(' ');
    out += (last == std::string::npos ? line : line.substr(0, last)) + '\n';
    from = end + 1;
  }
  return out;
}

/// Whether every table of the two files holds bit-identical values (provenance, units and
/// descriptions aside: HDF5 keeps those strings without a checksum).
std::string table_difference(const std::string& a, const std::string& b) {
  const auto names = gridplan::io::list_hdf5_tables(a);
  if (names != gridplan::io::list_hdf5_tables(b)) return "different tables";
  for (const std::string& name : names)
    if (!identical(gridplan::io::read_hdf5_table(a, name), gridplan::io::read_hdf5_table(b, name)))
      return "/" + name + " differs";
  return "";
}

/// One command given a bad file, and how to check its outcome.
enum class Command { kShow, kCompareAsB, kCompareAsA, kMerge, kExport, kReport };
const char* const kCommandNames[] = {"show",  "compare good X", "compare X good",
                                     "merge", "export",         "report"};

class ResultFileBadInputTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string pattern = (fs::temp_directory_path() / "gridplan_badh5_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = new fs::path(pattern);
    // A small sweep: 1 point x 2 replications of 3 days (about 280 KB, 17 tables), of a copy of
    // the baseline in the temporary directory, for the same reason as argv[0] above.
    fs::copy_file(gridplan::testing::baseline_path(), *dir_ / "hongqiao-2023.toml");
    const Outcome sweep =
        run_cli(*dir_, {"sweep", path("hongqiao-2023.toml"), "--days", "3", "--replications", "2",
                        "--threads", "1", "--quiet", "--out", (*dir_ / "good.h5").string()});
    ASSERT_EQ(sweep.exit_code, 0) << sweep.err;
    good_ = new std::string(read_bytes(*dir_ / "good.h5"));
    // What the commands print and write for the intact file.
    show_ = new std::string(run_cli(*dir_, {"show", good()}).out);
    compare_ = new std::string(
        run_cli(*dir_, {"compare", good(), good(), "--out", path("ref-compare.h5")}).out);
    const Outcome merge = run_cli(*dir_, {"merge", good(), "--quiet", "--out", path("ref.h5")});
    ASSERT_EQ(merge.exit_code, 0) << merge.err;
    const Outcome csv =
        run_cli(*dir_, {"export", good(), "--table", "kpi", "--out", path("ref.csv")});
    ASSERT_EQ(csv.exit_code, 0) << csv.err;
    const Outcome page = run_cli(*dir_, {"report", good(), "--quiet", "--out", path("ref.html")});
    ASSERT_EQ(page.exit_code, 0) << page.err;
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
    delete good_;
    delete show_;
    delete compare_;
  }

  static std::string path(const std::string& name) { return (*dir_ / name).string(); }
  static std::string good() { return path("good.h5"); }
  /// Where `command` writes (nothing may be there after a refusal).
  static std::string out_of(Command command) {
    return path(command == Command::kExport   ? "out.csv"
                : command == Command::kReport ? "out.html"
                                              : "out.h5");
  }
  /// The KPI table and the charts' count of a report page: what a flip may not change.
  static std::string report_body(const std::string& page) {
    const std::size_t from = page.find("<table class=\"sortable\" id=\"kpi-table\"");
    const std::size_t to = page.find("</table>", from);
    if (from == std::string::npos || to == std::string::npos) return "(no KPI table)";
    std::size_t charts = 0;
    for (std::size_t at = page.find("<canvas"); at != std::string::npos;
         at = page.find("<canvas", at + 1))
      ++charts;
    return page.substr(from, to - from) + "\n" + std::to_string(charts) + " charts";
  }

  /// Runs `command` on `bad`, the other side of a comparison being the intact file.
  static Outcome run_on(Command command, const std::string& bad) {
    fs::remove(out_of(command));
    switch (command) {
      case Command::kShow:
        return run_cli(*dir_, {"show", bad});
      case Command::kCompareAsB:
        return run_cli(*dir_, {"compare", good(), bad, "--out", path("out.h5")});
      case Command::kCompareAsA:
        return run_cli(*dir_, {"compare", bad, good(), "--out", path("out.h5")});
      case Command::kMerge:
        return run_cli(*dir_, {"merge", bad, "--quiet", "--out", path("out.h5")});
      case Command::kExport:
        return run_cli(*dir_, {"export", bad, "--table", "kpi", "--out", out_of(command)});
      case Command::kReport:
        return run_cli(*dir_, {"report", bad, "--quiet", "--out", out_of(command)});
    }
    return {};
  }

  /// The checks every case shares: no signal, no hang, exit 2 with one line naming the file and
  /// nothing written; or, if `may_succeed`, exit 0 with the intact file's output. Returns
  /// whether the command refused the file.
  static bool expect_refused_or_intact(Command command, const std::string& bad, const Outcome& o,
                                       bool may_succeed) {
    const std::string what = std::string(kCommandNames[static_cast<int>(command)]) + " on " + bad;
    EXPECT_FALSE(o.timed_out) << what;
    EXPECT_FALSE(o.signaled) << what << ": killed by signal " << o.signal;
    if (o.exit_code == 2) {
      const std::vector<std::string> lines = lines_of(o.err);
      EXPECT_EQ(lines.size(), 1u) << what << ":\n" << o.err;
      EXPECT_EQ(o.err.rfind("gridplan: error: ", 0), 0u) << what << ":\n" << o.err;
      EXPECT_NE(o.err.find(fs::path(bad).filename().string()), std::string::npos) << what << ":\n"
                                                                                  << o.err;
      EXPECT_FALSE(fs::exists(out_of(command))) << what;
      return true;
    }
    EXPECT_TRUE(may_succeed && o.exit_code == 0) << what << ": exit " << o.exit_code << "\n"
                                                 << o.err;
    if (o.exit_code != 0) return false;
    // Accepted: then what the command printed or wrote must be the intact file's. Only a
    // warning may differ (compare notes a scenario text that a flip changed).
    for (const std::string& line : lines_of(o.err))
      EXPECT_EQ(line.rfind("gridplan: warning: ", 0), 0u) << what << ":\n" << o.err;
    switch (command) {
      case Command::kShow:
        EXPECT_EQ(body_of(o.out), body_of(*show_)) << what;
        break;
      case Command::kCompareAsB:
      case Command::kCompareAsA:
        EXPECT_EQ(body_of(o.out), body_of(*compare_)) << what;
        break;
      case Command::kMerge:
        EXPECT_EQ(table_difference(path("out.h5"), path("ref.h5")), "") << what;
        break;
      case Command::kExport:
        EXPECT_EQ(read_bytes(out_of(command)), read_bytes(path("ref.csv"))) << what;
        break;
      case Command::kReport:
        EXPECT_EQ(report_body(read_bytes(out_of(command))),
                  report_body(read_bytes(path("ref.html"))))
            << what;
        break;
    }
    return false;
  }

  static fs::path* dir_;
  static std::string* good_;
  static std::string* show_;
  static std::string* compare_;
};

fs::path* ResultFileBadInputTest::dir_ = nullptr;
std::string* ResultFileBadInputTest::good_ = nullptr;
std::string* ResultFileBadInputTest::show_ = nullptr;
std::string* ResultFileBadInputTest::compare_ = nullptr;

constexpr Command kCommands[] = {Command::kShow,  Command::kCompareAsB, Command::kCompareAsA,
                                 Command::kMerge, Command::kExport,     Command::kReport};
constexpr int kCommandCount = std::size(kCommands);

TEST_F(ResultFileBadInputTest, bit_flips_are_refused_or_harmless_never_a_crash) {
  // Fixed seed: the same flips every time and on every machine (the file's layout does not
  // change: only the creation time, the revision and the temporary directory's name differ, at
  // fixed lengths; the checkout's location does not reach the file).
  std::mt19937_64 rng(20240612);
  const std::size_t size = good_->size();
  // HDF5's metadata (superblock, root group, the scenario's attributes) sits near the start:
  // half of the flips go to the first 16 KiB.
  const std::size_t head = std::min<std::size_t>(size, 16384);
  int refused[kCommandCount] = {};
  int crashed = 0, looped = 0;  // of the refusals: a crash or an endless loop in HDF5
  constexpr int kFiles = 50;
  for (int i = 0; i < kFiles; ++i) {
    std::string bytes = *good_;
    const int flips = std::uniform_int_distribution<int>(1, 8)(rng);
    for (int f = 0; f < flips; ++f) {
      const bool near_start = std::uniform_int_distribution<int>(0, 1)(rng) == 0;
      const std::size_t at =
          std::uniform_int_distribution<std::size_t>(0, (near_start ? head : size) - 1)(rng);
      bytes[at] =
          static_cast<char>(bytes[at] ^ (1 << std::uniform_int_distribution<int>(0, 7)(rng)));
    }
    const std::string bad = path("flipped-" + std::to_string(i) + ".h5");
    write_bytes(bad, bytes);
    for (int c = 0; c < kCommandCount; ++c) {
      const Outcome o = run_on(kCommands[c], bad);
      refused[c] += expect_refused_or_intact(kCommands[c], bad, o, true);
      crashed += o.err.find("crashed the HDF5 library") != std::string::npos;
      looped += o.err.find("did not end within") != std::string::npos;
      EXPECT_EQ(read_bytes(bad), bytes) << bad << " changed";
    }
    EXPECT_EQ(read_bytes(good()), *good_) << "the intact file changed";
  }
  // merge reads every row of every table, so it must notice the most; the others read the rows
  // of the tables they print and the metadata of all. (With this seed: show 21, compare 20 and
  // 20, merge 41, export 20, report 34 of 50, 32 of the refusals crashes of the library; the
  // report reads many tables' rows. The other flips hit the
  // scenario text, descriptions or free space, which HDF5 keeps without a checksum, or rows
  // that show and compare do not read: see docs/experiments.md, "Damaged files".)
  std::cout << "refused of " << kFiles << ": show " << refused[0] << ", compare good X "
            << refused[1] << ", compare X good " << refused[2] << ", merge " << refused[3]
            << ", export " << refused[4] << ", report " << refused[5] << "; of all refusals, "
            << crashed << " crashed the HDF5 library in the reading "
            << "process and " << looped << " made it loop\n";
  EXPECT_GE(refused[3], refused[0]);
  EXPECT_GT(refused[0], 0);
}

TEST_F(ResultFileBadInputTest, truncated_empty_text_directory_and_fifo_are_refused) {
  write_bytes(path("truncated.h5"), good_->substr(0, good_->size() / 2));
  write_bytes(path("empty.h5"), "");
  write_bytes(path("text.h5"), "this is not an HDF5 file\n");
  fs::create_directory(path("directory.h5"));
  ASSERT_EQ(mkfifo(path("fifo.h5").c_str(), 0644), 0);
  for (const std::string name :
       {"truncated.h5", "empty.h5", "text.h5", "directory.h5", "fifo.h5"}) {
    const bool regular = fs::is_regular_file(path(name));
    const std::string before = regular ? read_bytes(path(name)) : "";
    for (const Command command : kCommands) {
      // A FIFO must not block: 20 s is a hang.
      const Outcome o = run_on(command, path(name));
      EXPECT_EQ(o.exit_code, 2) << name << ": " << o.err;
      expect_refused_or_intact(command, path(name), o, false);
      if (regular) {
        EXPECT_EQ(read_bytes(path(name)), before) << name << " changed";
      }
    }
  }
  // The reasons, in the words of the messages.
  EXPECT_NE(run_on(Command::kShow, path("empty.h5")).err.find("empty file"), std::string::npos);
  EXPECT_NE(run_on(Command::kShow, path("text.h5")).err.find("not an HDF5 file"),
            std::string::npos);
  EXPECT_NE(run_on(Command::kShow, path("truncated.h5")).err.find("truncated"), std::string::npos);
}

TEST_F(ResultFileBadInputTest, verbose_prints_the_hdf5_error_stack_and_only_then) {
  write_bytes(path("cut.h5"), good_->substr(0, good_->size() / 2));
  const Outcome quiet = run_cli(*dir_, {"show", path("cut.h5")});
  EXPECT_EQ(quiet.exit_code, 2);
  EXPECT_EQ(quiet.err.find("HDF5-DIAG"), std::string::npos) << quiet.err;
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"show", path("cut.h5"), "--verbose"},
        std::vector<std::string>{"compare", good(), path("cut.h5"), "--verbose", "--out",
                                 path("out.h5")},
        std::vector<std::string>{"merge", path("cut.h5"), "--verbose", "--out", path("out.h5")}}) {
    const Outcome verbose = run_cli(*dir_, args);
    EXPECT_EQ(verbose.exit_code, 2) << args[0];
    EXPECT_NE(verbose.err.find("HDF5-DIAG"), std::string::npos) << args[0] << ":\n" << verbose.err;
    const std::vector<std::string> lines = lines_of(verbose.err);
    ASSERT_FALSE(lines.empty());
    EXPECT_EQ(lines.back().rfind("gridplan: error: ", 0), 0u) << verbose.err;
  }
}

TEST_F(ResultFileBadInputTest, a_file_without_the_tables_a_command_needs_is_bad_input) {
  // A valid HDF5 file that gridplan wrote, but not a result file of run or sweep.
  gridplan::kernel::Table t;
  t.name = "other";
  t.add_f64("x", "1", "a number").f64 = {1, 2, 3};
  gridplan::io::Provenance p;
  p.scenario_name = "none";
  gridplan::io::write_hdf5(path("other.h5"), p, {t});
  for (const Command command : {Command::kCompareAsB, Command::kMerge}) {
    const Outcome o = run_on(command, path("other.h5"));
    EXPECT_EQ(o.exit_code, 2) << o.err;
    expect_refused_or_intact(command, path("other.h5"), o, false);
  }
  EXPECT_EQ(run_on(Command::kShow, path("other.h5")).exit_code, 0);
}

}  // namespace
