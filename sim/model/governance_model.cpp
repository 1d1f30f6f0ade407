// Model assembly and the result tables: merge the LPs' observations in LP order, then compute
// KPIs, daily series and per-entity tables.
#include "gridplan/model/governance_model.hpp"

#include <algorithm>
#include <cmath>

#include "gridplan/model/department.hpp"
#include "gridplan/model/emergency.hpp"
#include "gridplan/model/kpi.hpp"
#include "gridplan/model/platform.hpp"
#include "gridplan/model/street.hpp"
#include "gridplan/model/world.hpp"

namespace gridplan::model {

using kernel::kDay;
using kernel::kHour;
using kernel::Table;

GovernanceModel::GovernanceModel(const Scenario& scenario, std::uint64_t replication, bool trace)
    : world_(std::make_unique<World>(scenario, replication, trace)) {
  platform_ = std::make_unique<PlatformLp>(*world_);
  for (int s = 0; s < world_->n_streets; ++s)
    streets_.push_back(std::make_unique<StreetLp>(*world_, s));
  for (int d = 0; d < world_->n_departments; ++d)
    departments_.push_back(std::make_unique<DepartmentLp>(*world_, d));
  for (int e = 0; e < static_cast<int>(scenario.emergencies.size()); ++e)
    emergencies_.push_back(std::make_unique<EmergencyLp>(*world_, e, world_->emergency_lp(e)));
}

GovernanceModel::~GovernanceModel() = default;

std::vector<kernel::LogicalProcess*> GovernanceModel::lps() {
  std::vector<kernel::LogicalProcess*> out{platform_.get()};
  for (auto& s : streets_) out.push_back(s.get());
  for (auto& d : departments_) out.push_back(d.get());
  for (auto& e : emergencies_) out.push_back(e.get());
  return out;
}

double GovernanceModel::horizon_seconds() const {
  return world_->horizon;
}
double GovernanceModel::lookahead_seconds() const {
  return world_->latency;
}

std::uint64_t GovernanceModel::cases_so_far() const {
  std::uint64_t n = 0;
  for (const auto& st : world_->stats) n += st.arrived;
  return n;
}

std::vector<NamedQueue> GovernanceModel::queues() const {
  std::vector<NamedQueue> q;
  q.push_back({"platform operators", "operators", platform_->operators().stats()});
  for (auto& s : streets_)
    q.push_back({s->name() + " office", "office", s->office().pool().stats()});
  for (auto& d : departments_) q.push_back({d->name(), "office", d->office().pool().stats()});
  for (std::size_t s = 0; s < streets_.size(); ++s)
    for (std::size_t g = 0; g < streets_[s]->workers().size(); ++g)
      q.push_back({streets_[s]->name() + " grid " + std::to_string(g + 1), "grid_worker",
                   streets_[s]->workers()[g].stats()});
  return q;
}

double quantile_nearest_rank(std::vector<float>& v, double q) {
  if (v.empty()) return std::nan("");
  std::size_t k = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size())));
  k = k == 0 ? 0 : k - 1;
  if (k >= v.size()) k = v.size() - 1;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

namespace {

double ratio(double a, double b) {
  return b > 0 ? a / b : std::nan("");
}

// Columns are filled through references taken as they are added: reserve so none moves.
Table new_table(std::string name, std::string description) {
  Table t;
  t.name = std::move(name);
  t.description = std::move(description);
  t.columns.reserve(32);
  return t;
}

struct OpenTally {
  std::vector<std::int32_t> by_grid, by_office;
};

OpenTally tally_open(const World& w) {
  OpenTally t{std::vector<std::int32_t>(w.district.grids.size()),
              std::vector<std::int32_t>(w.n_offices)};
  w.cases.for_each_live([&](const CaseRecord& c) {
    ++t.by_grid[c.grid];
    if (!std::isnan(c.t_dispatch) && c.office >= 0) ++t.by_office[c.office];
  });
  return t;
}

}  // namespace

