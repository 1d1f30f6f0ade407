// What every LP of one run reads and none writes: the scenario, the calendar, the district, the
// random key, the LPs' ids, shift patterns, the sources' profiles and the case draws that depend
// on nothing but a case's id. Built once before the run; LPs hold it by const reference.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "gridplan/kernel/calendar.hpp"
#include "gridplan/kernel/logical_process.hpp"
#include "gridplan/kernel/random_stream.hpp"
#include "gridplan/model/arrival_process.hpp"
#include "gridplan/model/case_record.hpp"
#include "gridplan/model/district.hpp"
#include "gridplan/model/scenario.hpp"

namespace gridplan::model {

/// A category's handlers: department indexes (-1: the grid's street office) and their shares.
struct CategoryHandlers {
  std::vector<int> departments;
  std::vector<double> shares;
};

/// A generated case's category and grid.
struct CaseDraw {
  int category = 0;
  int grid = 0;
};

struct RunConfig {
  /// `lp_base`: the id of the district's first LP (its platform) in a run of several districts
  /// (a city); 0 for a district run alone. Ids inside the district are counted from it, but
  /// every draw is keyed by the local id, so a district draws the same alone or in a city.
  RunConfig(const Scenario& scenario, std::uint64_t replication, bool trace,
            kernel::LpId lp_base = 0);

  const Scenario& sc;
  kernel::Calendar calendar;
  District district;
  kernel::RandomKey key;
  bool trace;
  double horizon;  ///< seconds
  double latency;  ///< message delay between LPs (the lookahead), seconds
  int n_streets, n_departments, n_offices;
  std::vector<CategoryHandlers> category_handlers;  ///< by category
  std::vector<SourceProfile> profiles;              ///< by source
  kernel::ShiftPattern worker_shift, street_office_shift, mediation_shift;
  int n_communities, n_centres, months;  ///< mediation: community centres first, then streets
  std::vector<int> month_of_day;         ///< month_of by day of the run (days + 1 entries)
  std::vector<kernel::ShiftPattern> department_shifts;
  std::vector<char> enters_at_platform;  ///< by source: filed on arrival, not first at the worker
  /// Seat operators by hour on rest days: the scenario's table, or the working days' if it gives
  /// none (all zero).
  std::array<int, 24> operators_rest_by_hour{};
  /// By office: the hours a working day of lead time counts on the office's duty hours, or -1
  /// when its lead time counts 24-hour working days.
  std::vector<double> office_day_hours;
  /// Replay: the platform feeds recorded arrivals and no LP runs its generators (set before
  /// the run, GovernanceModel::replay_from).
  bool replay = false;
  /// export-events: every CaseBook keeps its cases' first whistles and dispute types (set
  /// before the run, GovernanceModel::record_outcomes).
  bool record_outcomes = false;
  /// In a city: the source whose calls the city hotline centre transfers to the platform (the
  /// platform generates none of its own); -1 otherwise.
  int centre_source = -1;
  kernel::LpId lp_base;

  // LP ids: the platform, the streets, the departments, the drills.
  kernel::LpId platform_lp() const { return lp_base; }
  kernel::LpId street_lp(int street) const { return lp_base + 1 + street; }
  kernel::LpId department_lp(int dept) const { return lp_base + 1 + n_streets + dept; }
  kernel::LpId emergency_lp(int drill) const {
    return lp_base + 1 + n_streets + n_departments + drill;
  }
  /// An LP's id inside the district (what draws and case ids are keyed by).
  kernel::LpId local(kernel::LpId lp) const { return lp - lp_base; }
  int n_lps() const {
    return 1 + n_streets + n_departments + static_cast<int>(sc.emergencies.size());
  }
  kernel::LpId office_lp(int office) const {
    return office < n_streets ? street_lp(office) : department_lp(office - n_streets);
  }

  /// Seat operators on duty by hour of day on working or rest days.
  const std::array<int, 24>& operators_by_hour(bool working_day) const {
    return working_day ? sc.platform.operators_by_hour : operators_rest_by_hour;
  }
  int street_of_grid(int grid) const { return district.grids[grid].street; }
  /// Office index (street offices 0..n_streets-1, then departments) of the case `id` of
  /// `category` in `grid`: its category's handler, or, for a category shared by several, one
  /// drawn by their shares (kCaseHandler, keyed by the id). A single handler draws nothing.
  int office_for(int category, int grid, std::uint64_t id) const;
  /// The office's duty hours (its staff work and, on the office_hours clock, its lead time).
  const kernel::ShiftPattern& office_shift(int office) const {
    return office < n_streets ? street_office_shift : department_shifts[office - n_streets];
  }
  /// When a lead time of `working_days` that begins at `t` ends, on the office's clock: its duty
  /// hours (a working day counts the office's working hours, so the result comes back while it
  /// is open), or 24-hour working days.
  double lead_end(int office, double t, double working_days) const;
  /// The office's name: its street's or its department's.
  const std::string& office_name(int office) const;
  /// Mediation centre indexes: community c, street s, the district centre.
  int street_centre(int street) const { return n_communities + street; }
  int district_centre() const { return n_communities + n_streets; }
  /// Month index from the start month of time t.
  int month_of(double t) const;

  /// The id of the `serial`-th case created by `lp` (a local id).
  static std::uint64_t case_id(kernel::LpId lp, std::uint64_t serial) {
    return (static_cast<std::uint64_t>(lp) << 40) | serial;
  }
  /// Category and grid of a generated case `id` of `source` reported at `t` (seconds): from
  /// the source's category shares in or out of the heating season, and from the district's
  /// grid weights, or from `street`'s grids if street >= 0.
  CaseDraw draw_case(int source, std::uint64_t id, double t, int street) const {
    return draw_case(source, attribute_uniforms(id), t, street);
  }
  CaseDraw draw_case(int source, const std::array<double, 4>& u, double t, int street) const;
  /// The uniforms a case's attributes come from: u[0] category, u[1] grid, u[2] settle in the
  /// grid, u[3] several departments.
  std::array<double, 4> attribute_uniforms(std::uint64_t id) const;
  /// Four uniforms for a per-case purpose.
  std::array<double, 4> case_uniforms(std::uint32_t purpose, const CaseRecord& c,
                                      std::uint64_t index) const;
  /// The arrival stream of `source` at its generating LP `lp` (a local id).
  kernel::RandomStream arrival_stream(int source, kernel::LpId lp) const;
  /// Share of a patrol source's district-wide rate found in `street` (its grids' activity).
  double patrol_share(int street) const;
};

}  // namespace gridplan::model
