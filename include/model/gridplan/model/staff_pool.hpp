// A pool of identical staff serving a FIFO queue of cases: seat operators, an office's staff, or
// one grid worker. On-duty headcount follows a shift pattern or an hour-of-day table.
#pragma once

#include <algorithm>
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

/// The case slots a pool is serving, in the order their service began. Up to two are kept in
/// place (a grid worker serves one): a district has about a thousand pools, and a heap block
/// of its own per pool is one more cache line for every start and end of a job.
class InService {
 public:
  void push_back(std::uint32_t slot) {
    if (spill_.empty() && size_ < kInPlace) {
      in_place_[size_++] = slot;
      return;
    }
    if (spill_.empty()) {
      spill_.assign(in_place_, in_place_ + size_);
      size_ = 0;
    }
    spill_.push_back(slot);
  }
  /// Removes `slot` (which must be there), keeping the others' order.
  void erase(std::uint32_t slot) {
    if (!spill_.empty()) {
      spill_.erase(std::find(spill_.begin(), spill_.end(), slot));
      return;
    }
    std::uint32_t i = 0;
    while (in_place_[i] != slot) ++i;
    for (; i + 1 < size_; ++i) in_place_[i] = in_place_[i + 1];
    --size_;
  }
  /// Calls f(slot) for each, in order.
  template <class F>
  void for_each(F&& f) const {
    if (!spill_.empty()) {
      for (std::uint32_t s : spill_) f(s);
    } else {
      for (std::uint32_t i = 0; i < size_; ++i) f(in_place_[i]);
    }
  }

 private:
  static constexpr std::uint32_t kInPlace = 2;
  std::uint32_t in_place_[kInPlace] = {};
  std::uint32_t size_ = 0;            // in place (0 while spilled)
  std::vector<std::uint32_t> spill_;  // all of them, from more than kInPlace at once until empty
};

/// A multi-server FIFO queue whose jobs are slots of its owner's case table. The owning LP
/// routes the pool's completion and wake-up events (PoolEvent) back to it.
class alignas(64) StaffPool {  // on cache-line boundaries: its first lines are the hot ones
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

  // What a job's arrival, start and end touch comes first, together; the hour tables only
  // hourly pools read come last. (Measured: in a district four times the baseline's, the grid
  // workers' pools were the first source of misses in a cache the size of a core's L2.)
  struct Fifo {
    std::uint32_t head = 0, tail = 0;  // slot + 1, 0 = empty
  };
  Fifo lanes_[2];  // [routine, priority]
  int queued_ = 0, busy_ = 0;
  double last_change_ = 0;
  double paused_until_ = -1;
  double horizon_ = 1e300;
  const kernel::ShiftPattern* shift_ = nullptr;
  int staff_ = 0;
  bool pause_ = false;
  bool hourly_ = false;
  bool wake_pending_ = false;
  std::uint32_t id_;
  EventKinds kinds_;
  QueueStats stats_;
  InService in_service_;

 public:
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
  const kernel::Calendar* calendar_ = nullptr;
  std::array<int, 24> by_hour_[2] = {};  // [working, rest]
};

}  // namespace gridplan::model
