// District generation: grids spread evenly over community grids and communities, households
// and case rates drawn from gamma distributions and rescaled to the street totals.
#include "gridplan/model/district.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>

#include "gridplan/kernel/random_stream.hpp"
#include "gridplan/model/random_purpose.hpp"

namespace gridplan::model {

AliasTable::AliasTable(const std::vector<double>& weights) {
  const int n = static_cast<int>(weights.size());
  prob_.assign(n, 0.0);
  alias_.assign(n, 0);
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  if (n == 0 || !(total > 0)) {
    prob_.assign(n, 1.0);
    for (int i = 0; i < n; ++i) alias_[i] = i;
    return;
  }
  std::vector<double> scaled(n);
  std::vector<int> small, large;
  for (int i = 0; i < n; ++i) {
    scaled[i] = weights[i] * n / total;
    (scaled[i] < 1.0 ? small : large).push_back(i);
  }
  while (!small.empty() && !large.empty()) {
    const int s = small.back(), l = large.back();
    small.pop_back();
    prob_[s] = scaled[s];
    alias_[s] = l;
    scaled[l] = (scaled[l] + scaled[s]) - 1.0;
    if (scaled[l] < 1.0) {
      large.pop_back();
      small.push_back(l);
    }
  }
  for (int i : large) prob_[i] = 1.0, alias_[i] = i;
  for (int i : small) prob_[i] = 1.0, alias_[i] = i;
}

int AliasTable::pick(double u) const {
  const int n = static_cast<int>(prob_.size());
  const double x = u * n;
  int i = static_cast<int>(x);
  if (i >= n) i = n - 1;
  return (x - i) < prob_[i] ? i : alias_[i];
}

namespace {

// Gamma weights with mean 1 and the given CV (all 1 when cv == 0).
std::vector<double> gamma_weights(kernel::RandomStream& s, int n, double cv) {
  std::vector<double> w(n, 1.0);
  if (cv <= 0) return w;
  const double shape = 1.0 / (cv * cv);
  for (auto& x : w) x = kernel::sample_gamma(s, shape, 1.0 / shape);
  return w;
}

// Item i of n spread evenly over m groups: floor(i * m / n). In 64 bits: i * m exceeds int from
// about 46,341 x 46,341 (a street of 50,000 grids).
int spread(int i, int m, int n) {
  return static_cast<int>(static_cast<std::int64_t>(i) * m / n);
}

// The grids of a register. A grid without an activity takes the one the generator would draw
// for its place in the street (the same stream, households' draws first), so a register that
// gives only households keeps the generated case rates.
void grids_from_register(const Scenario& sc, District& d) {
  const kernel::RandomKey key(sc.seed, 0);
  std::size_t row = 0;
  for (int s = 0; s < static_cast<int>(sc.streets.size()); ++s) {
    const int n = sc.streets[s].basic_grids;
    kernel::RandomStream rng(key, kStructure, static_cast<std::uint64_t>(s));
    gamma_weights(rng, n, sc.household_cv);
    const std::vector<double> activity = gamma_weights(rng, n, sc.grid_activity_cv);
    d.street_first_grid.push_back(static_cast<int>(d.grids.size()));
    for (int g = 0; g < n; ++g, ++row) {
      const RegisterGrid& r = sc.register_grids.at(row);
      BasicGrid grid;
      grid.street = s;
      grid.index_in_street = g;
      grid.community = r.community;
      grid.community_grid = r.community_grid;
      grid.households = r.households;
      grid.activity = r.activity < 0 ? activity[g] : r.activity;
      grid.x = r.x;
      grid.y = r.y;
      d.grids.push_back(grid);
      d.communities = std::max(d.communities, r.community + 1);
      d.community_grids = std::max(d.community_grids, r.community_grid + 1);
    }
  }
}

}  // namespace

District build_district(const Scenario& sc) {
  District d;
  const bool from_register = !sc.register_grids.empty();
  if (from_register) grids_from_register(sc, d);
  const kernel::RandomKey key(sc.seed, 0);
  int community = 0, community_grid = 0;
  for (int s = 0; s < static_cast<int>(sc.streets.size()) && !from_register; ++s) {
    const StreetSpec& st = sc.streets[s];
    kernel::RandomStream rng(key, kStructure, static_cast<std::uint64_t>(s));
    const int n = st.basic_grids;
    d.street_first_grid.push_back(static_cast<int>(d.grids.size()));
    // Residential grids are spread evenly through the street (every k-th grid is not).
    const int nonres = static_cast<int>(std::lround(n * sc.nonresidential_grid_share));
    std::vector<double> households = gamma_weights(rng, n, sc.household_cv);
    for (int g = 0; g < nonres && n > 0; ++g) households[spread(g, n, nonres)] = 0.0;
    const double hh_sum = std::accumulate(households.begin(), households.end(), 0.0);
    const std::vector<double> activity = gamma_weights(rng, n, sc.grid_activity_cv);
    for (int g = 0; g < n; ++g) {
      BasicGrid grid;
      grid.street = s;
      grid.index_in_street = g;
      const int cg_in_street = spread(g, st.community_grids, n);
      grid.community_grid = community_grid + cg_in_street;
      // Community grids map onto communities in order; the extra ones share a community.
      grid.community = community + spread(cg_in_street, st.communities, st.community_grids);
      grid.households = hh_sum > 0 ? households[g] * st.households / hh_sum : 0.0;
      grid.activity = activity[g];
      d.grids.push_back(grid);
    }
    community += st.communities;
    community_grid += st.community_grids;
  }
  if (!from_register) {
    d.communities = community;
    d.community_grids = community_grid;
  }

  // Normalise activity to mean 1 over the district, then build the choice tables. A register's
  // activities already at mean 1 (within 1e-12: as gridplan init writes them) stay bit for bit.
  double act_sum = 0;
  for (const auto& g : d.grids) act_sum += g.activity;
  double scale = d.grids.empty() ? 1.0 : d.grids.size() / act_sum;
  if (from_register && std::fabs(scale - 1.0) <= 1e-12) scale = 1.0;
  std::vector<double> act_all, hh_all;
  for (auto& g : d.grids) {
    g.activity *= scale;
    act_all.push_back(g.activity);
    hh_all.push_back(g.households);
  }
  for (std::size_t s = 0; s < sc.streets.size(); ++s) {
    const int first = d.street_first_grid[s];
    const std::vector<double> w(act_all.begin() + first,
                                act_all.begin() + first + sc.streets[s].basic_grids);
    d.street_activity.push_back(std::accumulate(w.begin(), w.end(), 0.0));
    d.street_activity_alias.emplace_back(w);
  }
  d.district_activity_alias = AliasTable(act_all);
  d.district_household_alias = AliasTable(hh_all);
  return d;
}

}  // namespace gridplan::model
