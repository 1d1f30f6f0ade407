// The baseline with a second drill: Heyuan by day (10:00) and Santiaoshi at night (02:00 the
// next day), moved to the first days so that a run of a few days holds both.
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace gridplan::testing {

/// The second drill's table, as a scenario file would give it.
inline std::string night_drill_toml(const std::string& area = "street:santiaoshi",
                                    const std::string& date = "2023-01-04",
                                    double start_hour = 2.0) {
  return "\n[emergency.drills.night]\ndate = " + date +
         "\nstart_hour = " + std::to_string(start_hour) + "\narea = \"" + area +
         "\"\n"
         "visit_minutes = { dist = \"lognormal\", median = 2.2, p90 = 4.5 }\n"
         "p_not_home = 0.4\nrevisit_after_minutes = 30\nmax_attempts = 3\n"
         "phone_success = 0.8\npause_routine = true\npause_hours = 3.0\ntarget_hours = 3.0\n";
}

/// The baseline's text followed by `extra`.
inline std::string baseline_with(const std::string& extra) {
  std::ifstream in(baseline_path(), std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str() + extra;
}

/// Overrides that move the baseline drill to 2023-01-03 10:00 and end the run on 2023-01-05.
inline std::vector<std::string> early_drills() {
  return {"emergency.drills.heyuan.date=2023-01-03", "scenario.days=5"};
}

/// The two-drill scenario, in memory.
inline model::Scenario two_drills(std::vector<std::string> extra = {}) {
  std::vector<std::string> o = early_drills();
  o.insert(o.end(), extra.begin(), extra.end());
  return io::parse_scenario(baseline_with(night_drill_toml()), "two-drills.toml", o,
                            source_path("scenarios"));
}

}  // namespace gridplan::testing
