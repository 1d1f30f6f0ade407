// Mediation statistics: sizing, merge, and the dispute KPIs and mediation tables.
#include "gridplan/model/mediation_stats.hpp"

#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

#include "gridplan/model/mediation_centre.hpp"
#include "gridplan/model/run_config.hpp"
#include "gridplan/model/run_results.hpp"
#include "gridplan/model/stats_merge.hpp"

namespace gridplan::model {

using kernel::kDay;
using kernel::Table;

MediationStats::MediationStats(int centres, int month_count, int types, int room_count)
    : months(month_count), rooms(room_count) {
  for (auto* v : {&centre_accepted, &centre_resolved, &centre_escalated, &centre_to_legal,
                  &centre_moved_in, &centre_moved_out, &centre_open})
    v->assign(centres, 0);
  centre_days.assign(centres, {});
  for (auto* v : {&monthly_accepted, &monthly_resolved, &monthly_escalated, &monthly_to_legal})
    v->assign(static_cast<std::size_t>(centres * month_count), 0);
  for (auto* v : {&type_accepted, &type_resolved, &type_ended}) v->assign(types, 0);
  type_days.assign(types, 0.0);
  for (auto* v : {&room_accepted, &room_resolved, &room_ended})
    v->assign(static_cast<std::size_t>(centres * room_count), 0);
  room_days.assign(static_cast<std::size_t>(centres * room_count), 0.0);
}

void MediationStats::merge(const MediationStats& o) {
  if (months != o.months)
    throw std::logic_error("merging mediation statistics of " + std::to_string(months) + " and " +
                           std::to_string(o.months) + " months");
  disputes_accepted += o.disputes_accepted;
  disputes_resolved += o.disputes_resolved;
  disputes_to_legal += o.disputes_to_legal;
  disputes_ended += o.disputes_ended;
  disputes_reassigned += o.disputes_reassigned;
  dispute_seconds += o.dispute_seconds;
  add_into(centre_accepted, o.centre_accepted, "centre_accepted");
  add_into(centre_resolved, o.centre_resolved, "centre_resolved");
  add_into(centre_escalated, o.centre_escalated, "centre_escalated");
  add_into(centre_open, o.centre_open, "centre_open");
  add_into(centre_to_legal, o.centre_to_legal, "centre_to_legal");
  add_into(centre_moved_in, o.centre_moved_in, "centre_moved_in");
  add_into(centre_moved_out, o.centre_moved_out, "centre_moved_out");
  add_into(monthly_accepted, o.monthly_accepted, "monthly_accepted");
  add_into(monthly_resolved, o.monthly_resolved, "monthly_resolved");
  add_into(monthly_escalated, o.monthly_escalated, "monthly_escalated");
  add_into(monthly_to_legal, o.monthly_to_legal, "monthly_to_legal");
  add_into(type_accepted, o.type_accepted, "type_accepted");
  add_into(type_resolved, o.type_resolved, "type_resolved");
  add_into(type_ended, o.type_ended, "type_ended");
  add_into(type_days, o.type_days, "type_days");
  add_into(room_accepted, o.room_accepted, "room_accepted");
  add_into(room_resolved, o.room_resolved, "room_resolved");
  add_into(room_ended, o.room_ended, "room_ended");
  add_into(room_days, o.room_days, "room_days");
  check_same_size(centre_days.size(), o.centre_days.size(), "centre_days");
  for (std::size_t i = 0; i < centre_days.size(); ++i)
    append_rows(centre_days[i], o.centre_days[i]);
}

Table MediationStats::room_table(const ResultContext& ctx, const std::vector<int>& street_of) {
  const RunConfig& w = ctx.config;
  const MediationSpec& m = w.sc.mediation;
  Table t = new_table("mediation_rooms",
                      "one row per run, mediation centre and specialist room it hosts, in "
                      "/mediation's centre order, then the scenario's room order");
  auto& run = t.add_i64("run", "", "run id").i64;
  auto& idx = t.add_i64("centre", "", "centre index (row of /mediation)").i64;
  auto& level = t.add_str("level", "community or street").str;
  auto& street = t.add_str("street", "street of the centre").str;
  auto& name = t.add_str("room", "room name ([mediation.rooms.<name>])").str;
  auto& type = t.add_str("type", "dispute type the room takes").str;
  auto& mediators = t.add_i64("mediators", "persons", "the room's mediators").i64;
  auto& acc = t.add_i64("accepted", "disputes", "disputes that queued for the room").i64;
  auto& res = t.add_i64("resolved", "disputes", "resolved by the room").i64;
  auto& ended = t.add_i64("ended", "disputes", "outcome decided (resolved or sent on)").i64;
  auto& dmean = t.add_f64("days_mean", "days", "acceptance at the centre to outcome, mean").f64;
  auto& wait = t.add_f64("wait_hours_mean", "hours", "wait for a room mediator, mean").f64;
  auto& util = t.add_f64("mediator_util", "1", "room mediators' busy / on-duty time").f64;
  for (int c = 0; c < w.n_centres; ++c) {
    if (street_of[c] < 0) continue;
    const int lv = c < w.n_communities ? 0 : 1;
    const std::vector<int> hosted = hosted_rooms(m, w.sc.streets[street_of[c]].name, lv);
    for (std::size_t k = 0; k < hosted.size(); ++k) {
      const int r = hosted[k];
      run.push_back(ctx.run_id);
      idx.push_back(c);
      level.push_back(lv == 0 ? "community" : "street");
      street.push_back(w.sc.streets[street_of[c]].name);
      name.push_back(m.rooms[r].name);
      type.push_back(m.rooms[r].type);
      mediators.push_back(m.rooms[r].mediators);
      acc.push_back(room(room_accepted, c, r));
      res.push_back(room(room_resolved, c, r));
      ended.push_back(room(room_ended, c, r));
      dmean.push_back(ratio(room(room_days, c, r), room(room_ended, c, r)));
      const MediationCentre* centre = ctx.centres[c];
      const QueueStats* q = centre ? &centre->room_pool(k).stats() : nullptr;
      wait.push_back(q ? ratio(q->wait_sum, static_cast<double>(q->arrivals)) / kernel::kHour
                       : std::nan(""));
      util.push_back(q ? ratio(q->busy_seconds, q->available_seconds) : std::nan(""));
    }
  }
  return t;
}

std::vector<Table> MediationStats::results(RunResults& out, const ResultContext& ctx) {
  const RunConfig& w = ctx.config;
  KpiRecorder& k = out.kpi;
  k.set("disputes_accepted", static_cast<double>(disputes_accepted));
  k.set("disputes_resolved", static_cast<double>(disputes_resolved));
  k.set("dispute_resolution_rate",
        ratio(disputes_resolved, static_cast<double>(disputes_resolved + disputes_to_legal)));
  k.set("disputes_to_legal", static_cast<double>(disputes_to_legal));
  k.set("dispute_days_mean", ratio(dispute_seconds, static_cast<double>(disputes_ended)) / kDay);

  std::vector<Table> own;
  const MediationSpec& m = w.sc.mediation;
  if (!m.enabled) return own;
  const std::int64_t run_id = ctx.run_id;
  const std::vector<std::int32_t>& open = centre_open;
  std::vector<int> street_of(w.n_centres, -1);
  for (int s = 0, first = 0; s < w.n_streets; first += w.sc.streets[s].communities, ++s) {
    for (int c = first; c < first + w.sc.streets[s].communities; ++c) street_of[c] = s;
    street_of[w.street_centre(s)] = s;
  }
  {
    Table t = new_table("mediation",
                        "one row per run and mediation centre (矛调中心): the community centres, "
                        "then the street centres, then the district centre");
    auto& run = t.add_i64("run", "", "run id").i64;
    auto& idx = t.add_i64("centre", "", "centre index").i64;
    auto& level = t.add_str("level", "community, street or district").str;
    auto& street = t.add_str("street", "street (empty for the district centre)").str;
    auto& mediators = t.add_i64("mediators", "persons", "mediators, rooms included").i64;
    auto& acc = t.add_i64("accepted", "disputes", "disputes that arrived at this centre").i64;
    auto& min = t.add_i64("reassigned_in", "disputes", "moved here by the weekly dispatch").i64;
    auto& mout = t.add_i64("reassigned_out", "disputes", "moved away by the weekly dispatch").i64;
    auto& res = t.add_i64("resolved", "disputes", "resolved here").i64;
    auto& esc = t.add_i64("escalated", "disputes", "sent to the next level").i64;
    auto& legal = t.add_i64("to_legal", "disputes", "left to legal channels (district only)").i64;
    auto& op = t.add_i64("open", "disputes", "held here at the horizon").i64;
    auto& dmean = t.add_f64("days_mean", "days", "acceptance to outcome here, mean").f64;
    auto& dp90 = t.add_f64("days_p90", "days", "acceptance to outcome here, 90th percentile").f64;
    auto& util = t.add_f64("mediator_util", "1", "mediators' busy / on-duty time").f64;
    auto& racc = t.add_i64("room_accepted", "disputes", "of accepted, taken by a room here").i64;
    auto& rres = t.add_i64("room_resolved", "disputes", "of resolved, resolved by a room here").i64;
    static const char* kLevels[] = {"community", "street", "district"};
    for (int c = 0; c < w.n_centres; ++c) {
      const int lv = c < w.n_communities ? 0 : c == w.district_centre() ? 2 : 1;
      const MediationLevelSpec& spec = lv == 0 ? m.community : lv == 1 ? m.street : m.district;
      int staff = spec.mediators, room_acc = 0, room_res = 0;
      if (street_of[c] >= 0)
        for (const int r : hosted_rooms(m, w.sc.streets[street_of[c]].name, lv)) {
          staff += m.rooms[r].mediators;
          room_acc += room(room_accepted, c, r);
          room_res += room(room_resolved, c, r);
        }
      std::vector<float>& days = centre_days[c];
      double sum = 0;
      for (float d : days) sum += d;
      run.push_back(run_id);
      idx.push_back(c);
      level.push_back(kLevels[lv]);
      street.push_back(street_of[c] < 0 ? "" : w.sc.streets[street_of[c]].name);
      mediators.push_back(staff);
      acc.push_back(centre_accepted[c]);
      min.push_back(centre_moved_in[c]);
      mout.push_back(centre_moved_out[c]);
      res.push_back(centre_resolved[c]);
      esc.push_back(centre_escalated[c]);
      legal.push_back(centre_to_legal[c]);
      op.push_back(open[c]);
      dmean.push_back(ratio(sum, static_cast<double>(days.size())));
      dp90.push_back(quantile_nearest_rank(days, 0.9));
      const MediationCentre* centre = ctx.centres[c];
      util.push_back(centre ? ratio(centre->busy_seconds(), centre->available_seconds())
                            : std::nan(""));
      racc.push_back(room_acc);
      rres.push_back(room_res);
    }
    own.push_back(std::move(t));
  }
  {
    Table t = new_table("timeseries/monthly",
                        "one row per run, month and mediation centre: the monthly report (月通报)");
    auto& run = t.add_i64("run", "", "run id").i64;
    auto& month = t.add_i64("month", "month", "month index from the start month (0 = first)").i64;
    auto& ym = t.add_i64("year_month", "YYYYMM", "calendar month").i64;
    auto& idx = t.add_i64("centre", "", "centre index (row of /mediation)").i64;
    auto& acc = t.add_i64("accepted", "disputes", "accepted in the month").i64;
    auto& res = t.add_i64("resolved", "disputes", "resolved in the month").i64;
    auto& esc = t.add_i64("escalated", "disputes", "escalated in the month").i64;
    auto& legal = t.add_i64("to_legal", "disputes", "left to legal channels in the month").i64;
    for (int mo = 0; mo < w.months; ++mo) {
      const int total = w.sc.start_date.year * 12 + (w.sc.start_date.month - 1) + mo;
      for (int c = 0; c < w.n_centres; ++c) {
        run.push_back(run_id);
        month.push_back(mo);
        ym.push_back((total / 12) * 100 + total % 12 + 1);
        idx.push_back(c);
        acc.push_back(monthly(monthly_accepted, c, mo));
        res.push_back(monthly(monthly_resolved, c, mo));
        esc.push_back(monthly(monthly_escalated, c, mo));
        legal.push_back(monthly(monthly_to_legal, c, mo));
      }
    }
    own.push_back(std::move(t));
  }
  {
    Table t = new_table("dispute_types", "one row per run and dispute type");
    auto& run = t.add_i64("run", "", "run id").i64;
    auto& name = t.add_str("name", "dispute type").str;
    auto& prof = t.add_str("profession", "profession it needs at street centres").str;
    auto& acc = t.add_i64("accepted", "disputes", "disputes of this type accepted").i64;
    auto& res = t.add_i64("resolved", "disputes", "of those, resolved").i64;
    auto& days = t.add_f64("days_mean", "days", "first acceptance to end, ended disputes").f64;
    for (std::size_t i = 0; i < m.types.size(); ++i) {
      run.push_back(run_id);
      name.push_back(m.types[i].name);
      prof.push_back(m.types[i].profession);
      acc.push_back(type_accepted[i]);
      res.push_back(type_resolved[i]);
      days.push_back(ratio(type_days[i], type_ended[i]));
    }
    own.push_back(std::move(t));
  }
  own.push_back(room_table(ctx, street_of));
  return own;
}

}  // namespace gridplan::model
