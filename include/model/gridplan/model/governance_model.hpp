// The Hongqiao grid-governance model assembled for one run: the platform, street, department and
// drill LPs over one read-only RunConfig, and the result tables read off them afterwards.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gridplan/kernel/logical_process.hpp"
#include "gridplan/kernel/table.hpp"
#include "gridplan/model/case_outcome.hpp"
#include "gridplan/model/filing_queue.hpp"
#include "gridplan/model/scenario.hpp"
#include "gridplan/model/staff_pool.hpp"

namespace gridplan::model {

struct RunConfig;
class ArrivalFeed;
class MediationCentre;
class PlatformLp;
class StreetOfficeLp;
class DepartmentLp;
class EmergencyLp;

/// One queue's statistics, named, for the /queues table and Little's-law checks.
struct NamedQueue {
  std::string name;
  std::string kind;  ///< "operators", "office" or "grid_worker"
  QueueStats stats;
};

/// Per-case times of a run, pooled over several districts for a city's exact quantiles.
struct PooledTimes {
  std::vector<float> close_hours;          ///< report to close, closed cases
  std::vector<float> overdue_close_hours;  ///< the same, dispatched cases closed late
  std::vector<float> triage_waits;         ///< wait for a seat operator, seconds, filed cases
};

class GovernanceModel {
 public:
  GovernanceModel(const Scenario& scenario, std::uint64_t replication, bool trace);
  /// A district of a city: its LPs' ids start at `first_lp`; source `centre_source` (if >= 0)
  /// arrives from the city hotline centre instead of the platform's generator.
  GovernanceModel(const Scenario& scenario, std::uint64_t replication, bool trace,
                  kernel::LpId first_lp, int centre_source);
  ~GovernanceModel();
  GovernanceModel(const GovernanceModel&) = delete;
  GovernanceModel& operator=(const GovernanceModel&) = delete;

  /// The LPs in id order, for an engine.
  std::vector<kernel::LogicalProcess*> lps();
  double horizon_seconds() const;
  double lookahead_seconds() const;
  /// Cases created so far (for progress display only).
  std::uint64_t cases_so_far() const;
  /// Every queue after the run.
  std::vector<NamedQueue> queues() const;
  /// Appends the run's per-case times to `out`, in LP order (platform, streets, departments),
  /// the order results() merges them in. Call after the engine, before results().
  void append_times(PooledTimes& out) const;
  /// Replay: every source's arrivals come from `feed` (which must outlive the run) instead of
  /// the generators. Call before the run.
  void replay_from(ArrivalFeed* feed);
  /// Replay: events spent handing on recorded arrivals (bookkeeping, not model work).
  std::uint64_t feed_events() const;
  /// Appends every filing job to `log` (which must outlive the run), in the order the cases
  /// join the operators' queue (replay_filing_queue). Call before the run.
  void record_filing(std::vector<FilingJob>* log);
  /// Keeps every case's first whistle and dispute type (export-events). Call before the run.
  void record_outcomes();
  /// After the run: the kept outcomes of the cases that have any, sorted by case id.
  std::vector<CaseOutcome> outcomes() const;
  /// The run's calendar (what replay_filing_queue classifies days by).
  const kernel::Calendar& calendar() const;
  /// The run's result tables ("kpi", "timeseries/daily", "grids", "departments", "queues",
  /// "streets", "whistles", the mediation and emergency tables, "sources", "categories" and,
  /// when tracing, "cases"), assembled from the units' statistics merged in LP order. With
  /// `on_demand`, "cases" goes there instead, its rows made as it is read (a writer streams
  /// them). Call once, after the engine has finished.
  std::vector<kernel::Table> results(std::int64_t run_id, std::uint64_t events,
                                     std::vector<kernel::TableSource>* on_demand = nullptr);

 private:
  /// The mediation centres by district-wide index (empty without mediation).
  std::vector<const MediationCentre*> mediation_centres() const;

  std::unique_ptr<RunConfig> config_;
  std::unique_ptr<PlatformLp> platform_;
  std::vector<std::unique_ptr<StreetOfficeLp>> streets_;
  std::vector<std::unique_ptr<DepartmentLp>> departments_;
  std::vector<std::unique_ptr<EmergencyLp>> emergencies_;
};

/// The q-quantile (nearest rank) of `values`, which it reorders; NaN when empty.
double quantile_nearest_rank(std::vector<float>& values, double q);

}  // namespace gridplan::model
