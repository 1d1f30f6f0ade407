// The civil calendar of a run: simulated seconds to date, weekday, hour of day and working day,
// with the scenario's public holidays and its make-up working days (调休).
#pragma once

#include <string>
#include <vector>

#include "gridplan/kernel/time.hpp"

namespace gridplan::kernel {

/// A proleptic Gregorian date.
struct Date {
  int year = 1970;
  int month = 1;  ///< 1..12
  int day = 1;    ///< 1..31
  /// Days since 1970-01-01.
  long to_days() const;
  static Date from_days(long days);
  /// "YYYY-MM-DD"; parse() returns false on a malformed or impossible date.
  std::string to_string() const;
  static bool parse(const std::string& text, Date& out);
  /// YYYYMMDD as an integer, for tables.
  int to_int() const { return year * 10000 + month * 100 + day; }
  friend bool operator==(const Date&, const Date&) = default;
};

/// Maps simulated time (seconds from the start date's midnight) to calendar facts.
class Calendar {
 public:
  /// `span_days` days from `start` are tabulated; later days follow the weekday rule.
  Calendar(Date start, const std::vector<Date>& holidays, const std::vector<Date>& working_weekends,
           int span_days);
  Date start() const { return start_; }
  /// Day index (0 = start date) of time t.
  static int day_of(SimTime t) { return static_cast<int>(t / kDay); }
  /// Hour of day of time t, in [0, 24).
  static double hour_of(SimTime t) { return (t - day_of(t) * kDay) / kHour; }
  Date date_of_day(int day) const { return Date::from_days(start_days_ + day); }
  /// 0 = Monday ... 6 = Sunday.
  int weekday_of_day(int day) const;
  bool is_working_day(int day) const;
  /// The time reached from t after `working_seconds` of working-day time (rest days do not
  /// count): a limit of 1 working day from Friday 15:00 ends on Monday 15:00.
  SimTime advance_working_time(SimTime t, double working_seconds) const;

 private:
  Date start_;
  long start_days_;
  std::vector<char> working_;  // per tabulated day
};

/// When a person or a pool is on duty: one window on working days and one on rest days, each
/// inside a day (start + hours <= 24). Work can be paused off duty (advance) or not.
class ShiftPattern {
 public:
  ShiftPattern() = default;
  ShiftPattern(const Calendar* calendar, double working_start_hour, double working_hours,
               double rest_start_hour, double rest_hours);
  bool is_on(SimTime t) const;
  /// t if on duty at t, else the start of the next on-duty window (infinity if none).
  SimTime next_on(SimTime t) const;
  /// The end of the on-duty window containing t (t must be on duty).
  SimTime window_end(SimTime t) const;
  /// The time at which `work` seconds of on-duty time, started at t, are done.
  SimTime advance(SimTime t, double work) const;
  /// On-duty seconds in [from, to).
  double on_seconds(SimTime from, SimTime to) const;
  /// True if the pattern is on duty at every instant.
  bool always_on() const;

 private:
  void window(int day, double& begin, double& end) const;  // absolute seconds
  const Calendar* calendar_ = nullptr;
  double work_start_ = 0, work_hours_ = 24, rest_start_ = 0, rest_hours_ = 24;
};

}  // namespace gridplan::kernel
