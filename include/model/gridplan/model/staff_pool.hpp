// A pool of identical staff serving a FIFO queue of cases: seat operators, an office's staff, or
// one grid worker. On-duty headcount follows a shift pattern or an hour-of-day table.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "gridplan/kernel/calendar.hpp"
#include "gridplan/kernel/logical_process.hpp"
#include "gridplan/model/case_record.hpp"

namespace gridplan::model {

/// What a pool's own events carry: the pool (in its owner's numbering) and, when a job ends,
/// the job's slot in the owner's case table. Each owner derives its messages from it.
struct PoolEvent {
  std::uint32_t pool = 0;
  std::uint32_t slot = 0;
};

/// The first hour boundary after `t`, within two days, at which `headcount(boundary)` exceeds
/// `headcount(boundary - 1 h)`; -1 if none. Every rise is a point at which a waiting case may
/// start, not only one above the headcount now: a later, smaller rise can free a seat once
/// completions have brought the busy count down. (The StaffPool and the filing replay share it.)
template <class Headcount>
double next_headcount_rise(double t, const Headcount& headcount) {
  const double first = std::floor(t / kernel::kHour) + 1;
  for (int k = 0; k < 48; ++k) {
    const double at = (first + k) * kernel::kHour;
    if (headcount(at) > headcount(at - kernel::kHour)) return at;
  }
  return -1;
}

/// Queue statistics for Little's law and the KPIs. Times in seconds.
struct QueueStats {
  std::uint64_t arrivals = 0;
  std::uint64_t started = 0;
  double wait_sum = 0;           ///< waits of started jobs plus, at the end, censored waits
  double queue_area = 0;         ///< integral of the number waiting over time
  double system_area = 0;        ///< integral of the number waiting or in service
  double sojourn_sum = 0;        ///< time in system of every arrival, censored at the horizon
  double busy_seconds = 0;       ///< staff time spent on jobs, up to the horizon
  double available_seconds = 0;  ///< on-duty staff time over the horizon
};

/// A multi-server FIFO queue whose jobs are slots of its owner's case table. The owning LP
/// routes the pool's completion and wake-up events (PoolEvent) back to it.
class StaffPool {
 public:
  /// The owner's event kinds for a job's end and for a wake-up.
  struct EventKinds {
    std::uint32_t done;
    std::uint32_t wake;
  };

  /// Headcount `staff` on duty when `shift` is on. If `pause_off_duty`, work stops at the end
  /// of a shift and resumes at the next; otherwise the job in hand is finished first.
  StaffPool(std::uint32_t id, const kernel::ShiftPattern* shift, int staff, bool pause_off_duty,
            EventKinds kinds);
  /// Headcount by hour of day on working and on rest days (by `calendar`, which must outlive
  /// the pool), work never paused (a 24/7 service).
  StaffPool(std::uint32_t id, const std::array<int, 24>& working_by_hour,
            const std::array<int, 24>& rest_by_hour, const kernel::Calendar* calendar,
            EventKinds kinds);

  /// A case joins the queue needing `work` seconds of staff time. Priority cases (whistles) are
  /// served before routine ones, without interrupting a job in hand.
  void arrive(kernel::Context& ctx, CaseTable& cases, std::uint32_t slot, double work,
              bool priority = false);
  /// Takes the last routine job out of the queue (for reassignment); returns false if none.
  /// Its wait so far is counted as if it had been served.
  bool withdraw_last(kernel::Context& ctx, CaseTable& cases, std::uint32_t& slot);
  /// The job `slot` is done (the pool's done event).
  void on_done(kernel::Context& ctx, CaseTable& cases, std::uint32_t slot);
  /// Headcount may have risen (the pool's wake event).
  void on_wake(kernel::Context& ctx, CaseTable& cases);
  /// Closes the books at the horizon: censored waits, areas, available time.
  void finish(const CaseTable& cases, double horizon);

  /// No job starts before `until` (an emergency takes the staff away); the owner must call
  /// on_wake then.
  void pause_until(double until) { paused_until_ = until; }
  /// Busy time is counted up to this time, seconds.
  void set_horizon(double horizon) { horizon_ = horizon; }
  const QueueStats& stats() const { return stats_; }
  int queue_length() const { return queued_; }
  int busy() const { return busy_; }
  /// If set, receives staff seconds per day (index = day of the run).
  std::vector<double>* busy_by_day = nullptr;
  /// If set, receives each started job's wait in seconds.
  std::vector<float>* waits = nullptr;
  /// Hourly pools only: if set, receives staff seconds by day type (0 working, 1 rest) * 24 +
  /// hour of day, each busy interval split at hour boundaries.
  std::vector<double>* busy_by_hour = nullptr;
  /// Monthly tallies of one pool within vectors shared by several (an office's slice): index
  /// base + month_of_day[day]. Each pointer may be null.
  struct Monthly {
    std::vector<double>* busy = nullptr;           ///< staff seconds
    std::vector<double>* wait = nullptr;           ///< waits of jobs started, seconds
    std::vector<std::int32_t>* started = nullptr;  ///< jobs started
    std::size_t base = 0;
    const std::vector<int>* month_of_day = nullptr;  ///< by day of the run
  };
  Monthly monthly;

 private:
  int capacity_at(double t) const;
  /// Hourly pools: the next hour boundary after `t`, within two days, at which the headcount
  /// rises; -1 if none.
  double next_rise(double t) const;
  void schedule(kernel::Context& ctx, double at, std::uint32_t kind, std::uint32_t slot) const;
  void try_start(kernel::Context& ctx, CaseTable& cases);
  void account(double now);
  std::uint32_t pop_next(CaseTable& cases);
  void add_busy(double from, double to);
  void add_busy_by_hour(int day, double lo, double hi);
  std::size_t month_index(int day) const;

  std::uint32_t id_;
  const kernel::ShiftPattern* shift_ = nullptr;
  int staff_ = 0;
  bool pause_ = false;
  bool hourly_ = false;
  std::array<int, 24> by_hour_[2] = {};  // [working, rest]
  const kernel::Calendar* calendar_ = nullptr;
  EventKinds kinds_;
  struct Fifo {
    std::uint32_t head = 0, tail = 0;  // slot + 1, 0 = empty
  };
  Fifo lanes_[2];  // [routine, priority]
  int queued_ = 0, busy_ = 0;
  bool wake_pending_ = false;
  double horizon_ = 1e300;
  double paused_until_ = -1;
  double last_change_ = 0;
  std::vector<std::uint32_t> in_service_;  // slots being served (few: at most the headcount)
  QueueStats stats_;
};

}  // namespace gridplan::model
