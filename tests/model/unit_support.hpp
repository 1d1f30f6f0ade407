// What the unit tests of tests/model share: the baseline scenario, lookups by name, and times
// as dates and hours of the baseline's calendar.
#pragma once

#include <stdexcept>
#include <string>

#include "gridplan/io/scenario_loader.hpp"
#include "gridplan/kernel/calendar.hpp"
#include "gridplan/model/scenario.hpp"
#include "test_support.hpp"

namespace gridplan::testing {

/// The baseline scenario, loaded once (a copy to change).
inline model::Scenario baseline() {
  static const model::Scenario sc = io::load_scenario(baseline_path());
  return sc;
}

/// The index of category `name` (std::out_of_range if none).
inline int category(const model::Scenario& sc, const std::string& name) {
  for (std::size_t k = 0; k < sc.categories.size(); ++k)
    if (sc.categories[k].name == name) return static_cast<int>(k);
  throw std::out_of_range(name);
}

/// The index of department `name` (std::out_of_range if none).
inline int department(const model::Scenario& sc, const std::string& name) {
  for (std::size_t k = 0; k < sc.departments.size(); ++k)
    if (sc.departments[k].name == name) return static_cast<int>(k);
  throw std::out_of_range(name);
}

/// The index of source `name` (std::out_of_range if none).
inline int source(const model::Scenario& sc, const std::string& name) {
  for (std::size_t k = 0; k < sc.sources.size(); ++k)
    if (sc.sources[k].name == name) return static_cast<int>(k);
  throw std::out_of_range(name);
}

/// Seconds from the baseline's start (2023-01-01) to a date and hour.
inline double at(const kernel::Date& d, double hour) {
  return (d.to_days() - kernel::Date{2023, 1, 1}.to_days()) * kernel::kDay + hour * kernel::kHour;
}

}  // namespace gridplan::testing
