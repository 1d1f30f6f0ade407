// Child-process sweeps: posix_spawn of the program with --worker RUN, waitpid for any child, and
// the parts the children wrote counted as committed runs.
#include "gridplan/experiment/process_sweep.hpp"

#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <stdexcept>

#include "gridplan/experiment/sweep_parts.hpp"

extern char** environ;

namespace gridplan::experiment {

namespace {

/// Starts `program args... --worker RUN` in a process group of its own; returns its pid.
pid_t spawn_worker(const std::string& program, const std::vector<std::string>& args,
                   std::size_t run) {
  std::vector<std::string> words{"gridplan"};
  words.insert(words.end(), args.begin(), args.end());
  words.push_back("--worker");
  words.push_back(std::to_string(run));
  std::vector<char*> argv;
  for (std::string& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, program.c_str(), nullptr, &attributes, argv.data(), environ);
  posix_spawnattr_destroy(&attributes);
  if (rc != 0)
    throw std::runtime_error("cannot start a worker process (" + program +
                             "): " + std::strerror(rc));
  return pid;
}

/// "exit status 1", "signal 9".
std::string describe_status(int status) {
  if (WIFEXITED(status)) return "exit status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "signal " + std::to_string(WTERMSIG(status));
  return "status " + std::to_string(status);
}

}  // namespace

RunExecutor process_executor(std::string program, std::vector<std::string> args, int processes) {
  return
      [program, args, processes](const SweepPlan& plan, RunQueue& queue, RunCommitter& committer) {
        std::map<pid_t, std::size_t> children;
        std::string failure;
        for (;;) {
          std::size_t run = 0;
          while (failure.empty() && children.size() < static_cast<std::size_t>(processes) &&
                 queue.next(run)) {
            try {
              children.emplace(spawn_worker(program, args, run), run);
            } catch (const std::exception& e) {
              failure = e.what();
            }
          }
          if (children.empty()) break;
          int status = 0;
          const pid_t pid = waitpid(-1, &status, 0);
          if (pid < 0) {
            if (errno == EINTR) continue;  // Ctrl-C: the queue stops, the children finish
            throw std::runtime_error(std::string("waiting for worker processes: ") +
                                     std::strerror(errno));
          }
          const auto child = children.find(pid);
          if (child == children.end()) continue;
          run = child->second;
          children.erase(child);
          if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
            committer.adopt(run);
          else if (failure.empty())
            failure = "run " + std::to_string(run) + " (point " +
                      std::to_string(plan.point_of(run)) + "): its worker process ended with " +
                      describe_status(status) + " (its message, if any, is above)";
        }
        if (!failure.empty()) throw std::runtime_error(failure);
      };
}

void run_sweep_worker(const SweepPlan& plan, const std::string& out_path, std::size_t run,
                      const std::string& engine, const io::Provenance& provenance) {
  if (run >= plan.runs())
    throw SweepError("--worker " + std::to_string(run) + ": the sweep has " +
                     std::to_string(plan.runs()) + " runs");
  const SweepParts parts(out_path, plan.fingerprint);
  parts.create();  // normally the parent's; a worker started by hand may be first
  parts.write(run, provenance, execute_sweep_run(plan, run, engine));
}

}  // namespace gridplan::experiment
