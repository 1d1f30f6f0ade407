// Rota days and review instants, by walking days forward from a time.
#include "gridplan/model/mediation_calendar.hpp"

#include <algorithm>
#include <limits>

namespace gridplan::model {

using kernel::Calendar;
using kernel::kDay;
using kernel::kHour;

bool sits_on(const Calendar& calendar, const ProfessionSpec& profession, int day) {
  return profession.weekdays[calendar.weekday_of_day(day)] &&
         (profession.on_rest_days || calendar.is_working_day(day));
}

double next_sitting(const Calendar& calendar, const ShiftSpec& hours,
                    const ProfessionSpec& profession, double t) {
  for (int day = Calendar::day_of(t), end = day + 366; day < end; ++day) {
    if (!sits_on(calendar, profession, day)) continue;
    const double open = day * kDay + hours.working_start_hour * kHour;
    const double close = open + hours.working_hours * kHour;
    if (t < close) return std::max(t, open);
  }
  return std::numeric_limits<double>::infinity();
}

double next_review(const Calendar& calendar, double review_hour, double t) {
  for (int day = Calendar::day_of(t);; ++day) {
    const double at = day * kDay + review_hour * kHour;
    if (calendar.is_working_day(day) && at >= t) return at;
  }
}

}  // namespace gridplan::model
