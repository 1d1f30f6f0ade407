// What the units' statistics read and write when a run's results are assembled: the run's
// context (RunConfig, queues, open cases) and the tables several units fill together.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "gridplan/kernel/table.hpp"
#include "gridplan/model/governance_model.hpp"
#include "gridplan/model/kpi.hpp"

namespace gridplan::model {

struct RunConfig;
struct LpStats;
class MediationCentre;
struct EmergencyResults;

/// An empty table with its name (the HDF5 path without the leading slash) and description.
inline kernel::Table new_table(std::string name, std::string description) {
  kernel::Table t;
  t.name = std::move(name);
  t.description = std::move(description);
  return t;
}

/// a / b, NaN unless b > 0.
inline double ratio(double a, double b) {
  return b > 0 ? a / b : std::nan("");
}

/// The finished run, as the units' statistics see it when they produce results.
struct ResultContext {
  const RunConfig& config;
  std::int64_t run_id;
  /// GovernanceModel::queues(): the operators, then every office, then every grid worker.
  const std::vector<NamedQueue>& queues;
  /// Cases open at the horizon by grid, and dispatched ones by office.
  std::vector<std::int32_t> open_by_grid, open_by_office;
  /// Mediation centres by district-wide index.
  std::vector<const MediationCentre*> centres;

  const QueueStats& operators() const { return queues.front().stats; }
  const QueueStats& office_queue(int office) const { return queues[1 + office].stats; }
  const QueueStats& worker_queue(std::size_t grid) const;
};

/// The KPIs and the tables with a row per day, grid, office or street. The assembler creates
/// the tables' key columns; each unit adds its own, and the assembler fixes the column order.
struct RunResults {
  KpiRecorder kpi;
  kernel::Table daily;    ///< "timeseries/daily": one row per day of the horizon
  kernel::Table grids;    ///< "grids": one row per basic grid
  kernel::Table offices;  ///< "departments": street offices, then departments
  kernel::Table streets;  ///< "streets": one row per street
};

/// The context of a finished run; `all` is every LP's statistics merged.
ResultContext result_context(const RunConfig& config, const LpStats& all, std::int64_t run_id,
                             const std::vector<NamedQueue>& queues,
                             std::vector<const MediationCentre*> centres);
/// The shared tables with their key columns (run, then what identifies a row), the KPIs empty.
RunResults keyed_tables(const ResultContext& ctx);
/// Puts the shared tables' columns in their published order, columns added since after them;
/// throws std::invalid_argument if a unit left a published column out.
void order_columns(RunResults& r);
/// Sets the emergency KPIs from the first drill's results.
void set_emergency_kpis(KpiRecorder& k, const EmergencyResults& em);
/// /queues: one row per queue, for Little's law.
kernel::Table queues_table(const ResultContext& ctx);
/// /sources and /categories: lookup tables for the coded columns of /cases.
kernel::Table sources_table(const ResultContext& ctx);
kernel::Table categories_table(const ResultContext& ctx);

}  // namespace gridplan::model
