// Shared machinery of the hostile-input tests (issue 12): start the built gridplan program as a
// child process in a fresh case directory (with a timeout, so that a blocked or looping program
// fails the test instead of hanging it), and check the contract every command must keep whatever
// its input:
//   - it exits (never killed by a signal) with 0, 1, 2 or 128 + the stop signal it was sent;
//   - a non-zero exit prints `gridplan: warning:` lines (if any), then one `gridplan: error:` line;
//   - every input is byte-identical afterwards (and special files keep their kind);
//   - the case directory holds only the inputs and, after success, the final outputs: no
//     temporary (`*.tmp*`) and no unexpected file.
// A failing case keeps its directory and prints a command that reproduces it.
#pragma once

#include <dirent.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace gridplan::hostile {

namespace fs = std::filesystem;

/// The program under test: the gridplan built with the tests, or $GRIDPLAN_HOSTILE_CLI (e.g. the
/// gridplan of an AddressSanitizer build).
inline const std::string& cli() {
  static const std::string path = [] {
    const char* other = std::getenv("GRIDPLAN_HOSTILE_CLI");
    return std::string(other != nullptr && *other != '\0' ? other : GRIDPLAN_CLI);
  }();
  return path;
}

inline fs::path baseline_scenario() {
  return fs::path(GRIDPLAN_SOURCE_DIR) / "scenarios" / "hongqiao-2023.toml";
}

// ---------------------------------------------------------------------------------------------
// Text helpers

inline std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void write_file(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write the test input " + path.string());
}

/// Set GRIDPLAN_HOSTILE_VERBOSE=1 to print one line per case, passing or not.
inline bool verbose() {
  static const bool on = std::getenv("GRIDPLAN_HOSTILE_VERBOSE") != nullptr;
  return on;
}

/// `text` in single quotes for /bin/sh.
inline std::string shell_quote(const std::string& text) {
  static const std::string safe =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./=:,+@";
  if (!text.empty() && text.find_first_not_of(safe) == std::string::npos) return text;
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

/// Up to `max` bytes of `bytes`, C-escaped, for a failure message.
inline std::string printable(const std::string& bytes, std::size_t max = 80) {
  std::string shown;
  for (std::size_t i = 0; i < bytes.size() && i < max; ++i) {
    const unsigned char c = static_cast<unsigned char>(bytes[i]);
    if (c == '\n')
      shown += "\\n";
    else if (c == '\r')
      shown += "\\r";
    else if (c == '\t')
      shown += "\\t";
    else if (c == '\\')
      shown += "\\\\";
    else if (c == '"')
      shown += "\\\"";
    else if (c < 0x20 || c >= 0x7f) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      shown += hex;
    } else {
      shown += static_cast<char>(c);
    }
  }
  if (bytes.size() > max) shown += "...(" + std::to_string(bytes.size()) + " bytes)";
  return "\"" + shown + "\"";
}

inline std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

inline std::string first_line(const std::string& text) {
  const auto lines = split_lines(text);
  return lines.empty() ? std::string() : lines.front();
}

inline std::string join(const std::vector<std::string>& items, const std::string& separator) {
  std::string joined;
  for (std::size_t i = 0; i < items.size(); ++i) joined += (i ? separator : "") + items[i];
  return joined;
}

// ---------------------------------------------------------------------------------------------
// Child processes

/// How one run of the program ended.
struct Outcome {
  std::string command;  ///< "cd DIR && gridplan ARGS": reproduces the run
  bool timed_out = false;
  bool signaled = false;  ///< killed by a signal it did not handle (WIFSIGNALED)
  int term_signal = 0;
  int exit_code = -1;
  double timeout_s = 0;
  double seconds = 0;    ///< from the start to the exit
  std::string out, err;  ///< stdout, stderr

  bool exited() const { return !timed_out && !signaled; }
  /// "exit 2", "killed by signal 11 (Segmentation fault)", "still running after 60 s".
  std::string status() const {
    if (timed_out)
      return "still running after " + std::to_string(static_cast<int>(timeout_s)) +
             " s (blocked or looping; the test killed it)";
    if (signaled)
      return "killed by signal " + std::to_string(term_signal) + " (" + strsignal(term_signal) +
             ")";
    // Codes of the test's own child before the exec (see Child), not of gridplan.
    static const char* const harness[] = {"chdir failed", "opening stdout/stderr failed",
                                          "exec failed", "no private mount namespace",
                                          "planting files failed"};
    if (exit_code >= 120 && exit_code <= 124)
      return "exit " + std::to_string(exit_code) +
             " (from the test harness, not gridplan: " + harness[exit_code - 120] + ")";
    return "exit " + std::to_string(exit_code);
  }
  /// Status, command and the first line of stderr, for every failure message.
  std::string describe() const {
    return "command: " + command + "\n  result: " + status() +
           "\n  stderr first line: " + printable(first_line(err), 300);
  }
};

