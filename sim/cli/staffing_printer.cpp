// print_staffing: the answer of a staffing search in a few lines.
#include "staffing_printer.hpp"

#include <cstdio>
#include <string>

namespace gridplan::cli {

void print_staffing(std::ostream& out, const kernel::Table& plans, const kernel::Table& answer) {
  const auto& phase = plans.column("phase").str;
  const auto& hours = plans.column("staff_hours").f64;
  const auto& meets = plans.column("meets").i64;
  const auto& chosen = plans.column("chosen").i64;
  const auto& reps = plans.column("replications").i64;
  const auto& tight = plans.column("tightest").str;
  const auto& bound = plans.column("tightest_bound").f64;
  char line[256];
  out << "staffing: " << plans.rows() << " plans tried (" << plans.description << ")\n";
  for (std::size_t i = 0; i < plans.rows(); ++i) {
    if (phase[i] != "scenario" && phase[i] != "check" && chosen[i] == 0) continue;
    std::snprintf(line, sizeof line,
                  "  %-10s %12.0f staff-hours  %-6s on %2lld replications  "
                  "tightest %s (bound %.4g)\n",
                  chosen[i] ? "answer" : phase[i].c_str(), hours[i], meets[i] ? "meets" : "misses",
                  static_cast<long long>(reps[i]), tight[i].c_str(), bound[i]);
    out << line;
  }
  const auto& knob = answer.column("knob").str;
  const auto& before = answer.column("scenario").i64;
  const auto& after = answer.column("plan").i64;
  out << "\nstaffing/answer (knobs the plan changes):\n";
  std::size_t changed = 0;
  for (std::size_t k = 0; k < answer.rows(); ++k) {
    if (before[k] == after[k]) continue;
    ++changed;
    std::snprintf(line, sizeof line, "  %-36s %6lld -> %6lld  (%+lld)\n", knob[k].c_str(),
                  static_cast<long long>(before[k]), static_cast<long long>(after[k]),
                  static_cast<long long>(after[k] - before[k]));
    out << line;
  }
  if (changed == 0) out << "  none\n";
}

}  // namespace gridplan::cli
