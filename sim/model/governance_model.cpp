// Model assembly, and the run's results assembled from the units' statistics.
#include "gridplan/model/governance_model.hpp"

#include <algorithm>
#include <cmath>

#include "gridplan/model/department.hpp"
#include "gridplan/model/emergency_drill.hpp"
#include "gridplan/model/mediation_centre.hpp"
#include "gridplan/model/platform.hpp"
#include "gridplan/model/run_config.hpp"
#include "gridplan/model/run_results.hpp"
#include "gridplan/model/stats_merge.hpp"
#include "gridplan/model/street_office.hpp"

namespace gridplan::model {

using kernel::Table;

GovernanceModel::GovernanceModel(const Scenario& scenario, std::uint64_t replication, bool trace)
    : GovernanceModel(scenario, replication, trace, 0, -1) {}

GovernanceModel::GovernanceModel(const Scenario& scenario, std::uint64_t replication, bool trace,
                                 kernel::LpId first_lp, int centre_source)
    : config_(std::make_unique<RunConfig>(scenario, replication, trace, first_lp)) {
  config_->centre_source = centre_source;
  platform_ = std::make_unique<PlatformLp>(*config_);
  for (int s = 0; s < config_->n_streets; ++s)
    streets_.push_back(std::make_unique<StreetOfficeLp>(*config_, s));
  for (int d = 0; d < config_->n_departments; ++d)
    departments_.push_back(std::make_unique<DepartmentLp>(*config_, d));
  for (int e = 0; e < static_cast<int>(scenario.emergencies.size()); ++e)
    emergencies_.push_back(std::make_unique<EmergencyLp>(*config_, e));
}

void GovernanceModel::replay_from(ArrivalFeed* feed) {
  config_->replay = true;
  platform_->replay_from(feed);
}

std::uint64_t GovernanceModel::feed_events() const {
  return platform_->feed_events();
}

void GovernanceModel::record_filing(std::vector<FilingJob>* log) {
  platform_->record_filing(log);
}

void GovernanceModel::record_outcomes() {
  config_->record_outcomes = true;
}

std::vector<CaseOutcome> GovernanceModel::outcomes() const {
  std::vector<CaseOutcome> out = platform_->book().outcomes();
  for (const auto& s : streets_) append_rows(out, s->book().outcomes());
  for (const auto& d : departments_) append_rows(out, d->book().outcomes());
  std::sort(out.begin(), out.end(),
            [](const CaseOutcome& a, const CaseOutcome& b) { return a.id < b.id; });
  return out;
}

const kernel::Calendar& GovernanceModel::calendar() const {
  return config_->calendar;
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
  return config_->horizon;
}
double GovernanceModel::lookahead_seconds() const {
  return config_->latency;
}

std::uint64_t GovernanceModel::cases_so_far() const {
  std::uint64_t n = platform_->book().stats().flow.arrived;
  for (const auto& s : streets_) n += s->book().stats().flow.arrived;
  return n;
}

std::vector<NamedQueue> GovernanceModel::queues() const {
  std::vector<NamedQueue> q;
  q.push_back({"platform operators", "operators", platform_->operators().stats()});
  for (auto& s : streets_)
    q.push_back({s->name() + " office", "office", s->office().pool().stats()});
  for (auto& d : departments_) q.push_back({d->name(), "office", d->office().pool().stats()});
  for (std::size_t s = 0; s < streets_.size(); ++s)
    for (std::size_t g = 0; g < streets_[s]->workers().pools().size(); ++g)
      q.push_back({streets_[s]->name() + " grid " + std::to_string(g + 1), "grid_worker",
                   streets_[s]->workers().pools()[g].stats()});
  return q;
}

void GovernanceModel::append_times(PooledTimes& out) const {
  const auto add = [&](const CaseBook& book) {
    const CaseFlowStats& f = book.stats().flow;
    out.close_hours.insert(out.close_hours.end(), f.close_hours.begin(), f.close_hours.end());
    out.overdue_close_hours.insert(out.overdue_close_hours.end(), f.overdue_close_hours.begin(),
                                   f.overdue_close_hours.end());
    const std::vector<float>& waits = book.stats().platform.triage_waits;
    out.triage_waits.insert(out.triage_waits.end(), waits.begin(), waits.end());
  };
  add(platform_->book());
  for (const auto& s : streets_) add(s->book());
  for (const auto& d : departments_) add(d->book());
}

double quantile_nearest_rank(std::vector<float>& v, double q) {
  if (v.empty()) return std::nan("");
  std::size_t k = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size())));
  k = k == 0 ? 0 : k - 1;
  if (k >= v.size()) k = v.size() - 1;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

