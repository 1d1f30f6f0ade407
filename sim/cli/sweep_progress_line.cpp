// The sweep's progress line (runs done, rate and time left, this invocation's runs only) and its
// Ctrl-C guard: a flag set by a one-shot SIGINT handler, polled before each run starts.
#include "sweep_progress_line.hpp"

#include <cmath>
#include <csignal>
#include <cstdio>
#include <string>

namespace gridplan::cli {

namespace {

volatile std::sig_atomic_t g_sweep_interrupted = 0;

extern "C" void on_sweep_sigint(int) {
  g_sweep_interrupted = 1;
}

/// "42 s", "3 min 20 s", "1 h 05 min".
std::string format_duration(double seconds) {
  char text[32];
  if (seconds < 60)
    std::snprintf(text, sizeof text, "%.0f s", seconds);
  else if (seconds < 3600)
    std::snprintf(text, sizeof text, "%.0f min %02.0f s", std::floor(seconds / 60),
                  std::fmod(seconds, 60.0));
  else
    std::snprintf(text, sizeof text, "%.0f h %02.0f min", std::floor(seconds / 3600),
                  std::floor(std::fmod(seconds, 3600.0) / 60));
  return text;
}

}  // namespace

SweepInterruptGuard::SweepInterruptGuard() {
  g_sweep_interrupted = 0;
  sigaction(SIGINT, nullptr, &previous_);
  if (previous_.sa_handler == SIG_IGN) return;
  struct sigaction action {};
  action.sa_handler = on_sweep_sigint;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND;  // and no SA_RESTART: a waitpid() for a child returns EINTR
  sigaction(SIGINT, &action, nullptr);
}

SweepInterruptGuard::~SweepInterruptGuard() {
  sigaction(SIGINT, &previous_, nullptr);
}

bool SweepInterruptGuard::interrupted() const {
  return g_sweep_interrupted != 0;
}

void SweepProgressLine::update(const experiment::SweepProgress& p) {
  const double minutes = std::chrono::duration<double>(Clock::now() - started_).count() / 60.0;
  const std::size_t here = p.done - p.resumed;
  char line[160];
  int n = std::snprintf(line, sizeof line, "runs %zu/%zu", p.done, p.total);
  if (here > 0 && minutes > 0) {
    const double rate = here / minutes;
    n += std::snprintf(line + n, sizeof line - n, "   %.1f runs/min", rate);
    if (p.done < p.total)
      std::snprintf(line + n, sizeof line - n, "   %s left",
                    format_duration(60.0 * (p.total - p.done) / rate).c_str());
  }
  out_ << '\r' << line << "\033[K" << std::flush;
  drawn_ = true;
}

void SweepProgressLine::clear() {
  if (drawn_) out_ << "\r\033[K" << std::flush;
  drawn_ = false;
}

}  // namespace gridplan::cli
