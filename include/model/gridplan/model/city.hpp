// A city: whole district scenarios run side by side in one run, joined by the city's 12345
// hotline centre, which receives every district's hotline calls, answers a share itself and
// transfers the rest, each to its district's platform (docs/model.md, "A city").
#pragma once

#include <array>
#include <string>
#include <vector>

#include "gridplan/model/scenario.hpp"

namespace gridplan::model {

/// The city hotline centre (市12345便民服务热线).
struct HotlineCentreSpec {
  /// false: every district generates its own hotline calls, exactly as when run alone.
  bool enabled = false;
  /// The district source whose calls the centre takes over (each district must have it). Its
  /// day factors, hour factors and category shares shape the city's calls as they shape a
  /// district's; `calls` is that source with the city-wide volume.
  std::string source = "hotline";
  SourceSpec calls;                  ///< the city's calls: per_year and the rate's shape
  double closed_at_centre = 0;       ///< share of calls the centre answers itself
  double transfer_min_minutes = 15;  ///< least transfer delay: the lookahead between districts
  double transfer_extra_mean_minutes = 25;  ///< mean of the exponential delay on top of it
  std::vector<double> district_shares;      ///< of the transferred calls, by district (sum 1)
};

/// One district of a city, with the scenario it runs (its seed is the city's + its index).
struct CityDistrict {
  std::string name;
  Scenario scenario;
};

/// What a city run holds beside its own name, seed and horizon (Scenario::city).
struct City {
  std::vector<CityDistrict> districts;
  HotlineCentreSpec centre;
};

}  // namespace gridplan::model
