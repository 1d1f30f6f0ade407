// The Hongqiao grid-governance model assembled for one run: the platform, street and
// department LPs over a shared World, and the result tables read off them afterwards.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gridplan/kernel/logical_process.hpp"
#include "gridplan/kernel/table.hpp"
#include "gridplan/model/scenario.hpp"
#include "gridplan/model/staff_pool.hpp"

namespace gridplan::model {

struct World;
struct LpStats;
class PlatformLp;
class StreetLp;
class DepartmentLp;
class EmergencyLp;

/// One queue's statistics, named, for the /queues table and Little's-law checks.
struct NamedQueue {
  std::string name;
  std::string kind;  ///< "operators", "office" or "grid_worker"
  QueueStats stats;
};

class GovernanceModel {
 public:
  GovernanceModel(const Scenario& scenario, std::uint64_t replication, bool trace);
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
  /// The run's result tables ("kpi", "timeseries/daily", "grids", "departments", "queues" and,
  /// when tracing, "cases"). Call once, after the engine has finished.
  std::vector<kernel::Table> results(std::int64_t run_id, std::uint64_t events);

 private:
  void mediation_tables(std::vector<kernel::Table>& out, LpStats& all, std::int64_t run_id) const;

  std::unique_ptr<World> world_;
  std::unique_ptr<PlatformLp> platform_;
  std::vector<std::unique_ptr<StreetLp>> streets_;
  std::vector<std::unique_ptr<DepartmentLp>> departments_;
  std::vector<std::unique_ptr<EmergencyLp>> emergencies_;
};

/// The q-quantile (nearest rank) of `values`, which it reorders; NaN when empty.
double quantile_nearest_rank(std::vector<float>& values, double q);

}  // namespace gridplan::model