void GovernanceModel::mediation_tables(std::vector<Table>& out, LpStats& all,
                                       std::int64_t run_id) const {
  const World& w = *world_;
  const MediationSpec& m = w.sc.mediation;
  std::vector<const MediationCentre*> centres(w.n_centres, nullptr);
  for (const auto& s : streets_)
    for (const auto& c : s->centres()) centres[c->index()] = c.get();
  centres[w.district_centre()] = platform_->district_centre();
  std::vector<std::int32_t> open(w.n_centres);
  w.cases.for_each_live([&](const CaseRecord& c) {
    if (c.centre >= 0) ++open[c.centre];
  });
  std::vector<int> street_of(w.n_centres, -1);
  for (int s = 0, first = 0; s < w.n_streets; first += w.sc.streets[s].communities, ++s) {
    for (int k = first; k < first + w.sc.streets[s].communities; ++k) street_of[k] = s;
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
    static const char* kLevels[] = {"community", "street", "district"};
    for (int k = 0; k < w.n_centres; ++k) {
      const int lv = k < w.n_communities ? 0 : k == w.district_centre() ? 2 : 1;
      const MediationLevelSpec& spec = lv == 0 ? m.community : lv == 1 ? m.street : m.district;
      int staff = spec.mediators;
      if (lv == 1)
        for (const auto& r : m.rooms) staff += r.mediators;
      std::vector<float>& days = all.centre_days[k];
      double sum = 0;
      for (float d : days) sum += d;
      run.push_back(run_id);
      idx.push_back(k);
      level.push_back(kLevels[lv]);
      street.push_back(street_of[k] < 0 ? "" : w.sc.streets[street_of[k]].name);
      mediators.push_back(staff);
      acc.push_back(all.centre_accepted[k]);
      min.push_back(all.centre_moved_in[k]);
      mout.push_back(all.centre_moved_out[k]);
      res.push_back(all.centre_resolved[k]);
      esc.push_back(all.centre_escalated[k]);
      legal.push_back(all.centre_to_legal[k]);
      op.push_back(open[k]);
      dmean.push_back(ratio(sum, static_cast<double>(days.size())));
      dp90.push_back(quantile_nearest_rank(days, 0.9));
      const MediationCentre* c = centres[k];
      util.push_back(c ? ratio(c->busy_seconds(), c->available_seconds()) : std::nan(""));
    }
    out.push_back(std::move(t));
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
      for (int k = 0; k < w.n_centres; ++k) {
        run.push_back(run_id);
        month.push_back(mo);
        ym.push_back((total / 12) * 100 + total % 12 + 1);
        idx.push_back(k);
        acc.push_back(all.monthly(all.monthly_accepted, k, mo));
        res.push_back(all.monthly(all.monthly_resolved, k, mo));
        esc.push_back(all.monthly(all.monthly_escalated, k, mo));
        legal.push_back(all.monthly(all.monthly_to_legal, k, mo));
      }
    }
    out.push_back(std::move(t));
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
      acc.push_back(all.type_accepted[i]);
      res.push_back(all.type_resolved[i]);
      days.push_back(ratio(all.type_days[i], all.type_ended[i]));
    }
    out.push_back(std::move(t));
  }
}

