// The district's four-level structure (docs/model.md, "The district"): streets, communities,
// community grids and basic grids with households, generated deterministically from the street
// totals or taken from a grid register (Scenario::register_grids).
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "gridplan/model/scenario.hpp"

namespace gridplan::model {

/// One basic grid (基础网格) and its single grid worker.
struct BasicGrid {
  int street = 0;          ///< index into Scenario::streets
  int community = 0;       ///< district-wide community index
  int community_grid = 0;  ///< district-wide community-grid index
  int index_in_street = 0;
  double households = 0;
  double activity = 1;  ///< relative case rate (mean 1 over the district)
  double x = std::numeric_limits<double>::quiet_NaN();  ///< the register's planar coordinates,
  double y = std::numeric_limits<double>::quiet_NaN();  ///< NaN when it has none
};

/// Walker's alias table: O(1) weighted choice from one uniform.
class AliasTable {
 public:
  AliasTable() = default;
  explicit AliasTable(const std::vector<double>& weights);
  /// An index drawn with probability proportional to its weight, from u in (0, 1).
  int pick(double u) const;
  bool empty() const { return prob_.empty(); }

 private:
  std::vector<double> prob_;
  std::vector<int> alias_;
};

/// All grids plus the per-street and district-wide choice tables.
struct District {
  std::vector<BasicGrid> grids;                   ///< district-wide grid index
  std::vector<int> street_first_grid;             ///< first grid index of each street
  std::vector<double> street_activity;            ///< sum of grid activity per street
  std::vector<AliasTable> street_activity_alias;  ///< grid within a street, by activity
  AliasTable district_activity_alias;             ///< grid in the district, by activity
  AliasTable district_household_alias;            ///< grid in the district, by households
  int communities = 0;
  int community_grids = 0;
};

/// Builds the structure. Households and activities come from a stream keyed by the scenario
/// seed alone, so every replication sees the same district. With register grids (already
/// checked against the streets' counts by the loader) the grids are those, in that order.
District build_district(const Scenario& scenario);

}  // namespace gridplan::model
