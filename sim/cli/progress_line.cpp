// The progress line of `gridplan run`: "2023-03-14   19.6%   1.2 M cases/s   0.6 s left", drawn
// with a carriage return and an erase-to-end-of-line so it stays on one terminal line.
#include "progress_line.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "gridplan/kernel/time.hpp"

namespace gridplan::cli {

namespace {

constexpr auto kMinRedraw = std::chrono::milliseconds(200);

/// "850 cases/s", "12.3 k cases/s", "1.23 M cases/s".
std::string format_rate(double per_second) {
  char text[32];
  if (per_second >= 1e6)
    std::snprintf(text, sizeof text, "%.2f M", per_second / 1e6);
  else if (per_second >= 1e3)
    std::snprintf(text, sizeof text, "%.1f k", per_second / 1e3);
  else
    std::snprintf(text, sizeof text, "%.0f", per_second);
  return text;
}

/// "0.6 s", "42 s", "3 min 20 s".
std::string format_duration(double seconds) {
  char text[32];
  if (seconds < 10)
    std::snprintf(text, sizeof text, "%.1f s", seconds);
  else if (seconds < 60)
    std::snprintf(text, sizeof text, "%.0f s", seconds);
  else
    std::snprintf(text, sizeof text, "%.0f min %02.0f s", std::floor(seconds / 60),
                  std::fmod(seconds, 60.0));
  return text;
}

}  // namespace

ProgressLine::ProgressLine(std::ostream& out, kernel::Date start, double horizon_seconds)
    : out_(out), start_days_(start.to_days()), horizon_seconds_(horizon_seconds) {}

void ProgressLine::update(double sim_seconds, std::uint64_t cases) {
  const auto now = Clock::now();
  if (drawn_ && now - last_draw_ < kMinRedraw) return;
  last_draw_ = now;
  draw(sim_seconds, cases, std::chrono::duration<double>(now - started_).count());
}

void ProgressLine::draw(double sim_seconds, std::uint64_t cases, double wall_seconds) {
  const double fraction =
      horizon_seconds_ > 0 ? std::clamp(sim_seconds / horizon_seconds_, 0.0, 1.0) : 1.0;
  const long day = static_cast<long>(sim_seconds / kernel::kDay);
  std::string line = kernel::Date::from_days(start_days_ + day).to_string();
  char percent[16];
  std::snprintf(percent, sizeof percent, "%6.1f%%", 100 * fraction);
  line += std::string("  ") + percent;
  if (wall_seconds > 0) line += "   " + format_rate(cases / wall_seconds) + " cases/s";
  if (fraction > 0 && fraction < 1)
    line += "   " + format_duration(wall_seconds * (1 - fraction) / fraction) + " left";
  out_ << '\r' << line << "\033[K" << std::flush;
  drawn_ = true;
}

void ProgressLine::clear() {
  if (drawn_) out_ << "\r\033[K" << std::flush;
  drawn_ = false;
}

}  // namespace gridplan::cli