std::vector<Table> GovernanceModel::results(std::int64_t run_id, std::uint64_t events) {
  World& w = *world_;
  const Scenario& sc = w.sc;
  w.record_open_cases();
  // Merge in LP order; traces move rather than copy (they can be a million rows).
  LpStats all = std::move(w.stats.front());
  for (std::size_t i = 1; i < w.stats.size(); ++i) {
    all.merge(w.stats[i]);
    std::vector<CaseRow>().swap(w.stats[i].trace);
  }
  const OpenTally open = tally_open(w);
  const int days = sc.days;
  const std::vector<NamedQueue> qs = queues();

  // Staff time: patrol is a fixed daily block of every on-duty worker, added to busy time.
  const double n_workers = static_cast<double>(w.district.grids.size());
  std::vector<double> worker_avail(days + 1), patrol(days + 1), office_avail(days + 1),
      op_avail(days + 1);
  for (int d = 0; d < days; ++d) {
    const double on = w.worker_shift.on_seconds(d * kDay, (d + 1) * kDay);
    worker_avail[d] = n_workers * on;
    patrol[d] = n_workers * std::min(on, sc.grid_worker.patrol_hours * kHour);
    for (const auto& s : sc.streets)
      office_avail[d] +=
          s.office_staff * w.street_office_shift.on_seconds(d * kDay, (d + 1) * kDay);
    for (int k = 0; k < w.n_departments; ++k)
      office_avail[d] +=
          sc.departments[k].staff * w.department_shifts[k].on_seconds(d * kDay, (d + 1) * kDay);
    for (int h = 0; h < 24; ++h) op_avail[d] += sc.platform.operators_by_hour[h] * kHour;
  }
  double worker_busy = 0, worker_on = 0, office_busy = 0, office_on = 0;
  for (const auto& q : qs) {
    if (q.kind == "grid_worker")
      worker_busy += q.stats.busy_seconds, worker_on += q.stats.available_seconds;
    if (q.kind == "office")
      office_busy += q.stats.busy_seconds, office_on += q.stats.available_seconds;
  }
  double patrol_total = 0;
  for (double p : patrol) patrol_total += p;
  const QueueStats& ops = platform_->operators().stats();

  // Backlog at every hour boundary from arrivals and closes per hour.
  double backlog_sum = 0, backlog_max = 0;
  {
    double open_now = 0;
    const int hours = days * 24;
    for (int h = 0; h < hours; ++h) {
      open_now += all.arrivals_by_hour[h] - all.closed_by_hour[h];
      backlog_sum += open_now;
      backlog_max = std::max(backlog_max, open_now);
    }
    backlog_sum /= std::max(hours, 1);
  }

  KpiRecorder k;
  const double arrived = static_cast<double>(all.arrived);
  k.set("cases_arrived", arrived);
  k.set("cases_closed", static_cast<double>(all.closed));
  k.set("cases_open", static_cast<double>(w.cases.live()));
  k.set("completion_rate", ratio(all.closed, arrived));
  k.set("on_time_rate", ratio(all.closed_on_time, all.closed_dispatched));
  k.set("settled_in_grid_rate",
        ratio(all.settled_in_grid, static_cast<double>(all.settled_in_grid + all.dispatched)));
  double close_sum = 0;
  for (float h : all.close_hours) close_sum += h;
  k.set("close_hours_mean", ratio(close_sum, static_cast<double>(all.close_hours.size())));
  k.set("close_hours_p50", quantile_nearest_rank(all.close_hours, 0.50));
  k.set("close_hours_p90", quantile_nearest_rank(all.close_hours, 0.90));
  k.set("close_hours_p99", quantile_nearest_rank(all.close_hours, 0.99));
  k.set("overdue_close_hours_p90", quantile_nearest_rank(all.overdue_close_hours, 0.90));
  k.set("backlog_mean", backlog_sum);
  k.set("backlog_max", backlog_max);
  k.set("triage_wait_hours_mean", ratio(ops.wait_sum, static_cast<double>(ops.arrivals)) / kHour);
  const auto waited = std::count_if(all.triage_waits.begin(), all.triage_waits.end(),
                                    [](float x) { return x > 0.0f; });
  k.set("triage_wait_probability",
        ratio(static_cast<double>(waited), static_cast<double>(all.triage_waits.size())));
  k.set("triage_wait_hours_p95", quantile_nearest_rank(all.triage_waits, 0.95) / kHour);
  k.set("util_grid_workers", ratio(worker_busy + patrol_total, worker_on));
  k.set("util_operators", ratio(ops.busy_seconds, ops.available_seconds));
  k.set("util_departments", ratio(office_busy, office_on));
  k.set("whistles_first", static_cast<double>(all.whistles_first));
  k.set("whistles_second", static_cast<double>(all.whistles_second));
  k.set("whistles_settled", static_cast<double>(all.whistles_settled));
  k.set("whistle_report_hours_mean",
        ratio(all.whistle_report_seconds, static_cast<double>(all.whistle_report_count)) / kHour);
  k.set("whistle_settle_hours_mean",
        ratio(all.whistle_settle_seconds, static_cast<double>(all.whistle_settle_count)) / kHour);
  k.set("disputes_accepted", static_cast<double>(all.disputes_accepted));
  k.set("disputes_resolved", static_cast<double>(all.disputes_resolved));
  k.set("dispute_resolution_rate",
        ratio(all.disputes_resolved,
              static_cast<double>(all.disputes_resolved + all.disputes_to_legal)));
  k.set("disputes_to_legal", static_cast<double>(all.disputes_to_legal));
  k.set("dispute_days_mean",
        ratio(all.dispute_seconds, static_cast<double>(all.disputes_ended)) / kDay);
  std::vector<Table> emergency_tables;
  {
    std::vector<const EmergencyLp*> drills;
    for (const auto& e : emergencies_) drills.push_back(e.get());
    const EmergencyResults em = emergency_results(drills, run_id, emergency_tables);
    k.set("emergency_households", em.households);
    k.set("emergency_coverage_1h", em.coverage_1h);
    k.set("emergency_coverage_2h", em.coverage_2h);
    k.set("emergency_coverage_3h", em.coverage_3h);
    k.set("emergency_hours_to_95", em.hours_to_95);
    k.set("emergency_hours_to_100", em.hours_to_100);
    k.set("emergency_grids_done_3h", em.grids_done_3h);
  }
  k.set("cases_dispatched", static_cast<double>(all.dispatched));
  k.set("cases_to_mediation", static_cast<double>(all.referred_to_mediation));
  k.set("cases_reopened", static_cast<double>(all.reopened));
  k.set("events", static_cast<double>(events));
  for (std::size_t s = 0; s < sc.sources.size(); ++s)
    k.set_extra("cases_" + sc.sources[s].name, "cases",
                "cases from source '" + sc.sources[s].name + "'",
                static_cast<double>(all.arrived_by_source[s]));

  std::vector<Table> out;
  out.push_back(k.table(run_id));

  // Daily series.
  {
    Table t = new_table("timeseries/daily",
                        "one row per run and day; counts within the day, stocks at the day's end");
    auto& run = t.add_i64("run", "", "run id").i64;
    auto& day = t.add_i64("day", "day", "day index from the start date (0 = first day)").i64;
    auto& date = t.add_i64("date", "YYYYMMDD", "calendar date").i64;
    auto& arr = t.add_i64("arrivals", "cases", "cases reported").i64;
    auto& set = t.add_i64("settled_in_grid", "cases", "cases settled by grid workers").i64;
    auto& dis = t.add_i64("dispatched", "cases", "cases filed and dispatched").i64;
    auto& clo = t.add_i64("closed", "cases", "cases closed").i64;
    auto& bl = t.add_i64("backlog", "cases", "open cases at the end of the day").i64;
    auto& od = t.add_i64("overdue", "cases",
                         "open dispatched cases past their time limit at the end of the day")
                   .i64;
    auto& tw = t.add_f64("triage_wait_hours_mean", "hours",
                         "mean wait for a seat operator of cases whose filing began that day")
                   .f64;
    auto& uo = t.add_f64("util_operators", "1", "seat operators' busy / on-duty time").f64;
    auto& ug =
        t.add_f64("util_grid_workers", "1", "grid workers' busy (cases and patrol) / on-duty time")
            .f64;
    auto& ud = t.add_f64("util_departments", "1", "office staff busy / on-duty time").f64;
    auto& wh = t.add_i64("whistles", "whistles", "first whistles blown that day").i64;
    auto& wh2 = t.add_i64("second_whistles", "whistles", "second whistles blown that day").i64;
    std::int64_t backlog = 0, overdue = 0;
    for (int d = 0; d < days; ++d) {
      backlog += all.arrivals_by_day[d] - all.closed_by_day[d];
      overdue += all.overdue_change_by_day[d];
      run.push_back(run_id);
      day.push_back(d);
      date.push_back(w.calendar.date_of_day(d).to_int());
      arr.push_back(all.arrivals_by_day[d]);
      set.push_back(all.settled_by_day[d]);
      dis.push_back(all.dispatched_by_day[d]);
      clo.push_back(all.closed_by_day[d]);
      bl.push_back(backlog);
      od.push_back(overdue);
      tw.push_back(ratio(all.triage_wait_sum_by_day[d], all.triage_count_by_day[d]) / kHour);
      uo.push_back(ratio(all.operator_busy_by_day[d], op_avail[d]));
      ug.push_back(ratio(all.worker_busy_by_day[d] + patrol[d], worker_avail[d]));
      ud.push_back(ratio(all.office_busy_by_day[d], office_avail[d]));
      wh.push_back(all.whistles_by_day[d]);
      wh2.push_back(all.second_whistles_by_day[d]);
    }
    out.push_back(std::move(t));
  }

  // Grids.
  {
    Table t = new_table("grids", "one row per run and basic grid (one grid worker each)");
    auto& run = t.add_i64("run", "", "run id").i64;
    auto& id = t.add_i64("grid", "", "district-wide grid index").i64;
    auto& street = t.add_str("street", "street name").str;
    auto& comm = t.add_i64("community", "", "district-wide community index").i64;
    auto& cg = t.add_i64("community_grid", "", "district-wide community-grid index").i64;
    auto& hh = t.add_f64("households", "households", "households in the grid").f64;
    auto& act = t.add_f64("activity", "1", "relative case rate (district mean 1)").f64;
    auto& arr = t.add_i64("arrived", "cases", "cases that arrived").i64;
    auto& set = t.add_i64("settled_in_grid", "cases", "cases settled by the grid worker").i64;
    auto& dis = t.add_i64("dispatched", "cases", "cases dispatched").i64;
    auto& clo = t.add_i64("closed", "cases", "cases closed").i64;
    auto& op = t.add_i64("open", "cases", "cases open at the horizon").i64;
    auto& busy = t.add_f64("worker_busy_hours", "hours", "grid worker's case-handling time").f64;
    auto& util =
        t.add_f64("worker_util", "1", "grid worker's busy time (cases and patrol) / on-duty time")
            .f64;
    auto& wait =
        t.add_f64("worker_wait_hours_mean", "hours", "mean wait of a case for the grid worker").f64;
    std::size_t qi = 1 + streets_.size() + departments_.size();
    for (std::size_t g = 0; g < w.district.grids.size(); ++g, ++qi) {
      const BasicGrid& bg = w.district.grids[g];
      const QueueStats& qsg = qs[qi].stats;
      run.push_back(run_id);
      id.push_back(static_cast<std::int64_t>(g));
      street.push_back(sc.streets[bg.street].name);
      comm.push_back(bg.community);
      cg.push_back(bg.community_grid);
      hh.push_back(bg.households);
      act.push_back(bg.activity);
      arr.push_back(all.grid_arrived[g]);
      set.push_back(all.grid_settled[g]);
      dis.push_back(all.grid_dispatched[g]);
      clo.push_back(all.grid_closed[g]);
      op.push_back(open.by_grid[g]);
      busy.push_back(qsg.busy_seconds / kHour);
      util.push_back(ratio(qsg.busy_seconds + patrol_total / n_workers, qsg.available_seconds));
      wait.push_back(ratio(qsg.wait_sum, static_cast<double>(qsg.arrivals)) / kHour);
    }
    out.push_back(std::move(t));
  }

  // Offices: street offices, then departments.
  {
    Table t =
        new_table("departments",
                  "one row per run and handling office: the 9 street offices, then departments");
    auto& run = t.add_i64("run", "", "run id").i64;
    auto& idx = t.add_i64("office", "", "office index").i64;
    auto& name = t.add_str("name", "office name").str;
    auto& kind = t.add_str("kind", "\"street_office\" or \"department\"").str;
    auto& staff = t.add_i64("staff", "people", "staff on cases").i64;
    auto& rec = t.add_i64("received", "cases", "cases dispatched to the office").i64;
    auto& clo = t.add_i64("closed", "cases", "of those, closed").i64;
    auto& op = t.add_i64("open", "cases", "of those, open at the horizon").i64;
    auto& ont = t.add_i64("closed_on_time", "cases", "closed within the time limit").i64;
    auto& onr = t.add_f64("on_time_rate", "1", "closed_on_time / closed").f64;
    auto& reo = t.add_i64("reopened", "cases", "failed verifications sent back").i64;
    auto& busy = t.add_f64("staff_busy_hours", "hours", "staff time spent on cases").f64;
    auto& util = t.add_f64("util", "1", "staff busy / on-duty time").f64;
    auto& wait = t.add_f64("wait_hours_mean", "hours", "mean wait for a member of staff").f64;
    auto& ql = t.add_f64("queue_length_mean", "cases", "time-average number waiting").f64;
    auto& lead = t.add_f64("lead_days_mean", "days", "mean lead time after staff work").f64;
    auto& whn = t.add_i64("whistles", "whistles", "first whistles the office came to").i64;
    auto& whr = t.add_f64("whistle_report_hours_mean", "hours",
                          "mean time from a whistle to the office's report on site")
                    .f64;
    auto& whrt = t.add_f64("whistle_report_on_time_rate", "1",
                           "share of its reports within whistle.report_within_hours")
                     .f64;
    auto& whf = t.add_i64("whistles_failed", "whistles",
                          "whistles it led whose result failed verification (second whistle)")
                    .i64;
    auto& score = t.add_f64("street_score", "points",
                            "streets' evaluation, 0-100: weighted on-time rate, whistle reports "
                            "in time and whistle results passing verification (departments only)")
                      .f64;
    auto& annual = t.add_f64("annual_score_from_streets", "points",
                             "street_score x whistle.street_evaluation_weight: the streets' part "
                             "of the department's annual score")
                       .f64;
    for (int o = 0; o < w.n_offices; ++o) {
      const QueueStats& q = qs[1 + o].stats;
      const bool is_street = o < w.n_streets;
      run.push_back(run_id);
      idx.push_back(o);
      name.push_back(is_street ? sc.streets[o].name : sc.departments[o - w.n_streets].name);
      kind.push_back(is_street ? "street_office" : "department");
      staff.push_back(is_street ? sc.streets[o].office_staff
                                : sc.departments[o - w.n_streets].staff);
      rec.push_back(all.office_received[o]);
      clo.push_back(all.office_closed[o]);
      op.push_back(open.by_office[o]);
      ont.push_back(all.office_on_time[o]);
      onr.push_back(ratio(all.office_on_time[o], all.office_closed[o]));
      reo.push_back(all.office_reopened[o]);
      busy.push_back(q.busy_seconds / kHour);
      util.push_back(ratio(q.busy_seconds, q.available_seconds));
      wait.push_back(ratio(q.wait_sum, static_cast<double>(q.arrivals)) / kHour);
      ql.push_back(q.queue_area / w.horizon);
      lead.push_back(ratio(all.office_lead_seconds[o], static_cast<double>(q.started)) / kDay);
      const double whistles = all.office_whistles[o];
      whn.push_back(all.office_whistles[o]);
      whr.push_back(ratio(all.office_report_seconds[o], whistles) / kHour);
      whrt.push_back(ratio(all.office_reports_on_time[o], whistles));
      whf.push_back(all.office_whistle_failed[o]);
      // No whistle is no failure: those parts of the score count in full.
      const WhistleSpec& ws = sc.whistle;
      const double on_time = ratio(all.office_on_time[o], all.office_closed[o]);
      const double reports = whistles > 0 ? all.office_reports_on_time[o] / whistles : 1.0;
      const double passed = whistles > 0 ? 1.0 - all.office_whistle_failed[o] / whistles : 1.0;
      const double s =
          is_street ? std::nan("")
                    : 100.0 * (ws.score_on_time_weight * on_time +
                               ws.score_report_weight * reports + ws.score_verify_weight * passed);
      score.push_back(s);
      annual.push_back(s * ws.street_evaluation_weight);
    }
    out.push_back(std::move(t));
  }

  // Queues, for Little's law: L = lambda W over the horizon, with waits of cases still queued
  // at the horizon counted up to it.
  {
    Table t = new_table("queues", "one row per run and queue (operators, offices, grid workers)");
    auto& run = t.add_i64("run", "", "run id").i64;
    auto& name = t.add_str("queue", "queue name").str;
    auto& kind = t.add_str("kind", "operators, office or grid_worker").str;
    auto& arr = t.add_i64("arrivals", "cases", "cases that joined the queue").i64;
    auto& lam = t.add_f64("arrival_rate_per_hour", "cases/hour", "arrivals / horizon").f64;
    auto& wq =
        t.add_f64("wait_hours_mean", "hours", "mean wait before service (censored at the horizon)")
            .f64;
    auto& lq = t.add_f64("queue_length_mean", "cases", "time-average number waiting").f64;
    auto& ws =
        t.add_f64("sojourn_hours_mean", "hours", "mean time in queue and service (censored)").f64;
    auto& ls =
        t.add_f64("in_system_mean", "cases", "time-average number waiting or in service").f64;
    auto& util = t.add_f64("util", "1", "busy / on-duty staff time").f64;
    for (const auto& q : qs) {
      const double n = static_cast<double>(q.stats.arrivals);
      run.push_back(run_id);
      name.push_back(q.name);
      kind.push_back(q.kind);
      arr.push_back(static_cast<std::int64_t>(q.stats.arrivals));
      lam.push_back(n / (w.horizon / kHour));
      wq.push_back(ratio(q.stats.wait_sum, n) / kHour);
      lq.push_back(q.stats.queue_area / w.horizon);
      ws.push_back(ratio(q.stats.sojourn_sum, n) / kHour);
      ls.push_back(q.stats.system_area / w.horizon);
      util.push_back(ratio(q.stats.busy_seconds, q.stats.available_seconds));
    }
    out.push_back(std::move(t));
  }

  // Streets: their grids' cases and the whistles they blew.
  {
    Table t = new_table("streets", "one row per run and street");
    auto& run = t.add_i64("run", "", "run id").i64;
    auto& idx = t.add_i64("street", "", "street index (row of the scenario's streets)").i64;
    auto& name = t.add_str("name", "street name").str;
    auto& grids = t.add_i64("basic_grids", "grids", "basic grids").i64;
    auto& hh = t.add_f64("households", "households", "households").f64;
    auto& arr = t.add_i64("arrived", "cases", "cases that arrived in its grids").i64;
    auto& clo = t.add_i64("closed", "cases", "of those, closed").i64;
    auto& op = t.add_i64("open", "cases", "of those, open at the horizon").i64;
    auto& wh = t.add_i64("whistles", "whistles", "first whistles blown by the street").i64;
    auto& util = t.add_f64("office_util", "1", "street office staff busy / on-duty time").f64;
    for (int s = 0; s < w.n_streets; ++s) {
      std::int64_t a = 0, c = 0, o = 0;
      const int first = w.district.street_first_grid[s];
      for (int g = first; g < first + sc.streets[s].basic_grids; ++g) {
        a += all.grid_arrived[g];
        c += all.grid_closed[g];
        o += open.by_grid[g];
      }
      const QueueStats& q = qs[1 + s].stats;
      run.push_back(run_id);
      idx.push_back(s);
      name.push_back(sc.streets[s].name);
      grids.push_back(sc.streets[s].basic_grids);
      hh.push_back(sc.streets[s].households);
      arr.push_back(a);
      clo.push_back(c);
      op.push_back(o);
      wh.push_back(all.whistles_by_street[s]);
      util.push_back(ratio(q.busy_seconds, q.available_seconds));
    }
    out.push_back(std::move(t));
  }

  // Whistles: one row per whistled case, closed or open at the horizon.
  {
    std::sort(all.whistles.begin(), all.whistles.end(),
              [](const WhistleRow& a, const WhistleRow& b) { return a.case_id < b.case_id; });
    Table t = new_table("whistles",
                        "one row per whistled case (吹哨), closed or open at the horizon; times in "
                        "hours since the start, NaN where the step did not happen");
    auto& run = t.add_i64("run", "", "run id").i64;
    auto& id = t.add_i64("case", "", "case id (as in /cases)").i64;
    auto& street = t.add_str("street", "street that blew the whistle").str;
    auto& rule = t.add_str("rule", "overdue, repeat or multi_department").str;
    auto& offices = t.add_str("departments", "offices that came, the leading one first, a+b").str;
    auto& blown = t.add_f64("t_blown", "hours", "first whistle blown").f64;
    auto& rep = t.add_f64("t_reported", "hours", "last office reported on site").f64;
    auto& set = t.add_f64("t_settled", "hours", "whistled handling done (lead time over)").f64;
    auto& second = t.add_i64("second_whistle", "", "1 if the second whistle was blown").i64;
    auto& t2 = t.add_f64("t_second", "hours", "second whistle blown").f64;
    auto& tc = t.add_f64("t_close", "hours", "case closed").f64;
    static const char* kRules[] = {"", "overdue", "repeat", "multi_department"};
    for (const WhistleRow& r : all.whistles) {
      run.push_back(run_id);
      id.push_back(static_cast<std::int64_t>(r.case_id));
      street.push_back(sc.streets[r.street].name);
      rule.push_back(kRules[r.rule]);
      offices.push_back(r.offices);
      blown.push_back(r.t_blown / kHour);
      rep.push_back(r.t_reported / kHour);
      set.push_back(r.t_settled / kHour);
      second.push_back(std::isnan(r.t_second) ? 0 : 1);
      t2.push_back(r.t_second / kHour);
      tc.push_back(r.t_close / kHour);
    }
    out.push_back(std::move(t));
  }

  if (sc.mediation.enabled) mediation_tables(out, all, run_id);
  for (auto& t : emergency_tables) out.push_back(std::move(t));

  // Lookup tables for the coded columns of /cases (and useful on their own).
  {
    Table t = new_table("sources", "one row per run and case source of the scenario");
    auto& run = t.add_i64("run", "", "run id").i64;
    auto& idx = t.add_i64("source", "", "source index (the code in /cases)").i64;
    auto& name = t.add_str("name", "source name").str;
    auto& per_year = t.add_f64("per_year", "cases/year", "expected cases in 365 days").f64;
    for (std::size_t i = 0; i < sc.sources.size(); ++i) {
      run.push_back(run_id);
      idx.push_back(static_cast<std::int64_t>(i));
      name.push_back(sc.sources[i].name);
      per_year.push_back(sc.sources[i].per_year);
    }
    out.push_back(std::move(t));
  }
  {
    Table t = new_table("categories", "one row per run and case category of the scenario");
    auto& run = t.add_i64("run", "", "run id").i64;
    auto& idx = t.add_i64("category", "", "category index (the code in /cases)").i64;
    auto& name = t.add_str("name", "category name").str;
    auto& handler = t.add_str("handler", "\"street\" or the handling department").str;
    auto& limit = t.add_f64("time_limit_days", "working days", "time limit after dispatch").f64;
    for (std::size_t i = 0; i < sc.categories.size(); ++i) {
      run.push_back(run_id);
      idx.push_back(static_cast<std::int64_t>(i));
      name.push_back(sc.categories[i].name);
      handler.push_back(sc.categories[i].handler);
      limit.push_back(sc.categories[i].time_limit_days);
    }
    out.push_back(std::move(t));
  }

  if (w.trace) {
    // Sort small (id, row) keys rather than the rows themselves.
    std::vector<std::pair<std::uint64_t, std::uint32_t>> order(all.trace.size());
    for (std::size_t i = 0; i < order.size(); ++i)
      order[i] = {all.trace[i].id, static_cast<std::uint32_t>(i)};
    std::sort(order.begin(), order.end());
    Table t = new_table("cases",
                        "one row per case (with --trace), closed or open at the horizon; times in "
                        "hours since the start, NaN where the step did not happen; source, "
                        "category and office are codes into /sources, /categories and "
                        "/departments");
    const std::size_t n = order.size();
    auto& run = t.add_i64("run", "", "run id").i64;
    auto& id = t.add_i64("id", "", "case id: creating LP * 2^40 + its counter").i64;
    auto& src = t.add_i64("source", "", "source code (row of /sources)").i64;
    auto& cat = t.add_i64("category", "", "category code (row of /categories)").i64;
    auto& grid = t.add_i64("grid", "", "district-wide grid index (row of /grids)").i64;
    auto& off = t.add_i64("department", "",
                          "handling office (row of /departments); -1 if settled in the grid")
                    .i64;
    std::vector<double>* times[6];
    const char* names[6] = {"t_report", "t_triage", "t_dispatch",
                            "t_settle", "t_verify", "t_close"};
    const char* descs[6] = {"reported",
                            "filing by a seat operator began",
                            "dispatched",
                            "settled (in the grid, or handling office done)",
                            "last on-site verification",
                            "closed"};
    for (int i = 0; i < 6; ++i) {
      times[i] = &t.add_f64(names[i], "hours", descs[i]).f64;
      times[i]->reserve(n);
    }
    auto& reo = t.add_i64("reopen_count", "", "failed verifications").i64;
    for (auto* v : {&run, &id, &src, &cat, &grid, &off, &reo}) v->reserve(n);
    for (const auto& [key, i] : order) {
      const CaseRow& r = all.trace[i];
      run.push_back(run_id);
      id.push_back(static_cast<std::int64_t>(r.id));
      src.push_back(r.source);
      cat.push_back(r.category);
      grid.push_back(r.grid);
      off.push_back(std::isnan(r.t_dispatch) ? -1 : r.office);
      const double ts[6] = {r.t_report, r.t_triage, r.t_dispatch,
                            r.t_settle, r.t_verify, r.t_close};
      for (int k = 0; k < 6; ++k) times[k]->push_back(ts[k] / kHour);
      reo.push_back(r.reopen);
    }
    std::vector<CaseRow>().swap(all.trace);
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace gridplan::model
