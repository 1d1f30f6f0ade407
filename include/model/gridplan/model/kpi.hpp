// The KPI catalogue (docs/model.md, "KPIs"): every /kpi column declared once with its unit and
// meaning. Names are a contract with scripts and other tools: add freely, rename none. Each
// unit's statistics set their own KPIs into one recorder (e.g. WhistleStats::results); the
// catalogue alone fixes the column order, and the recorder refuses a KPI nobody set.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "gridplan/kernel/table.hpp"

namespace gridplan::model {

/// One declared KPI.
struct KpiSpec {
  const char* name;
  const char* unit;
  const char* description;
};

/// Every KPI this model records, in column order. Per-source arrival counts
/// ("cases_<source>") follow these, one per scenario source.
const std::vector<KpiSpec>& kpi_catalogue();

/// Values of one run's KPIs, checked against the catalogue when turned into a table.
class KpiRecorder {
 public:
  /// Sets a declared KPI; throws std::logic_error for an undeclared name.
  void set(const std::string& name, double value);
  /// Declares and sets a scenario-dependent KPI (e.g. a per-source count).
  void set_extra(const std::string& name, const std::string& unit, const std::string& description,
                 double value);
  /// The one-row "kpi" table with a run column; throws if a declared KPI was never set.
  kernel::Table table(std::int64_t run_id) const;

 private:
  std::map<std::string, double> values_;
  std::vector<std::string> extra_names_, extra_units_, extra_descriptions_;
};

}  // namespace gridplan::model