inline double monotonic_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

inline void sleep_seconds(double seconds) {
  if (seconds <= 0) return;
  timespec ts{};
  ts.tv_sec = static_cast<time_t>(seconds);
  ts.tv_nsec = static_cast<long>((seconds - static_cast<double>(ts.tv_sec)) * 1e9);
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

/// One gridplan process: started in `cwd` (its own process group, stdin /dev/null, stdout and
/// stderr to files outside the case directory, SIGINT/SIGTERM/SIGHUP at their defaults whatever
/// the test runner's). `in_child(pid)` runs in the child just before exec: it can plant files whose
/// names carry the program's pid.
class Child {
 public:
  Child(const fs::path& cwd, const std::vector<std::string>& args, const fs::path& log_stem,
        const std::function<void(pid_t)>& in_child = {})
      : out_path_(log_stem.string() + ".stdout"), err_path_(log_stem.string() + ".stderr") {
    command_.append("cd ").append(shell_quote(cwd.string())).append(" && ");
    command_.append(shell_quote(cli()));
    for (const std::string& arg : args) command_.append(" ").append(shell_quote(arg));
    std::vector<std::string> argv_text{cli()};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& a : argv_text) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::fflush(nullptr);
    started_ = monotonic_seconds();
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      setpgid(0, 0);
      for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT}) signal(sig, SIG_DFL);
      sigset_t none;
      sigemptyset(&none);
      sigprocmask(SIG_SETMASK, &none, nullptr);
      if (chdir(cwd.c_str()) != 0) _exit(120);
      const int in = open("/dev/null", O_RDONLY);
      const int out = open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      const int err = open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (in < 0 || out < 0 || err < 0) _exit(121);
      dup2(in, 0);
      dup2(out, 1);
      dup2(err, 2);
      close(in);
      close(out);
      close(err);
      if (in_child) in_child(getpid());
      execv(argv[0], argv.data());
      _exit(122);
    }
    setpgid(pid_, pid_);  // also from here: no race with a kill of the group
  }
  ~Child() {
    if (!reaped_) {
      ::kill(-pid_, SIGKILL);
      ::kill(pid_, SIGKILL);
      int status = 0;
      waitpid(pid_, &status, 0);
    }
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  pid_t pid() const { return pid_; }
  double started() const { return started_; }

  /// Whether the child has ended (reaps it if so).
  bool poll() {
    if (reaped_) return true;
    int status = 0;
    const pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      reaped_ = true;
      status_ = status;
      ended_ = monotonic_seconds();
    }
    return reaped_;
  }

  /// Waits until the program has a handler for `sig` (its bit in /proc/PID/status "SigCgt:",
  /// after the exec: "Name:" is the program's). False if it ended first or `timeout_s` passed.
  bool wait_for_handler(int sig, double timeout_s) {
    const double deadline = monotonic_seconds() + timeout_s;
    const std::string program = fs::path(cli()).filename().string().substr(0, 15);
    while (monotonic_seconds() < deadline) {
      if (poll()) return false;
      std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
      std::string line, name;
      unsigned long long caught = 0;
      bool have_mask = false;
      while (std::getline(status, line)) {
        if (line.rfind("Name:", 0) == 0) {
          name = line.substr(5);
          name.erase(0, name.find_first_not_of(" \t"));
        } else if (line.rfind("SigCgt:", 0) == 0) {
          caught = std::stoull(line.substr(7), nullptr, 16);
          have_mask = true;
        }
      }
      if (have_mask && name == program && (caught & (1ULL << (sig - 1))) != 0) return true;
      sleep_seconds(0.0002);
    }
    return false;
  }

  /// Waits for the end, at most `timeout_s` (then kills the process group).
  Outcome wait(double timeout_s) {
    const double deadline = monotonic_seconds() + timeout_s;
    double nap = 0.0002;
    while (!poll()) {
      if (monotonic_seconds() > deadline) {
        ::kill(-pid_, SIGKILL);
        ::kill(pid_, SIGKILL);
        int status = 0;
        waitpid(pid_, &status, 0);
        reaped_ = true;
        timed_out_ = true;
        ended_ = monotonic_seconds();
        break;
      }
      sleep_seconds(nap);
      nap = std::min(nap * 1.5, 0.005);
    }
    Outcome o;
    o.command = command_;
    o.timeout_s = timeout_s;
    o.seconds = ended_ - started_;
    o.timed_out = timed_out_;
    if (!timed_out_) {
      if (WIFSIGNALED(status_)) {
        o.signaled = true;
        o.term_signal = WTERMSIG(status_);
      } else if (WIFEXITED(status_)) {
        o.exit_code = WEXITSTATUS(status_);
      }
    }
    o.out = read_file(out_path_);
    o.err = read_file(err_path_);
    return o;
  }

  const std::string& command() const { return command_; }

 private:
  std::string out_path_, err_path_, command_;
  pid_t pid_ = -1;
  bool reaped_ = false;
  bool timed_out_ = false;
  int status_ = 0;
  double started_ = 0, ended_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Files: what a path is, and a fingerprint of its bytes

