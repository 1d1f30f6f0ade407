// MediationCentre: accept, wait for the profession's rota day (street level), a mediator's
// sessions, the outcome at the next daily review, and escalation in level order.
#include "gridplan/model/mediation_centre.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "gridplan/model/mediation_calendar.hpp"
#include "gridplan/model/message.hpp"
#include "gridplan/model/random_purpose.hpp"

namespace gridplan::model {

using kernel::kDay;
using kernel::kHour;

MediationCentre::MediationCentre(CaseBook& book, int centre, int level, std::uint32_t local,
                                 std::uint32_t first_pool, MediationKinds kinds)
    : book_(book),
      config_(book.config()),
      centre_(centre),
      level_(level),
      local_(local),
      first_pool_(first_pool),
      kinds_(kinds) {
  const auto add_pool = [&](int staff) {
    const auto id = static_cast<std::uint32_t>(first_pool + pools_.size());
    pools_.push_back(std::make_unique<StaffPool>(id, &config_.mediation_shift, staff,
                                                 /*pause_off_duty=*/true,
                                                 StaffPool::EventKinds{kinds.done, kinds.wake}));
    pools_.back()->set_horizon(config_.horizon);
  };
  add_pool(spec().mediators);
  if (level == 1)
    for (const RoomSpec& room : config_.sc.mediation.rooms) add_pool(room.mediators);
}

const MediationLevelSpec& MediationCentre::spec() const {
  const MediationSpec& m = config_.sc.mediation;
  return level_ == 0 ? m.community : level_ == 1 ? m.street : m.district;
}

namespace {
// The handle of a dispute waiting at a centre: it stays in the host's book meanwhile.
std::uint32_t held(const CaseTable& cases, CaseHandle h) {
  if (!cases.current(h)) throw std::logic_error("mediation: a waiting dispute left its centre");
  return h.slot;
}
}  // namespace

void MediationCentre::accept(kernel::Context& ctx, std::uint32_t slot) {
  CaseRecord& c = book_[slot];
  const MediationSpec& m = config_.sc.mediation;
  LpStats& st = book_.stats();
  if (std::isnan(c.t_mediation)) {
    c.t_mediation = ctx.now();
    std::vector<double> shares;
    for (const auto& t : m.types) shares.push_back(t.share);
    c.dispute_type = static_cast<std::int8_t>(
        pick_index(shares, config_.case_uniforms(kCaseMediation, c, 0)[0]));
    ++st.mediation.disputes_accepted;
    ++st.mediation.type_accepted[c.dispute_type];
  }
  c.mediation_level = static_cast<std::uint8_t>(level_);
  c.centre = static_cast<std::int16_t>(centre_);
  c.t_centre = ctx.now();
  c.stage = Stage::kAtOffice;
  ++st.mediation.centre_accepted[centre_];
  ++st.mediation.monthly(st.mediation.monthly_accepted, centre_, config_.month_of(ctx.now()));
  // At a street centre a dispute that needs a profession waits for its rota day.
  const std::string& profession = m.types[c.dispute_type].profession;
  if (level_ == 1 && !profession.empty()) {
    for (const ProfessionSpec& p : m.rota) {
      if (p.name != profession) continue;
      const double at = next_sitting(config_.calendar, m.hours, p, ctx.now());
      if (at > ctx.now()) {
        message_detail::schedule_at(ctx, at, kinds_.join,
                                    MediationJoin{local_, book_.cases().handle(slot)});
        return;
      }
    }
  }
  join(ctx, slot);
}

void MediationCentre::on(kernel::Context& ctx, const MediationJoin& m) {
  join(ctx, held(book_.cases(), m.handle));
}

void MediationCentre::join(kernel::Context& ctx, std::uint32_t slot) {
  CaseRecord& c = book_[slot];
  std::size_t pool = 0;
  if (level_ == 1) {
    const std::string& room = config_.sc.mediation.types[c.dispute_type].room;
    const auto& rooms = config_.sc.mediation.rooms;
    for (std::size_t r = 0; r < rooms.size(); ++r)
      if (rooms[r].name == room) pool = r + 1;
  }
  const auto u = config_.case_uniforms(kCaseMediation, c, 1 + level_);
  pools_[pool]->arrive(ctx, book_.cases(), slot, spec().mediator_hours.quantile(u[0]) * kHour);
}

void MediationCentre::on_wake(kernel::Context& ctx, std::uint32_t pool) {
  pools_[pool]->on_wake(ctx, book_.cases());
}

void MediationCentre::on_done(kernel::Context& ctx, std::uint32_t pool, std::uint32_t slot) {
  // Sessions run on working days; the outcome is decided at the next daily review.
  pools_[pool]->on_done(ctx, book_.cases(), slot);
  CaseRecord& c = book_[slot];
  const auto u = config_.case_uniforms(kCaseMediation, c, 1 + level_);
  const double span = spec().duration_working_days.quantile(u[1]) * kDay;
  const double outcome = config_.calendar.advance_working_time(ctx.now(), span);
  message_detail::schedule_at(
      ctx, next_review(config_.calendar, config_.sc.mediation.review_hour, outcome), kinds_.review,
      MediationReview{local_, book_.cases().handle(slot)});
}

Escalation MediationCentre::on(kernel::Context& ctx, const MediationReview& m) {
  const std::uint32_t slot = held(book_.cases(), m.handle);
  CaseRecord& c = book_[slot];
  LpStats& st = book_.stats();
  const DisputeTypeSpec& type = config_.sc.mediation.types[c.dispute_type];
  const double p = std::min(1.0, spec().p_resolve * type.resolve_factor);
  const auto u = config_.case_uniforms(kCaseMediation, c, 1 + level_);
  st.mediation.centre_days[centre_].push_back(static_cast<float>((ctx.now() - c.t_centre) / kDay));
  const int month = config_.month_of(ctx.now());
  c.centre = -1;  // between centres, or done
  if (u[2] < p) {
    ++st.mediation.centre_resolved[centre_];
    ++st.mediation.monthly(st.mediation.monthly_resolved, centre_, month);
    ++st.mediation.disputes_resolved;
    ++st.mediation.type_resolved[c.dispute_type];
    st.mediation.type_days[c.dispute_type] += (ctx.now() - c.t_mediation) / kDay;
    ++st.mediation.type_ended[c.dispute_type];
    st.mediation.dispute_seconds += ctx.now() - c.t_mediation;
    ++st.mediation.disputes_ended;
    c.t_settle = ctx.now();
    book_.close(ctx, slot);
    return Escalation::kNone;
  }
  if (level_ == 2) {
    // Unresolved at the district centre: arbitration, reconsideration or litigation.
    ++st.mediation.centre_to_legal[centre_];
    ++st.mediation.monthly(st.mediation.monthly_to_legal, centre_, month);
    ++st.mediation.disputes_to_legal;
    st.mediation.type_days[c.dispute_type] += (ctx.now() - c.t_mediation) / kDay;
    ++st.mediation.type_ended[c.dispute_type];
    st.mediation.dispute_seconds += ctx.now() - c.t_mediation;
    ++st.mediation.disputes_ended;
    book_.close(ctx, slot);
    return Escalation::kToLegal;
  }
  ++st.mediation.centre_escalated[centre_];
  ++st.mediation.monthly(st.mediation.monthly_escalated, centre_, month);
  c.stage = Stage::kInTransit;
  return level_ == 0 ? Escalation::kToStreet : Escalation::kToDistrict;
}

double MediationCentre::busy_seconds() const {
  double s = 0;
  for (const auto& p : pools_) s += p->stats().busy_seconds;
  return s;
}

double MediationCentre::available_seconds() const {
  double s = 0;
  for (const auto& p : pools_) s += p->stats().available_seconds;
  return s;
}

void MediationCentre::finish(double horizon) {
  for (auto& p : pools_) p->finish(book_.cases(), horizon);
}

}  // namespace gridplan::model
