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

std::vector<int> hosted_rooms(const MediationSpec& m, const std::string& street, int level) {
  std::vector<int> out;
  if (level > 1) return out;
  const char* name = level == 0 ? "community" : "street";
  for (std::size_t r = 0; r < m.rooms.size(); ++r) {
    const RoomSpec& room = m.rooms[r];
    if (room.level == name &&
        (room.streets.empty() ||
         std::find(room.streets.begin(), room.streets.end(), street) != room.streets.end()))
      out.push_back(static_cast<int>(r));
  }
  return out;
}

MediationCentre::MediationCentre(CaseBook& book, int centre, int level, int street,
                                 std::uint32_t local, std::uint32_t first_pool,
                                 MediationKinds kinds)
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
  const MediationSpec& m = config_.sc.mediation;
  add_pool(spec().mediators);
  pool_of_type_.assign(m.types.size(), 0);
  if (street < 0) return;
  rooms_ = hosted_rooms(m, config_.sc.streets[street].name, level);
  for (const int r : rooms_) {
    // The schema allows one room per type, level and street.
    for (std::size_t t = 0; t < m.types.size(); ++t)
      if (m.types[t].name == m.rooms[r].type) pool_of_type_[t] = pools_.size();
    add_pool(m.rooms[r].mediators);
  }
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
    if (c.dispute_type < 0) {  // else recorded in a replayed log
      std::vector<double> shares;
      for (const auto& t : m.types) shares.push_back(t.share);
      c.dispute_type = static_cast<std::int8_t>(
          pick_index(shares, config_.case_uniforms(kCaseMediation, c, 0)[0]));
    }
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
  const std::size_t pool = pool_of(c.dispute_type);
  if (pool > 0)
    ++book_.stats().mediation.room(book_.stats().mediation.room_accepted, centre_,
                                   rooms_[pool - 1]);
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
  const MediationSpec& ms = config_.sc.mediation;
  // A room's p_resolve is its own figure for its type; a general mediator's is the level's,
  // scaled by the type's resolve_factor.
  const std::size_t pool = pool_of(c.dispute_type);
  const int room = pool > 0 ? rooms_[pool - 1] : -1;
  const double p = room >= 0
                       ? ms.rooms[room].p_resolve
                       : std::min(1.0, spec().p_resolve * ms.types[c.dispute_type].resolve_factor);
  const auto u = config_.case_uniforms(kCaseMediation, c, 1 + level_);
  st.mediation.centre_days[centre_].push_back(static_cast<float>((ctx.now() - c.t_centre) / kDay));
  const int month = config_.month_of(ctx.now());
  c.centre = -1;  // between centres, or done
  if (room >= 0) {
    ++st.mediation.room(st.mediation.room_ended, centre_, room);
    st.mediation.room(st.mediation.room_days, centre_, room) += (ctx.now() - c.t_centre) / kDay;
  }
  if (u[2] < p) {
    if (room >= 0) ++st.mediation.room(st.mediation.room_resolved, centre_, room);
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
