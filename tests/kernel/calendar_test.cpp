// Unit tests of the civil calendar: date arithmetic and parsing, weekdays, holidays and make-up
// working days, working-time deadlines, and duty windows (ShiftPattern) at their boundaries.
#include "gridplan/kernel/calendar.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>

#include "gridplan/kernel/time.hpp"

namespace gridplan::kernel {
namespace {

Date date(const std::string& text) {
  Date d;
  EXPECT_TRUE(Date::parse(text, d)) << text;
  return d;
}

// The scenario calendar of these tests: from Monday 2022-12-26 for 60 days, with the public
// holiday Monday 2023-01-02 and the make-up working Saturday 2023-01-28.
Calendar test_calendar() {
  return Calendar(date("2022-12-26"), {date("2023-01-02")}, {date("2023-01-28")}, 60);
}

// Day index of `text` in a calendar starting at `start`.
int day_index(const Calendar& cal, const std::string& text) {
  return static_cast<int>(date(text).to_days() - cal.start().to_days());
}

// Simulated time of `hour` on the day `text`.
SimTime at(const Calendar& cal, const std::string& text, double hour) {
  return day_index(cal, text) * kDay + hour * kHour;
}

bool leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}
int days_in_month(int y, int m) {
  static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : n[m - 1];
}

TEST(calendar, date_round_trips_every_day_from_1900_to_2100) {
  // Truth: a day-by-day walk with its own leap-year rule, anchored at 1900-01-01 =
  // -(70 * 365 + 17) days from 1970-01-01 (17 leap days: 1904 ... 1968).
  Date d{1900, 1, 1};
  long days = -(70L * 365 + 17);
  int wrong_to = 0, wrong_from = 0, checked = 0;
  while (d.year <= 2100) {
    if (d.to_days() != days) ++wrong_to;
    if (!(Date::from_days(days) == d)) ++wrong_from;
    ++checked;
    ++days;
    if (++d.day > days_in_month(d.year, d.month)) {
      d.day = 1;
      if (++d.month > 12) {
        d.month = 1;
        ++d.year;
      }
    }
  }
  EXPECT_EQ(checked, 201 * 365 + 49);  // 49 leap years in 1900..2100 (not 1900, 2100)
  EXPECT_EQ(wrong_to, 0);
  EXPECT_EQ(wrong_from, 0);
  EXPECT_EQ((Date{1970, 1, 1}.to_days()), 0);
  EXPECT_EQ((Date{2000, 3, 1}.to_days()), 11017);
  EXPECT_EQ((Date{2023, 1, 1}.to_days()), 19358);
}

TEST(calendar, parse_accepts_real_dates_and_rejects_others) {
  Date d;
  ASSERT_TRUE(Date::parse("2024-02-29", d));
  EXPECT_EQ(d, (Date{2024, 2, 29}));
  EXPECT_TRUE(Date::parse("2000-02-29", d));
  EXPECT_TRUE(Date::parse("2023-12-31", d));
  for (const char* bad :
       {"2023-02-29", "2023-13-01", "x", "", "1900-02-29", "2100-02-29", "2023-00-10", "2023-04-31",
        "2023-01-32", "2023-01-00", "2023-01-01x", "2023/01/01", "2023-01"}) {
    Date out{1999, 9, 9};
    EXPECT_FALSE(Date::parse(bad, out)) << bad;
    EXPECT_EQ(out, (Date{1999, 9, 9})) << bad << ": output changed on failure";
  }
}

TEST(calendar, to_string_and_to_int_round_trip_through_parse) {
  const Date d{2023, 1, 5};
  EXPECT_EQ(d.to_string(), "2023-01-05");
  EXPECT_EQ(d.to_int(), 20230105);
  Date back;
  ASSERT_TRUE(Date::parse(d.to_string(), back));
  EXPECT_EQ(back, d);
}

TEST(calendar, weekdays) {
  const Calendar from_2023(date("2023-01-01"), {}, {}, 10);
  EXPECT_EQ(from_2023.weekday_of_day(0), 6);                              // 2023-01-01 is a Sunday
  EXPECT_EQ(from_2023.weekday_of_day(1), 0);                              // Monday
  EXPECT_EQ(from_2023.weekday_of_day(-1), 5);                             // 2022-12-31, Saturday
  EXPECT_EQ(from_2023.weekday_of_day(365), 0);                            // 2024-01-01, Monday
  EXPECT_EQ(Calendar(Date{1970, 1, 1}, {}, {}, 1).weekday_of_day(0), 3);  // Thursday
  EXPECT_EQ(Calendar(Date{1900, 1, 1}, {}, {}, 1).weekday_of_day(0), 0);  // Monday
  EXPECT_EQ(Calendar(Date{2000, 1, 1}, {}, {}, 1).weekday_of_day(0), 5);  // Saturday
  EXPECT_EQ(from_2023.date_of_day(31), (Date{2023, 2, 1}));
}

TEST(calendar, day_and_hour_of_time) {
  EXPECT_EQ(Calendar::day_of(0.0), 0);
  EXPECT_EQ(Calendar::day_of(kDay - 1e-6), 0);
  EXPECT_EQ(Calendar::day_of(3 * kDay), 3);
  EXPECT_DOUBLE_EQ(Calendar::hour_of(3 * kDay + 15.5 * kHour), 15.5);
  EXPECT_EQ(Calendar::hour_of(2 * kDay), 0.0);
}

TEST(calendar, holidays_and_make_up_working_days) {
  const Calendar cal = test_calendar();
  EXPECT_TRUE(cal.is_working_day(day_index(cal, "2022-12-30")));   // plain Friday
  EXPECT_FALSE(cal.is_working_day(day_index(cal, "2023-01-02")));  // holiday Monday
  EXPECT_TRUE(cal.is_working_day(day_index(cal, "2023-01-03")));   // Tuesday after it
  EXPECT_FALSE(cal.is_working_day(day_index(cal, "2023-01-07")));  // plain Saturday
  EXPECT_FALSE(cal.is_working_day(day_index(cal, "2023-01-08")));  // plain Sunday
  EXPECT_TRUE(cal.is_working_day(day_index(cal, "2023-01-28")));   // make-up Saturday
  EXPECT_FALSE(cal.is_working_day(day_index(cal, "2023-01-29")));  // the Sunday after
  // Past the tabulated 60 days the weekday rule holds.
  EXPECT_TRUE(cal.is_working_day(day_index(cal, "2023-03-06")));   // Monday, day 70
  EXPECT_FALSE(cal.is_working_day(day_index(cal, "2023-03-11")));  // Saturday
  int working = 0;
  for (int d = 0; d < 60; ++d) working += cal.is_working_day(d);
  EXPECT_EQ(working, 8 * 5 + 4 - 1 + 1);  // 8 weeks + Mon-Thu, minus holiday, plus make-up
}

TEST(calendar, advance_working_time_skips_rest_days) {
  const Calendar cal = test_calendar();
  // 1 working day from Friday 15:00 ends Monday 15:00.
  EXPECT_EQ(cal.advance_working_time(at(cal, "2023-01-06", 15), kDay), at(cal, "2023-01-09", 15));
  // ... and Tuesday 15:00 when that Monday is a holiday.
  EXPECT_EQ(cal.advance_working_time(at(cal, "2022-12-30", 15), kDay), at(cal, "2023-01-03", 15));
  // ... and Saturday 15:00 when that Saturday is a make-up working day.
  EXPECT_EQ(cal.advance_working_time(at(cal, "2023-01-27", 15), kDay), at(cal, "2023-01-28", 15));
  // Inside one working day, and several days.
  EXPECT_EQ(cal.advance_working_time(at(cal, "2023-01-04", 10), 2 * kHour),
            at(cal, "2023-01-04", 12));
  EXPECT_EQ(cal.advance_working_time(at(cal, "2023-01-09", 15), 5 * kDay),
            at(cal, "2023-01-16", 15));
  // Started on a rest day, the clock runs from the next working day's midnight.
  EXPECT_EQ(cal.advance_working_time(at(cal, "2023-01-07", 10), kHour), at(cal, "2023-01-09", 1));
  // Zero work on a working day returns t.
  const SimTime t = at(cal, "2023-01-06", 15);
  EXPECT_EQ(cal.advance_working_time(t, 0.0), t);
}

// Working days 08:30-16:30, rest days (weekends, holidays) 09:00-13:00.
ShiftPattern office_hours(const Calendar* cal) {
  return ShiftPattern(cal, 8.5, 8.0, 9.0, 4.0);
}

TEST(calendar, shift_is_on_at_window_boundaries) {
  const Calendar cal = test_calendar();
  const ShiftPattern s = office_hours(&cal);
  const char* fri = "2023-01-06";
  const char* sat = "2023-01-07";
  const char* holiday = "2023-01-02";
  EXPECT_FALSE(s.is_on(at(cal, fri, 8.5) - 1e-6));
  EXPECT_TRUE(s.is_on(at(cal, fri, 8.5)));  // [begin, end)
  EXPECT_TRUE(s.is_on(at(cal, fri, 16.5) - 1e-6));
  EXPECT_FALSE(s.is_on(at(cal, fri, 16.5)));
  EXPECT_FALSE(s.is_on(at(cal, sat, 8.5)));
  EXPECT_TRUE(s.is_on(at(cal, sat, 9)));
  EXPECT_FALSE(s.is_on(at(cal, sat, 13)));
  EXPECT_FALSE(s.is_on(at(cal, holiday, 8.5)));  // a holiday follows the rest-day window
  EXPECT_TRUE(s.is_on(at(cal, holiday, 12)));
  EXPECT_TRUE(s.is_on(at(cal, "2023-01-28", 15)));  // a make-up Saturday, the working window
  EXPECT_FALSE(s.always_on());
}

TEST(calendar, shift_next_on_and_window_end) {
  const Calendar cal = test_calendar();
  const ShiftPattern s = office_hours(&cal);
  EXPECT_EQ(s.next_on(at(cal, "2023-01-06", 7)), at(cal, "2023-01-06", 8.5));
  EXPECT_EQ(s.next_on(at(cal, "2023-01-06", 10)), at(cal, "2023-01-06", 10));  // on: t itself
  EXPECT_EQ(s.next_on(at(cal, "2023-01-06", 16.5)), at(cal, "2023-01-07", 9));
  EXPECT_EQ(s.next_on(at(cal, "2023-01-07", 13)), at(cal, "2023-01-08", 9));
  EXPECT_EQ(s.next_on(at(cal, "2023-01-01", 13)), at(cal, "2023-01-02", 9));  // holiday next
  EXPECT_EQ(s.next_on(at(cal, "2023-01-02", 13)), at(cal, "2023-01-03", 8.5));
  EXPECT_EQ(s.window_end(at(cal, "2023-01-06", 8.5)), at(cal, "2023-01-06", 16.5));
  EXPECT_EQ(s.window_end(at(cal, "2023-01-06", 16)), at(cal, "2023-01-06", 16.5));
  EXPECT_EQ(s.window_end(at(cal, "2023-01-07", 9)), at(cal, "2023-01-07", 13));
  // Never on duty: next_on is infinite.
  const ShiftPattern never(&cal, 8, 0, 9, 0);
  EXPECT_EQ(never.next_on(0.0), std::numeric_limits<double>::infinity());
}

TEST(calendar, shift_advance_pauses_off_duty) {
  const Calendar cal = test_calendar();
  const ShiftPattern s = office_hours(&cal);
  // 2 h started Friday 16:00: 0.5 h on Friday, the rest from Saturday 09:00.
  EXPECT_EQ(s.advance(at(cal, "2023-01-06", 16), 2 * kHour), at(cal, "2023-01-07", 10.5));
  // Started off duty, work waits for the window.
  EXPECT_EQ(s.advance(at(cal, "2023-01-06", 7), kHour), at(cal, "2023-01-06", 9.5));
  EXPECT_EQ(s.advance(at(cal, "2023-01-06", 20), 0.0), at(cal, "2023-01-07", 9));
  // Fri 0.5 h + Sat 4 h + Sun 4 h + holiday Mon 4 h = 12.5 h ends at the holiday's 13:00.
  EXPECT_EQ(s.advance(at(cal, "2022-12-30", 16), 12.5 * kHour), at(cal, "2023-01-02", 13));
  EXPECT_EQ(s.advance(at(cal, "2022-12-30", 16), 13 * kHour), at(cal, "2023-01-03", 9));
}

TEST(calendar, shift_on_seconds_over_a_week) {
  const Calendar cal = test_calendar();
  const ShiftPattern s = office_hours(&cal);
  // Monday 2023-01-09 to Monday 2023-01-16: 5 working days of 8 h and a weekend of 2 x 4 h.
  EXPECT_EQ(s.on_seconds(at(cal, "2023-01-09", 0), at(cal, "2023-01-16", 0)),
            (5 * 8 + 2 * 4) * kHour);
  // The week with the holiday Monday: 4 x 8 h + 3 x 4 h.
  EXPECT_EQ(s.on_seconds(at(cal, "2023-01-02", 0), at(cal, "2023-01-09", 0)),
            (4 * 8 + 3 * 4) * kHour);
  EXPECT_EQ(s.on_seconds(at(cal, "2023-01-06", 12), at(cal, "2023-01-06", 20)), 4.5 * kHour);
  EXPECT_EQ(s.on_seconds(at(cal, "2023-01-06", 12), at(cal, "2023-01-06", 12)), 0.0);
  EXPECT_EQ(s.on_seconds(at(cal, "2023-01-06", 12), at(cal, "2023-01-06", 11)), 0.0);
}

TEST(calendar, shift_advance_and_on_seconds_agree) {
  // Property: the on-duty time between t and advance(t, w) is w, for random t and w.
  const Calendar cal = test_calendar();
  const ShiftPattern s = office_hours(&cal);
  std::mt19937_64 rng(5);
  int bad = 0;
  for (int i = 0; i < 2000; ++i) {
    const SimTime t = static_cast<double>(rng() % (50 * 86400));
    const double w = static_cast<double>(rng() % (40 * 3600));
    const SimTime end = s.advance(t, w);
    if (std::fabs(s.on_seconds(t, end) - w) > 1e-6 || (w > 0 && !s.is_on(end - 1e-3))) ++bad;
  }
  EXPECT_EQ(bad, 0);
}

TEST(calendar, always_on_shift) {
  const Calendar cal = test_calendar();
  const ShiftPattern s(&cal, 0, 24, 0, 24);
  EXPECT_TRUE(s.always_on());
  for (const SimTime t : {0.0, 3.7 * kHour, at(cal, "2023-01-07", 23.99), 40 * kDay + 1}) {
    for (const double w : {0.0, 1.0, 5 * kHour, 3.5 * kDay}) EXPECT_EQ(s.advance(t, w), t + w);
    EXPECT_TRUE(s.is_on(t));
    EXPECT_EQ(s.next_on(t), t);
    EXPECT_EQ(s.window_end(t), std::numeric_limits<double>::infinity());
  }
  EXPECT_EQ(s.on_seconds(0, 7 * kDay), 7 * kDay);
}

}  // namespace
}  // namespace gridplan::kernel