std::vector<const MediationCentre*> GovernanceModel::mediation_centres() const {
  const RunConfig& w = *config_;
  if (!w.sc.mediation.enabled) return {};
  std::vector<const MediationCentre*> centres(w.n_centres, nullptr);
  for (const auto& s : streets_)
    for (const auto& c : s->centres()) centres[c->index()] = c.get();
  centres[w.district_centre()] = platform_->district_centre();
  return centres;
}

std::vector<Table> GovernanceModel::results(std::int64_t run_id, std::uint64_t events,
                                            std::vector<kernel::TableSource>* on_demand) {
  // Merge in LP order (platform, streets, departments; drills hold no cases), so that
  // floating-point sums add in one fixed order.
  // The per-case rows are the run's largest vectors. A float per closed case: the platform's
  // move, the merged ones are sized once, and each LP's are freed as soon as they are copied,
  // so that they are not held twice. With --trace a row per case: never merged, each LP's
  // stay in their own vector (CaseFlowStats::trace_parts).
  LpStats all = std::move(platform_->book().stats());
  std::vector<CaseFlowStats*> flows;
  for (const auto& s : streets_) flows.push_back(&s->book().stats().flow);
  for (const auto& d : departments_) flows.push_back(&d->book().stats().flow);
  all.flow.take_trace(all.flow);
  for (CaseFlowStats* f : flows) all.flow.take_trace(*f);
  std::size_t closed = all.flow.close_hours.size(), late = all.flow.overdue_close_hours.size();
  for (const CaseFlowStats* f : flows) {
    closed += f->close_hours.size();
    late += f->overdue_close_hours.size();
  }
  all.flow.close_hours.reserve(closed);
  all.flow.overdue_close_hours.reserve(late);
  for (const auto& lp : streets_) {
    all.merge(lp->book().stats());
    lp->book().stats().flow.release_rows();
  }
  for (const auto& lp : departments_) {
    all.merge(lp->book().stats());
    lp->book().stats().flow.release_rows();
  }
  const std::vector<NamedQueue> qs = queues();
  const ResultContext ctx = result_context(*config_, all, run_id, qs, mediation_centres());

  // Each unit sets its KPIs and adds its columns to the shared tables.
  RunResults r = keyed_tables(ctx);
  std::vector<Table> cases = all.flow.results(r, ctx, on_demand);
  Table service_hourly = all.platform.results(r, ctx);
  all.workers.results(r, ctx, all.platform);
  all.offices.results(r, ctx);
  Table offices_monthly = all.offices.monthly_table(ctx);
  std::vector<Table> whistles = all.whistle.results(r, ctx, all.offices);
  std::vector<Table> mediation = all.mediation.results(r, ctx);
  std::vector<Table> emergency;
  {
    std::vector<const EmergencyLp*> drills;
    for (const auto& e : emergencies_) drills.push_back(e.get());
    set_emergency_kpis(r.kpi, emergency_results(drills, run_id, emergency));
  }
  r.kpi.set("events", static_cast<double>(events));
  order_columns(r);

  std::vector<Table> out;
  out.push_back(r.kpi.table(run_id));
  out.push_back(std::move(r.daily));
  out.push_back(std::move(r.grids));
  out.push_back(std::move(r.offices));
  out.push_back(queues_table(ctx));
  out.push_back(std::move(r.streets));
  out.push_back(std::move(service_hourly));
  out.push_back(std::move(offices_monthly));
  for (auto* tables : {&whistles, &mediation, &emergency})
    for (Table& t : *tables) out.push_back(std::move(t));
  out.push_back(sources_table(ctx));
  out.push_back(categories_table(ctx));
  if (config_->replay) out.push_back(all.recorded.table(ctx));
  for (Table& t : cases) out.push_back(std::move(t));
  return out;
}

}  // namespace gridplan::model
