// Date arithmetic (Hinnant's days-from-civil algorithms), working days and duty windows.
#include "gridplan/kernel/calendar.hpp"

#include <cmath>
#include <cstdio>
#include <limits>

namespace gridplan::kernel {

long Date::to_days() const {
  const int y = year - (month <= 2);
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned mp = static_cast<unsigned>(month + (month > 2 ? -3 : 9));
  const unsigned doy = (153 * mp + 2) / 5 + static_cast<unsigned>(day) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

Date Date::from_days(long z) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long y = static_cast<long>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return Date{static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

std::string Date::to_string() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

bool Date::parse(const std::string& text, Date& out) {
  int y, m, d;
  char tail;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) return false;
  const Date date{y, m, d};
  if (m < 1 || m > 12 || d < 1 || d > 31 || !(from_days(date.to_days()) == date)) return false;
  out = date;
  return true;
}

Calendar::Calendar(Date start, const std::vector<Date>& holidays,
                   const std::vector<Date>& working_weekends, int span_days)
    : start_(start), start_days_(start.to_days()), working_(static_cast<std::size_t>(span_days)) {
  for (int d = 0; d < span_days; ++d) working_[d] = weekday_of_day(d) < 5;
  const auto mark = [&](const Date& date, bool working) {
    const long d = date.to_days() - start_days_;
    if (d >= 0 && d < span_days) working_[d] = working;
  };
  for (const auto& h : holidays) mark(h, false);
  for (const auto& w : working_weekends) mark(w, true);
}

int Calendar::weekday_of_day(int day) const {
  // 1970-01-01 was a Thursday (weekday 3 with Monday = 0).
  const long w = (start_days_ + day + 3) % 7;
  return static_cast<int>(w < 0 ? w + 7 : w);
}

bool Calendar::is_working_day(int day) const {
  if (day >= 0 && day < static_cast<int>(working_.size())) return working_[day];
  return weekday_of_day(day) < 5;
}

SimTime Calendar::advance_working_time(SimTime t, double working_seconds) const {
  int day = day_of(t);
  double left = working_seconds;
  double at = t;
  for (;;) {
    const double day_end = (day + 1) * kDay;
    if (is_working_day(day)) {
      if (at + left <= day_end) return at + left;
      left -= day_end - at;
    }
    ++day;
    at = day * kDay;
  }
}

ShiftPattern::ShiftPattern(const Calendar* calendar, double working_start_hour,
                           double working_hours, double rest_start_hour, double rest_hours)
    : calendar_(calendar),
      work_start_(working_start_hour),
      work_hours_(working_hours),
      rest_start_(rest_start_hour),
      rest_hours_(rest_hours) {}

void ShiftPattern::window(int day, double& begin, double& end) const {
  const bool working = calendar_->is_working_day(day);
  const double start = working ? work_start_ : rest_start_;
  const double hours = working ? work_hours_ : rest_hours_;
  begin = day * kDay + start * kHour;
  end = begin + hours * kHour;
}

bool ShiftPattern::always_on() const {
  return work_start_ == 0 && work_hours_ >= 24 && rest_start_ == 0 && rest_hours_ >= 24;
}

bool ShiftPattern::is_on(SimTime t) const {
  double b, e;
  window(Calendar::day_of(t), b, e);
  return t >= b && t < e;
}

SimTime ShiftPattern::next_on(SimTime t) const {
  if (work_hours_ <= 0 && rest_hours_ <= 0) return std::numeric_limits<double>::infinity();
  for (int day = Calendar::day_of(t);; ++day) {
    double b, e;
    window(day, b, e);
    if (e > b && t < e) return t > b ? t : b;
  }
}

SimTime ShiftPattern::window_end(SimTime t) const {
  double b, e;
  window(Calendar::day_of(t), b, e);
  if (always_on()) {
    // Windows of consecutive always-on days touch: the shift never ends.
    return std::numeric_limits<double>::infinity();
  }
  return e;
}

SimTime ShiftPattern::advance(SimTime t, double work) const {
  if (always_on()) return t + work;
  double at = next_on(t);
  double left = work;
  for (;;) {
    const double end = window_end(at);
    if (at + left <= end) return at + left;
    left -= end - at;
    at = next_on(end);
  }
}

double ShiftPattern::on_seconds(SimTime from, SimTime to) const {
  if (to <= from) return 0.0;
  double total = 0.0;
  for (int day = Calendar::day_of(from); day * kDay < to; ++day) {
    double b, e;
    window(day, b, e);
    const double lo = b > from ? b : from, hi = e < to ? e : to;
    if (hi > lo) total += hi - lo;
  }
  return total;
}

}  // namespace gridplan::kernel