inline std::uint64_t hash_file(const fs::path& path) {
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a 64
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return 0;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    for (ssize_t i = 0; i < n; ++i) {
      h ^= static_cast<unsigned char>(buffer[i]);
      h *= 1099511628211ULL;
    }
  }
  ::close(fd);
  return h;
}

/// What is at a path (not following a final symlink).
struct Entry {
  char kind = '-';  ///< '-' missing, 'f' regular, 'd' directory, 'l' symlink, 'p' FIFO,
                    ///< 'c' character device, 'b' block device, 's' socket
  std::uintmax_t size = 0;
  std::uint64_t hash = 0;
  std::string link_target;
  dev_t rdev = 0;

  bool operator==(const Entry& o) const {
    return kind == o.kind && size == o.size && hash == o.hash && link_target == o.link_target &&
           rdev == o.rdev;
  }
  std::string describe() const {
    switch (kind) {
      case '-':
        return "missing";
      case 'f':
        return "a regular file of " + std::to_string(size) + " bytes (hash " +
               std::to_string(hash) + ")";
      case 'd':
        return "a directory";
      case 'l':
        return "a symlink to " + link_target;
      case 'p':
        return "a FIFO";
      case 'c':
        return "a character device " + std::to_string(major(rdev)) + "," +
               std::to_string(minor(rdev));
      case 'b':
        return "a block device";
      default:
        return "a socket";
    }
  }
};

inline Entry inspect(const fs::path& path) {
  Entry e;
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return e;
  if (S_ISREG(st.st_mode)) {
    e.kind = 'f';
    e.size = static_cast<std::uintmax_t>(st.st_size);
    e.hash = hash_file(path);
  } else if (S_ISDIR(st.st_mode)) {
    e.kind = 'd';
  } else if (S_ISLNK(st.st_mode)) {
    e.kind = 'l';
    std::error_code ec;
    e.link_target = fs::read_symlink(path, ec).string();
  } else if (S_ISFIFO(st.st_mode)) {
    e.kind = 'p';
  } else if (S_ISCHR(st.st_mode)) {
    e.kind = 'c';
    e.rdev = st.st_rdev;
  } else if (S_ISBLK(st.st_mode)) {
    e.kind = 'b';
    e.rdev = st.st_rdev;
  } else {
    e.kind = 's';
  }
  return e;
}

