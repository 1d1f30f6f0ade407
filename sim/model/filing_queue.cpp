// replay_filing_queue: an event-free FIFO multi-server queue with an hourly headcount. Each case
// starts at the first moment at or after its arrival and the previous case's start at which fewer
// cases are in service than operators are on duty; that moment is an arrival, a completion or an
// hour at which the headcount rises, the same instants at which the StaffPool tries to start one.
#include "gridplan/model/filing_queue.hpp"

#include "gridplan/model/staff_pool.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <queue>
#include <stdexcept>

namespace gridplan::model {

using kernel::kDay;
using kernel::kHour;

int service_bucket(const kernel::Calendar& calendar, double t) {
  const int day = kernel::Calendar::day_of(t);
  const int hour = std::min(23, static_cast<int>(kernel::Calendar::hour_of(t)));
  return (calendar.is_working_day(day) ? 0 : 24) + hour;
}

namespace {

class Headcount {
 public:
  Headcount(const OperatorRoster& roster, const kernel::Calendar& calendar)
      : roster_(roster), calendar_(calendar) {}
  int at(double t) const {
    const int b = service_bucket(calendar_, t);
    return roster_[b / 24][b % 24];
  }
  /// The next hour boundary after t, within two days, at which the headcount rises; +inf if none.
  double next_rise(double t) const {
    const double at_rise = next_headcount_rise(t, [this](double x) { return at(x); });
    return at_rise < 0 ? HUGE_VAL : at_rise;
  }

 private:
  const OperatorRoster& roster_;
  const kernel::Calendar& calendar_;
};

// Adds the interval [from, to) of one case in the system to the buckets it spans.
void add_presence(const kernel::Calendar& calendar, double from, double to,
                  FilingQueueReplay& out) {
  while (from < to) {
    const double hour_end = (std::floor(from / kHour) + 1) * kHour;
    const double hi = std::min(to, hour_end);
    out.in_system_area[service_bucket(calendar, from)] += hi - from;
    from = hi;
  }
}

}  // namespace

FilingQueueReplay replay_filing_queue(const std::vector<FilingJob>& jobs,
                                      const OperatorRoster& roster,
                                      const kernel::Calendar& calendar, double horizon) {
  FilingQueueReplay out;
  for (double t = 0; t < horizon; t += kHour)
    out.seconds[service_bucket(calendar, t)] += std::min(kHour, horizon - t);
  const Headcount headcount(roster, calendar);
  std::priority_queue<double, std::vector<double>, std::greater<>> ends;  // cases in service
  double last_start = 0, last_joined = 0;
  for (const FilingJob& job : jobs) {
    if (job.joined < last_joined) throw std::invalid_argument("filing jobs out of order");
    last_joined = job.joined;
    double t = std::max(job.joined, last_start);
    for (;;) {
      while (!ends.empty() && ends.top() <= t) ends.pop();
      if (static_cast<int>(ends.size()) < headcount.at(t)) break;
      const double next_end = ends.empty() ? HUGE_VAL : ends.top();
      t = std::min(next_end, headcount.next_rise(t));
      if (t == HUGE_VAL) break;  // never served: no operator ever comes on duty
    }
    if (t >= horizon) {
      // Not started within the horizon: waiting at the end, like the model's censored case.
      add_presence(calendar, job.joined, horizon, out);
      last_start = std::min(t, horizon);
      continue;
    }
    const double end = t + job.work;
    ends.push(end);
    last_start = t;
    // Counted once filed, like /service/hourly: a filing still in hand at the horizon is not.
    if (end < horizon)
      out.waits[service_bucket(calendar, job.joined)].push_back(static_cast<float>(t - job.joined));
    out.busy_seconds += std::min(end, horizon) - t;
    add_presence(calendar, job.joined, std::min(end, horizon), out);
  }
  return out;
}

}  // namespace gridplan::model
