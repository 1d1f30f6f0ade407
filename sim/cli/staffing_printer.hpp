// `gridplan show` of a `gridplan staff` file: the plan answered and how it was found.
#pragma once

#include <ostream>

#include "gridplan/kernel/table.hpp"

namespace gridplan::cli {

/// Prints the chosen plan's row of /staffing/plans (cost, replications, tightest constraint),
/// the scenario's cost for comparison, and /staffing/answer's knobs that the plan changes.
void print_staffing(std::ostream& out, const kernel::Table& plans, const kernel::Table& answer);

}  // namespace gridplan::cli
