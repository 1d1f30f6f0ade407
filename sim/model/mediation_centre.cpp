// MediationCentre: accept, wait for the profession's rota day (street level), a mediator's
// sessions, the outcome at the next daily review, and escalation in level order.
#include "gridplan/model/mediation_centre.hpp"

#include <algorithm>
#include <cmath>

#include "gridplan/model/mediation_calendar.hpp"
#include "gridplan/model/random_purpose.hpp"

namespace gridplan::model {

using kernel::kDay;
using kernel::kHour;

MediationCentre::MediationCentre(World& world, int centre, int level, std::uint32_t local,
                                 kernel::LpId lp)
    : world_(world), centre_(centre), level_(level), local_(local), lp_(lp) {
  const auto add_pool = [&](int staff) {
    const auto id = static_cast<std::uint32_t>(local << 4 | pools_.size());
    pools_.push_back(std::make_unique<StaffPool>(
        id, &world.mediation_shift, staff,
        /*pause_off_duty=*/true, StaffPool::EventKinds{kMediatorDone, kMediatorWake}));
    pools_.back()->set_horizon(world.horizon);
  };
  add_pool(spec().mediators);
  if (level == 1)
    for (const RoomSpec& room : world.sc.mediation.rooms) add_pool(room.mediators);
}

const MediationLevelSpec& MediationCentre::spec() const {
  const MediationSpec& m = world_.sc.mediation;
  return level_ == 0 ? m.community : level_ == 1 ? m.street : m.district;
}

void MediationCentre::accept(kernel::Context& ctx, std::uint32_t slot) {
  CaseRecord& c = world_.cases[slot];
  const MediationSpec& m = world_.sc.mediation;
  LpStats& st = world_.stats[ctx.self()];
  if (std::isnan(c.t_mediation)) {
    c.t_mediation = ctx.now();
    std::vector<double> shares;
    for (const auto& t : m.types) shares.push_back(t.share);
    c.dispute_type =
        static_cast<std::int8_t>(pick_index(shares, world_.case_uniforms(kCaseMediation, c, 0)[0]));
    ++st.disputes_accepted;
    ++st.type_accepted[c.dispute_type];
  }
  c.mediation_level = static_cast<std::uint8_t>(level_);
  c.centre = static_cast<std::int16_t>(centre_);
  c.t_centre = ctx.now();
  c.stage = Stage::kAtOffice;
  ++st.centre_accepted[centre_];
  ++st.monthly(st.monthly_accepted, centre_, world_.month_of(ctx.now()));
  // At a street centre a dispute that needs a profession waits for its rota day.
  const std::string& profession = m.types[c.dispute_type].profession;
  if (level_ == 1 && !profession.empty()) {
    for (const ProfessionSpec& p : m.rota) {
      if (p.name != profession) continue;
      const double at = next_sitting(world_.calendar, m.hours, p, ctx.now());
      if (at > ctx.now()) {
        ctx.schedule_at(at, kMediationJoin, local_ << 4, slot);
        return;
      }
    }
  }
  join(ctx, slot);
}

void MediationCentre::join(kernel::Context& ctx, std::uint32_t slot) {
  CaseRecord& c = world_.cases[slot];
  std::size_t pool = 0;
  if (level_ == 1) {
    const std::string& room = world_.sc.mediation.types[c.dispute_type].room;
    const auto& rooms = world_.sc.mediation.rooms;
    for (std::size_t r = 0; r < rooms.size(); ++r)
      if (rooms[r].name == room) pool = r + 1;
  }
  const auto u = world_.case_uniforms(kCaseMediation, c, 1 + level_);
  pools_[pool]->arrive(ctx, world_.cases, slot, spec().mediator_hours.quantile(u[0]) * kHour);
}

Escalation MediationCentre::handle(kernel::Context& ctx, const kernel::Event& ev) {
  const auto slot = static_cast<std::uint32_t>(ev.b);
  switch (ev.kind) {
    case kMediationJoin:
      join(ctx, slot);
      return Escalation::kNone;
    case kMediatorWake:
      pools_[ev.a & 15]->on_wake(ctx, world_.cases);
      return Escalation::kNone;
    case kMediatorDone: {
      // Sessions run on working days; the outcome is decided at the next daily review.
      pools_[ev.a & 15]->on_done(ctx, world_.cases, slot);
      CaseRecord& c = world_.cases[slot];
      const auto u = world_.case_uniforms(kCaseMediation, c, 1 + level_);
      const double span = spec().duration_working_days.quantile(u[1]) * kDay;
      const double outcome = world_.calendar.advance_working_time(ctx.now(), span);
      ctx.schedule_at(next_review(world_.calendar, world_.sc.mediation.review_hour, outcome),
                      kMediationReview, local_ << 4, slot);
      return Escalation::kNone;
    }
    case kMediationReview:
      return review(ctx, slot);
    default:
      return Escalation::kNone;
  }
}

Escalation MediationCentre::review(kernel::Context& ctx, std::uint32_t slot) {
  CaseRecord& c = world_.cases[slot];
  LpStats& st = world_.stats[ctx.self()];
  const DisputeTypeSpec& type = world_.sc.mediation.types[c.dispute_type];
  const double p = std::min(1.0, spec().p_resolve * type.resolve_factor);
  const auto u = world_.case_uniforms(kCaseMediation, c, 1 + level_);
  st.centre_days[centre_].push_back(static_cast<float>((ctx.now() - c.t_centre) / kDay));
  const int month = world_.month_of(ctx.now());
  c.centre = -1;  // between centres, or done
  if (u[2] < p) {
    ++st.centre_resolved[centre_];
    ++st.monthly(st.monthly_resolved, centre_, month);
    ++st.disputes_resolved;
    ++st.type_resolved[c.dispute_type];
    st.type_days[c.dispute_type] += (ctx.now() - c.t_mediation) / kDay;
    ++st.type_ended[c.dispute_type];
    st.dispute_seconds += ctx.now() - c.t_mediation;
    ++st.disputes_ended;
    c.t_settle = ctx.now();
    world_.close_case(ctx, slot);
    return Escalation::kNone;
  }
  if (level_ == 2) {
    // Unresolved at the district centre: arbitration, reconsideration or litigation.
    ++st.centre_to_legal[centre_];
    ++st.monthly(st.monthly_to_legal, centre_, month);
    ++st.disputes_to_legal;
    st.type_days[c.dispute_type] += (ctx.now() - c.t_mediation) / kDay;
    ++st.type_ended[c.dispute_type];
    st.dispute_seconds += ctx.now() - c.t_mediation;
    ++st.disputes_ended;
    world_.close_case(ctx, slot);
    return Escalation::kToLegal;
  }
  ++st.centre_escalated[centre_];
  ++st.monthly(st.monthly_escalated, centre_, month);
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
  for (auto& p : pools_) p->finish(world_.cases, horizon);
}

}  // namespace gridplan::model
