// GridWorkers: patrol arrivals, the settle-or-report decision and on-site verification.
#include "gridplan/model/grid_worker.hpp"

#include "gridplan/model/handling_office.hpp"
#include "gridplan/model/platform.hpp"
#include "gridplan/model/random_purpose.hpp"
#include "gridplan/model/street_office.hpp"
#include "gridplan/model/whistle.hpp"

namespace gridplan::model {

using kernel::kHour;
using kernel::kMinute;

GridWorkers::GridWorkers(CaseBook& book, int street, WorkerKinds kinds)
    : book_(book), config_(book.config()), street_(street), kinds_(kinds) {
  const int n = config_.sc.streets[street].basic_grids;
  pools_.reserve(n);
  for (int g = 0; g < n; ++g) {
    pools_.emplace_back(static_cast<std::uint32_t>(g), &config_.worker_shift, 1,
                        /*pause_off_duty=*/false, StaffPool::EventKinds{kinds.done, kinds.wake});
    pools_.back().set_horizon(config_.horizon);
    pools_.back().busy_by_day = &book.stats().workers.busy_by_day;
  }
}

void GridWorkers::init(kernel::Context& ctx) {
  if (config_.replay) return;  // the platform hands on the recorded patrol cases
  const double share = config_.patrol_share(street_);
  for (int s = 0; s < static_cast<int>(config_.sc.sources.size()); ++s) {
    if (!config_.sc.sources[s].found_by_worker) continue;
    patrol_sources_.push_back(s);
    arrivals_.emplace_back(&config_.profiles[s], share,
                           config_.arrival_stream(s, config_.local(ctx.self())));
    const double t = arrivals_.back().next_after(0.0);
    ctx.schedule_at(t, kinds_.patrol_arrival, static_cast<std::uint32_t>(arrivals_.size() - 1));
  }
}

StaffPool& GridWorkers::worker_of(const CaseRecord& c) {
  return pools_[config_.district.grids[c.grid].index_in_street];
}

void GridWorkers::on(kernel::Context& ctx, const PatrolArrival& m) {
  // The worker found it on patrol: it is in the worker's hands at once.
  to_worker(ctx, book_.create(ctx, patrol_sources_[m.generator], serial_++, street_));
  const double next = arrivals_[m.generator].next_after(ctx.now());
  ctx.schedule_at(next, kinds_.patrol_arrival, m.generator);
}

void GridWorkers::on(kernel::Context& ctx, const ToWorker& m) {
  to_worker(ctx, book_.cases().adopt(m.c));
}

void GridWorkers::on(kernel::Context& ctx, const ToVerify& m) {
  if (ctx.now() >= m.void_from) return;  // a whistle took the case over meanwhile
  const std::uint32_t slot = book_.cases().adopt(m.c);
  CaseRecord& c = book_[slot];
  c.stage = Stage::kVerifying;
  const auto u = config_.case_uniforms(kCaseVerification, c, c.reopen);
  const double minutes = config_.sc.grid_worker.verify_minutes.quantile(u[1]);
  worker_of(c).arrive(ctx, book_.cases(), slot, minutes * kMinute);
}

void GridWorkers::on(kernel::Context& ctx, const WorkerDone& m) {
  // A job starts on duty and is finished even after the shift: the part off duty is overtime.
  // Most jobs end inside their window, where the off-duty part is exactly 0: skip the sum.
  const CaseRecord& c = book_[m.slot];
  const kernel::ShiftPattern& shift = config_.worker_shift;
  if (ctx.now() > shift.window_end(c.started_at))
    book_.stats().workers.grid_overtime_seconds[c.grid] +=
        (ctx.now() - c.started_at) - shift.on_seconds(c.started_at, ctx.now());
  pools_[m.pool].on_done(ctx, book_.cases(), m.slot);
  worker_done(ctx, m.slot);
}

void GridWorkers::on(kernel::Context& ctx, const WorkerWake& m) {
  pools_[m.pool].on_wake(ctx, book_.cases());
}

void GridWorkers::on(kernel::Context& ctx, const PauseRoutine& m) {
  // The grid workers go door to door: routine cases wait until they return.
  for (auto& w : pools_) w.pause_until(ctx.now() + m.minutes * kMinute);
  ctx.schedule(m.minutes * kMinute, kinds_.resume);
}

void GridWorkers::on(kernel::Context& ctx, const ResumeRoutine&) {
  for (auto& w : pools_) w.on_wake(ctx, book_.cases());
}

void GridWorkers::to_worker(kernel::Context& ctx, std::uint32_t slot) {
  CaseRecord& c = book_[slot];
  c.stage = Stage::kAtWorker;
  const auto u = config_.case_uniforms(kCaseWork, c, 0);
  const auto& cat = config_.sc.categories[c.category];
  const double minutes = c.settle_in_grid ? cat.settle_minutes.quantile(u[0])
                                          : config_.sc.grid_worker.report_minutes.quantile(u[0]);
  worker_of(c).arrive(ctx, book_.cases(), slot, minutes * kMinute);
}

void GridWorkers::worker_done(kernel::Context& ctx, std::uint32_t slot) {
  CaseRecord& c = book_[slot];
  if (c.stage != Stage::kAtWorker) {
    verified(ctx, slot);
    return;
  }
  if (c.settle_in_grid) {
    // The worker's part is done; the rest waits on residents or property managers, and the
    // case closes with its record when that lead time ends (a settle needs no verification).
    const auto u = config_.case_uniforms(kCaseSettleLead, c, 0);
    const double lead = config_.sc.categories[c.category].settle_lead_hours.quantile(u[0]) * kHour;
    if (lead > 0) {
      c.stage = Stage::kInLeadTime;
      message_detail::schedule_at(ctx, ctx.now() + lead, kinds_.settle_lead_end,
                                  SettleLeadEnd{book_.cases().handle(slot)});
      return;
    }
    settled(ctx, slot);
    return;
  }
  c.stage = Stage::kInTransit;
  PlatformLp::Inbox::hand_on<ToPlatform>(ctx, config_.platform_lp(), config_.latency, book_.cases(),
                                         slot);
}

void GridWorkers::on(kernel::Context& ctx, const SettleLeadEnd& m) {
  settled(ctx, m.handle.slot);
}

void GridWorkers::settled(kernel::Context& ctx, std::uint32_t slot) {
  CaseRecord& c = book_[slot];
  LpStats& st = book_.stats();
  c.t_settle = ctx.now();
  ++st.workers.settled_in_grid;
  ++st.workers.grid_settled[c.grid];
  ++st.workers.settled_by_day[clamp_day(ctx.now(), config_.sc.days)];
  book_.close(ctx, slot);
}

void GridWorkers::verified(kernel::Context& ctx, std::uint32_t slot) {
  CaseRecord& c = book_[slot];
  LpStats& st = book_.stats();
  c.t_verify = ctx.now();
  const auto u = config_.case_uniforms(kCaseVerification, c, c.reopen);
  if (c.whistle > 0) {
    if (whistled_result_fails(config_, st, c, u[0], ctx.now())) {
      c.stage = Stage::kInTransit;
      PlatformLp::Inbox::hand_on<SecondWhistle>(ctx, config_.platform_lp(), config_.latency,
                                                book_.cases(), slot);
    } else {
      book_.close(ctx, slot);
    }
    return;
  }
  if (u[0] < config_.sc.grid_worker.p_verification_fail) {
    ++c.reopen;
    ++st.workers.reopened;
    ++st.offices.reopened[c.office];
    c.stage = Stage::kInTransit;
    hand_to_office<ToOffice>(ctx, book_, c.office, config_.latency, slot);
  } else {
    book_.close(ctx, slot);
  }
}

void GridWorkers::finish(double horizon) {
  for (auto& w : pools_) w.finish(book_.cases(), horizon);
}

void send_to_verify(kernel::Context& ctx, CaseBook& book, std::uint32_t slot, double done,
                    double void_from) {
  const RunConfig& config = book.config();
  CaseRecord& c = book[slot];
  c.stage = Stage::kInLeadTime;
  const kernel::LpId street = config.street_lp(config.street_of_grid(c.grid));
  StreetOfficeLp::Inbox::hand_on<ToVerify>(ctx, street, done - ctx.now() + config.latency,
                                           book.cases(), slot, void_from);
}

}  // namespace gridplan::model
