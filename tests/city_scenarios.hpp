// Small city files for the city tests: districts built from the baseline with fewer cases, so
// that a month of a four-district city runs in about a second.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace gridplan::testing {

/// A fresh, empty directory for one test's city files.
inline std::filesystem::path city_scratch_dir(const std::string& name) {
  return fresh_temp_dir("city_" + name);
}

/// One district of a test city: its name and the `set` lines that make it differ.
struct TestDistrict {
  std::string name;
  std::vector<std::string> sets;
  double hotline_share = 0;
};

/// Four districts of different sizes (a quarter to a tenth of the baseline's cases).
inline std::vector<TestDistrict> four_test_districts() {
  return {{"alpha", {"sources.patrol.per_year=272000"}, 0.4},
          {"beta",
           {"sources.patrol.per_year=160000", "streets.xigu.office_staff=8",
            "departments.police.staff=2"},
           0.3},
          {"gamma", {"sources.patrol.per_year=110000", "streets.heyuan.basic_grids=30"}, 0.2},
          {"delta", {"sources.patrol.per_year=100000", "sources.citizen.per_year=3000"}, 0.1}};
}

/// Writes a city file of `districts` (from the baseline) to `dir`/`file` and returns its path.
/// With `centre` the city's hotline centre takes over the districts' "hotline" source.
inline std::string write_test_city(const std::filesystem::path& dir, const std::string& file,
                                   const std::vector<TestDistrict>& districts, int days,
                                   bool centre, std::uint64_t seed = 77) {
  std::ofstream out(dir / file);
  out << "[city]\nname = \"test-city\"\nseed = " << seed << "\ndays = " << days << "\n\n";
  if (centre)
    out << "[hotline_centre]\nsource = \"hotline\"\ncalls_per_year = 80000\n"
           "closed_at_centre = 0.4\ntransfer_min_minutes = 15\n"
           "transfer_extra_mean_minutes = 25\n\n";
  for (const TestDistrict& d : districts) {
    out << "[[districts]]\nname = \"" << d.name << "\"\nscenario = \"" << baseline_path() << "\"\n";
    if (centre) out << "hotline_share = " << d.hotline_share << "\n";
    out << "set = [";
    for (const std::string& s : d.sets) out << "\"" << s << "\", ";
    out << "]\n\n";
  }
  return (dir / file).string();
}

}  // namespace gridplan::testing