inline void list_tree_into(const fs::path& dir, const std::string& prefix,
                           std::vector<std::string>& found) {
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return;
  std::vector<std::string> names;
  while (const dirent* e = readdir(d)) {
    const std::string name = e->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  closedir(d);
  for (const std::string& name : names) {
    found.push_back(prefix + name);
    struct stat st {};
    if (::lstat((dir / name).c_str(), &st) == 0 && S_ISDIR(st.st_mode))
      list_tree_into(dir / name, prefix + name + "/", found);
  }
}

/// Every entry under `dir`, as paths relative to it (symlinks not followed).
inline std::vector<std::string> list_tree(const fs::path& dir) {
  std::vector<std::string> found;
  list_tree_into(dir, "", found);
  std::sort(found.begin(), found.end());
  return found;
}

// ---------------------------------------------------------------------------------------------
// The contract

/// Empty if `err` is warnings (if any) then exactly one "gridplan: error: ..." line.
inline std::string stderr_problem(const std::string& err) {
  const std::vector<std::string> lines = split_lines(err);
  if (lines.empty())
    return "stderr is empty: a non-zero exit must print one line 'gridplan: error: ...'";
  const std::string error = "gridplan: error: ", warning = "gridplan: warning: ";
  for (std::size_t i = 0; i + 1 < lines.size(); ++i)
    if (lines[i].rfind(warning, 0) != 0)
      return "stderr line " + std::to_string(i + 1) + " of " + std::to_string(lines.size()) +
             " is neither the last 'gridplan: error:' line nor a 'gridplan: warning:' line: " +
             printable(lines[i], 300);
  const std::string& last = lines.back();
  if (last.rfind(error, 0) != 0)
    return "the last stderr line does not start with 'gridplan: error: ': " + printable(last, 300);
  if (last.find_first_not_of(' ', error.size()) == std::string::npos)
    return "the 'gridplan: error:' line says nothing";
  return {};
}

inline std::string codes_text(const std::set<int>& codes) {
  std::string text = "{";
  for (int c : codes) text += (text.size() > 1 ? ", " : "") + std::to_string(c);
  return text + "}";
}

/// A scratch directory for one test (kept if the test fails), holding one directory per case
/// and the captured stdout/stderr beside them.
class Workspace {
 public:
  explicit Workspace(const std::string& name) {
    std::string pattern = (fs::temp_directory_path() / ("gridplan_hostile_" + name + "_XXXXXX"));
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    root_ = pattern;
    fs::create_directory(root_ / "logs");
  }
  ~Workspace() {
    if (::testing::Test::HasFailure())
      std::cerr << "[hostile] kept the failing cases in " << root_.string() << "\n";
    else
      fs::remove_all(root_);
  }
  const fs::path& root() const { return root_; }
  /// A new empty directory for one case.
  fs::path new_case(const std::string& name) {
    const fs::path dir = root_ / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
  }
  /// Where the next child's stdout and stderr go.
  fs::path log_stem(const std::string& name) {
    return root_ / "logs" / (name + "." + std::to_string(++logs_));
  }

 private:
  fs::path root_;
  int logs_ = 0;
};

/// One case: its directory, the entries that must come out unchanged (inputs, and files planted
/// to tempt the program), and the checks of the contract after a run.
class Case {
 public:
  Case(Workspace& ws, const std::string& name) : ws_(ws), name_(name), dir_(ws.new_case(name)) {}

  const fs::path& dir() const { return dir_; }
  fs::path path(const std::string& rel) const { return dir_ / rel; }
  const std::string& name() const { return name_; }

  /// Writes an input file (relative to the case directory) and guards it.
  void input(const std::string& rel, const std::string& bytes) {
    fs::create_directories(path(rel).parent_path());
    write_file(path(rel), bytes);
    guard(rel);
  }
  /// Copies `from` as an input and guards it.
  void copy_input(const std::string& rel, const fs::path& from) {
    fs::create_directories(path(rel).parent_path());
    fs::copy_file(from, path(rel), fs::copy_options::overwrite_existing);
    guard(rel);
  }
  /// Records an entry that must be the same afterwards: relative to the case directory, or
  /// absolute (outside it, e.g. /dev/null). Parent directories inside the case are guarded too.
  void guard(const std::string& rel_or_abs) {
    const fs::path p(rel_or_abs);
    const fs::path full = p.is_absolute() ? p : dir_ / p;
    guarded_[rel_or_abs] = inspect(full);
    if (!p.is_absolute())
      for (fs::path parent = p.parent_path(); !parent.empty(); parent = parent.parent_path())
        guarded_[parent.generic_string()] = inspect(dir_ / parent);
  }
  /// Records what an entry must be afterwards, without looking at it now (for entries the child
  /// plants just before its exec, when their names carry its pid).
  void guard_as(const std::string& rel, const Entry& expected) { guarded_[rel] = expected; }
  /// Guards every entry the case directory holds now (after the test planted its files).
  void guard_all() {
    for (const std::string& rel : list_tree(dir_)) guard(rel);
  }

  /// Starts the program in the case directory.
  std::unique_ptr<Child> start(const std::vector<std::string>& args,
                               const std::function<void(pid_t)>& in_child = {}) {
    return std::make_unique<Child>(dir_, args, ws_.log_stem(name_), in_child);
  }
  /// Runs the program in the case directory and waits (at most `timeout_s`).
  Outcome run(const std::vector<std::string>& args, double timeout_s = 60,
              const std::function<void(pid_t)>& in_child = {}) {
    return start(args, in_child)->wait(timeout_s);
  }

  /// What the run did against the contract: exit status, stderr, unchanged guarded entries,
  /// and the files left. `outputs` may exist afterwards (only those); `extra_ok(rel)` accepts
  /// more names (never a *.tmp* one).
  std::vector<std::string> problems(
      const Outcome& o, const std::set<int>& codes, const std::set<std::string>& outputs = {},
      const std::function<bool(const std::string&)>& extra_ok = {}) const {
    std::vector<std::string> found;
    if (o.timed_out)
      found.push_back("the program did not finish within " +
                      std::to_string(static_cast<int>(o.timeout_s)) + " s (it blocks or loops)");
    else if (o.signaled)
      found.push_back("the program was killed by signal " + std::to_string(o.term_signal) + " (" +
                      strsignal(o.term_signal) + ")");
    else if (!codes.count(o.exit_code))
      found.push_back("exit code " + std::to_string(o.exit_code) + ", expected one of " +
                      codes_text(codes));
    if (o.exited() && o.exit_code != 0) {
      const std::string bad = stderr_problem(o.err);
      if (!bad.empty()) found.push_back(bad);
    }
    for (const auto& [rel, before] : guarded_) {
      const fs::path full = fs::path(rel).is_absolute() ? fs::path(rel) : dir_ / rel;
      const Entry after = inspect(full);
      if (!(after == before))
        found.push_back("input/planted " + rel + " changed: it was " + before.describe() +
                        ", now it is " + after.describe());
    }
    for (const std::string& rel : list_tree(dir_)) {
      if (guarded_.count(rel)) continue;
      const std::string file = fs::path(rel).filename().string();
      if (file.find(".tmp") != std::string::npos)
        found.push_back("temporary left behind: " + rel + " (" + inspect(dir_ / rel).describe() +
                        ")");
      else if (!outputs.count(rel) && !(extra_ok && extra_ok(rel)))
        found.push_back("unexpected file left: " + rel + " (" + inspect(dir_ / rel).describe() +
                        ")");
    }
    return found;
  }

  /// Empty if `rel` is a regular file that `gridplan show` reads (exit 0).
  std::string result_file_problem(const std::string& rel) {
    const Entry e = inspect(path(rel));
    if (e.kind != 'f') return "the result " + rel + " is " + e.describe() + ", not a regular file";
    const Outcome show = run({"show", rel}, 60);
    if (!show.exited() || show.exit_code != 0)
      return "the result " + rel + " is not whole: `gridplan show " + rel + "` gave " +
             show.status() + ": " + printable(first_line(show.err), 300);
    return {};
  }

  /// Removes the case directory (after it passed).
  void discard() { fs::remove_all(dir_); }

 private:
  Workspace& ws_;
  std::string name_;
  fs::path dir_;
  std::map<std::string, Entry> guarded_;
};

/// "  - a\n  - b" for a failure message.
inline std::string bullet_list(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += "\n  - " + item;
  return text;
}

/// A directory of inputs shared by the tests of one suite, made once (removed at the end).
class SharedFiles {
 public:
  explicit SharedFiles(const std::string& name) {
    std::string pattern = (fs::temp_directory_path() / ("gridplan_hostile_" + name + "_XXXXXX"));
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    fs::create_directory(dir_ / "logs");
  }
  ~SharedFiles() { fs::remove_all(dir_); }
  const fs::path& dir() const { return dir_; }
  fs::path path(const std::string& rel) const { return dir_ / rel; }
  /// Runs gridplan here; throws with its stderr unless it exits 0.
  void gridplan(const std::vector<std::string>& args) {
    Child child(dir_, args, dir_ / "logs" / ("prepare" + std::to_string(++runs_)));
    const Outcome o = child.wait(300);
    if (!o.exited() || o.exit_code != 0)
      throw std::runtime_error("preparing the shared inputs failed: " + o.describe());
  }

 private:
  fs::path dir_;
  int runs_ = 0;
};

}  // namespace gridplan::hostile
