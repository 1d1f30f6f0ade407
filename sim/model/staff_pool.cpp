// StaffPool: FIFO service with a time-varying headcount, non-preemptive, with the queue
// integrals that Little's law and the utilisation KPIs are computed from.
#include "gridplan/model/staff_pool.hpp"

#include <algorithm>

#include "gridplan/model/message.hpp"

namespace gridplan::model {

using kernel::kDay;
using kernel::kHour;

StaffPool::StaffPool(std::uint32_t id, const kernel::ShiftPattern* shift, int staff,
                     bool pause_off_duty, EventKinds kinds)
    : shift_(shift), staff_(staff), pause_(pause_off_duty), id_(id), kinds_(kinds) {}

StaffPool::StaffPool(std::uint32_t id, const std::array<int, 24>& working_by_hour,
                     const std::array<int, 24>& rest_by_hour, const kernel::Calendar* calendar,
                     EventKinds kinds)
    : hourly_(true),
      id_(id),
      kinds_(kinds),
      calendar_(calendar),
      by_hour_{working_by_hour, rest_by_hour} {}

int StaffPool::capacity_at(double t) const {
  if (t < paused_until_) return 0;
  if (hourly_) {
    const int day = kernel::Calendar::day_of(t);
    const int h = static_cast<int>(kernel::Calendar::hour_of(t));
    return by_hour_[calendar_->is_working_day(day) ? 0 : 1][h > 23 ? 23 : h];
  }
  return shift_->is_on(t) ? staff_ : 0;
}

double StaffPool::next_rise(double t) const {
  return next_headcount_rise(t, [this](double at) { return capacity_at(at); });
}

void StaffPool::schedule(kernel::Context& ctx, double at, std::uint32_t kind,
                         std::uint32_t slot) const {
  message_detail::schedule_at(ctx, at, kind, PoolEvent{id_, slot});
}

void StaffPool::account(double now) {
  const double dt = now - last_change_;
  stats_.queue_area += queued_ * dt;
  stats_.system_area += (queued_ + busy_) * dt;
  last_change_ = now;
}

void StaffPool::arrive(kernel::Context& ctx, CaseTable& cases, std::uint32_t slot, double work,
                       bool priority) {
  account(ctx.now());
  CaseRecord& c = cases[slot];
  c.queued_at = ctx.now();
  c.work = work;
  c.next = 0;
  Fifo& q = lanes_[priority ? 1 : 0];
  if (q.tail) {
    cases[q.tail - 1].next = slot + 1;
  } else {
    q.head = slot + 1;
  }
  q.tail = slot + 1;
  ++queued_;
  ++stats_.arrivals;
  try_start(ctx, cases);
}

void StaffPool::add_busy(double from, double to) {
  // Staff time inside [from, to): all of it, or only the on-duty part when work pauses.
  for (int day = kernel::Calendar::day_of(from); day * kDay < to; ++day) {
    const double lo = std::max(from, day * kDay), hi = std::min(to, (day + 1) * kDay);
    const double sec = pause_ ? shift_->on_seconds(lo, hi) : hi - lo;
    stats_.busy_seconds += sec;
    if (busy_by_day && day < static_cast<int>(busy_by_day->size())) (*busy_by_day)[day] += sec;
    if (monthly.busy) (*monthly.busy)[month_index(day)] += sec;
    if (busy_by_hour) add_busy_by_hour(day, lo, hi);
  }
}

std::size_t StaffPool::month_index(int day) const {
  const auto& m = *monthly.month_of_day;
  return monthly.base + m[std::min<std::size_t>(static_cast<std::size_t>(day), m.size() - 1)];
}

void StaffPool::add_busy_by_hour(int day, double lo, double hi) {
  // [lo, hi) lies within `day`; work never pauses in an hourly pool, so all of it is busy.
  const int type = calendar_->is_working_day(day) ? 0 : 24;
  for (int h = static_cast<int>((lo - day * kDay) / kHour); h < 24; ++h) {
    const double a = std::max(lo, day * kDay + h * kHour);
    const double b = std::min(hi, day * kDay + (h + 1) * kHour);
    if (b <= a) break;
    (*busy_by_hour)[type + h] += b - a;
  }
}

void StaffPool::try_start(kernel::Context& ctx, CaseTable& cases) {
  const double now = ctx.now();
  const int cap = capacity_at(now);
  while (queued_ > 0 && busy_ < cap) {
    const std::uint32_t slot = pop_next(cases);
    CaseRecord& c = cases[slot];
    c.started_at = now;
    --queued_;
    ++busy_;
    ++stats_.started;
    const double wait = now - c.queued_at;
    stats_.wait_sum += wait;
    if (waits) waits->push_back(static_cast<float>(wait));
    if (monthly.wait) {
      const std::size_t m = month_index(kernel::Calendar::day_of(now));
      (*monthly.wait)[m] += wait;
      ++(*monthly.started)[m];
    }
    const double end = pause_ ? shift_->advance(now, c.work) : now + c.work;
    add_busy(now, std::min(end, horizon_));
    in_service_.push_back(slot);
    schedule(ctx, end, kinds_.done, slot);
  }
  if (queued_ > 0 && !wake_pending_ && busy_ >= cap) {
    // Completions restart service while staff are busy; a wake-up is needed only when the
    // headcount itself must rise first.
    double at = -1;
    if (hourly_) {
      at = next_rise(now);
    } else if (cap == 0 && staff_ > 0) {
      at = shift_->next_on(now);
    }
    if (at > now) {
      wake_pending_ = true;
      schedule(ctx, at, kinds_.wake, 0);
    }
  }
}

bool StaffPool::withdraw_last(kernel::Context& ctx, CaseTable& cases, std::uint32_t& slot) {
  Fifo& q = lanes_[0];
  if (!q.tail) return false;
  account(ctx.now());
  slot = q.tail - 1;
  if (q.head == q.tail) {
    q.head = q.tail = 0;
  } else {
    std::uint32_t prev = q.head;
    while (cases[prev - 1].next != q.tail) prev = cases[prev - 1].next;
    cases[prev - 1].next = 0;
    q.tail = prev;
  }
  --queued_;
  const double waited = ctx.now() - cases[slot].queued_at;
  stats_.wait_sum += waited;
  stats_.sojourn_sum += waited;
  return true;
}

std::uint32_t StaffPool::pop_next(CaseTable& cases) {
  Fifo& q = lanes_[1].head ? lanes_[1] : lanes_[0];
  const std::uint32_t slot = q.head - 1;
  q.head = cases[slot].next;
  if (!q.head) q.tail = 0;
  return slot;
}

void StaffPool::on_done(kernel::Context& ctx, CaseTable& cases, std::uint32_t slot) {
  account(ctx.now());
  --busy_;
  stats_.sojourn_sum += ctx.now() - cases[slot].queued_at;
  in_service_.erase(slot);
  try_start(ctx, cases);
}

void StaffPool::on_wake(kernel::Context& ctx, CaseTable& cases) {
  account(ctx.now());
  wake_pending_ = false;
  try_start(ctx, cases);
}

void StaffPool::finish(const CaseTable& cases, double horizon) {
  account(horizon);
  // Jobs still waiting or in service count up to the horizon (sample-path Little's law).
  for (const Fifo& q : lanes_)
    for (std::uint32_t s = q.head; s; s = cases[s - 1].next) {
      stats_.wait_sum += horizon - cases[s - 1].queued_at;
      stats_.sojourn_sum += horizon - cases[s - 1].queued_at;
    }
  in_service_.for_each(
      [&](std::uint32_t s) { stats_.sojourn_sum += horizon - cases[s].queued_at; });
  if (hourly_) {
    double total = 0;
    for (int day = 0; day * kDay < horizon; ++day)
      for (int h = 0; h < 24; ++h) {
        const double lo = day * kDay + h * kHour, hi = std::min(horizon, lo + kHour);
        if (hi > lo) total += by_hour_[calendar_->is_working_day(day) ? 0 : 1][h] * (hi - lo);
      }
    stats_.available_seconds = total;
  } else {
    stats_.available_seconds = staff_ * shift_->on_seconds(0, horizon);
  }
}

}  // namespace gridplan::model
