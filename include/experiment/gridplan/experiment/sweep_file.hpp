// Sweep files (`gridplan sweep --sweep FILE.toml`): a study's swept parameters with their values
// or ranges, plus replications, horizon and fixed overrides, in one reviewable TOML file.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gridplan/experiment/sweep_plan.hpp"

namespace gridplan::experiment {

/// The contents of a sweep file; absent keys stay empty so that the command line can fill them.
struct SweepFile {
  std::vector<GridAxis> axes;       ///< [parameters], in file order
  std::vector<std::string> sets;    ///< set = ["key=value", ...]
  std::optional<int> replications;  ///< replications = N
  std::optional<int> days;          ///< days = N (same as scenario.days=N in set)
  std::optional<int> warmup_days;   ///< warmup_days = D
  std::optional<bool> independent;  ///< independent = true: no common random numbers
};

/// Reads a sweep file:
///
///     replications = 20
///     days = 90
///     set = ["whistle.enabled=true"]
///     [parameters]
///     "departments.police.staff" = [20, 25, 30]    # values in TOML syntax
///     "grid_worker.patrol_hours" = "0.5:2:0.5"     # or start:stop:step, stop included
///
/// Parameter keys may also be nested tables ([parameters.departments.police] staff = [...]).
/// The file is parsed like a scenario file, and every scenario override in it (each swept value,
/// each `set` entry, `days`) is checked against the scenario parameter table on its own: an
/// undeclared key ("did you mean ...?"), a value of the wrong type or out of range. Entry names
/// and rules between keys are checked when the scenario loads.
/// Throws SweepError "FILE:LINE: key: reason" for anything else.
SweepFile read_sweep_file(const std::string& path);

/// As read_sweep_file, from text; `origin` names the file in messages.
SweepFile parse_sweep_file(const std::string& text, const std::string& origin);

}  // namespace gridplan::experiment
