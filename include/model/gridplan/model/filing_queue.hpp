// The seat operators' queue alone, replayed on the filing jobs one run recorded. Nothing the
// operators do feeds back into when cases reach them or how long filing takes (arrivals come from
// the channels and the grid workers; a case's filing time is drawn from its own stream), so for
// any operator roster the replay gives the waits the whole model would give. Staffing searches
// use it to try many rosters for the price of one run (docs/experiments.md).
#pragma once

#include <array>
#include <vector>

#include "gridplan/kernel/calendar.hpp"

namespace gridplan::model {

/// One case's filing: when it joined the operators' queue and the operator time it needs.
struct FilingJob {
  double joined = 0;  ///< seconds from the start
  double work = 0;    ///< seconds
};

/// Operators on duty by hour of day, on working days [0] and rest days [1].
using OperatorRoster = std::array<std::array<int, 24>, 2>;

/// Index of an hour-of-day bucket: day type (0 working, 1 rest) * 24 + hour.
inline constexpr int kServiceBuckets = 48;

/// The replay's waits and loads by the bucket in which each case joined the queue.
struct FilingQueueReplay {
  /// Waits for an operator (seconds) of the cases that joined in the bucket and were filed
  /// before the horizon, in joining order.
  std::array<std::vector<float>, kServiceBuckets> waits;
  /// Integral over the bucket's hours of the number of cases waiting or being filed (case-
  /// seconds), and the bucket's hours within the horizon (seconds): their ratio is the mean
  /// number in the system, the offered load the square-root rule staffs for.
  std::array<double, kServiceBuckets> in_system_area{};
  std::array<double, kServiceBuckets> seconds{};
  /// Operator time filing, up to the horizon (seconds).
  double busy_seconds = 0;
};

/// The bucket of time `t`.
int service_bucket(const kernel::Calendar& calendar, double t);

/// Serves `jobs` (in the order they joined, as recorded) first come first served by `roster`, as
/// the platform's StaffPool does: an operator going off duty finishes the case in hand, and a
/// case starts as soon as an operator is free and on duty. Throws std::invalid_argument if the
/// jobs are out of order.
FilingQueueReplay replay_filing_queue(const std::vector<FilingJob>& jobs,
                                      const OperatorRoster& roster,
                                      const kernel::Calendar& calendar, double horizon);

}  // namespace gridplan::model
