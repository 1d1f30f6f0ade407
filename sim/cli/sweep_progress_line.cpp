// The sweep's progress line: runs done, rate and time left, this invocation's runs only.
#include "sweep_progress_line.hpp"

#include <cmath>
#include <cstdio>
#include <string>

namespace gridplan::cli {

namespace {

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
