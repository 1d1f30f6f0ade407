// What every LP of one run shares read-only (scenario, calendar, district, routing), plus the
// case records, each owned by the LP that holds its latest message, and per-LP observations.
#pragma once

#include <cstdint>
#include <vector>

#include "gridplan/kernel/calendar.hpp"
#include "gridplan/kernel/logical_process.hpp"
#include "gridplan/kernel/random_stream.hpp"
#include "gridplan/model/arrival_process.hpp"
#include "gridplan/model/case_record.hpp"
#include "gridplan/model/district.hpp"
#include "gridplan/model/run_stats.hpp"
#include "gridplan/model/scenario.hpp"

namespace gridplan::model {

/// Event kinds of the model's LPs.
enum EventKind : std::uint32_t {
  kArrival = 1,      ///< a = source index
  kToWorker,         ///< b = slot: a case handed to its grid worker
  kToPlatform,       ///< b = slot: a case reported up for filing
  kToOffice,         ///< b = slot: a case dispatched (or sent back) to its office
  kToVerify,         ///< a = gen, b = slot tag: a handled case to verify on site
  kWorkerDone,       ///< a = pool, b = slot
  kWorkerWake,       ///< a = pool
  kOperatorDone,     ///< a = pool, b = slot
  kOperatorWake,     ///< a = pool
  kStaffDone,        ///< a = pool, b = slot
  kStaffWake,        ///< a = pool
  kOverdueCheck,     ///< a = gen, b = slot tag: is the case still unsettled past the threshold?
  kWhistleDispatch,  ///< b = slot: the street blew the first whistle; dispatch directly
  kWhistleJob,       ///< b = slot: the lead office's priority job after it reported
  kSecondWhistle,    ///< b = slot: the first whistle's result failed verification
  kLeaderDone,       ///< a = pool, b = slot
  kLeaderWake,       ///< a = pool
  kToMediation,      ///< a = level (0 community, 2 district), b = slot
  kMediationJoin,    ///< a = centre << 4, b = slot: the profession's rota day has come
  kMediatorDone,     ///< a = centre << 4 | pool, b = slot
  kMediatorWake,     ///< a = centre << 4 | pool
  kMediationReview,  ///< a = centre << 4, b = slot: the daily review decides
  kWeeklyDispatch,   ///< 周调度 of a street's community centres
  kDrillStart,       ///< an emergency is declared
  kPersonReady,      ///< a = person: arrived, or free again, or a revisit is due
  kKnockDone,        ///< a = person: a household visit ends
  kPauseRoutine,     ///< a = minutes: grid workers leave routine cases for the drill
  kResumeRoutine,    ///< grid workers return to routine cases
};

/// The shared state of one run.
struct World {
  World(const Scenario& scenario, std::uint64_t replication, bool trace);

  const Scenario& sc;
  kernel::Calendar calendar;
  District district;
  kernel::RandomKey key;
  bool trace;
  double horizon;  ///< seconds
  double latency;  ///< message delay between LPs (the lookahead), seconds
  int n_streets, n_departments, n_offices;
  std::vector<int> category_department;  ///< -1: the grid's street office
  std::vector<SourceProfile> profiles;   ///< by source
  kernel::ShiftPattern worker_shift, street_office_shift, mediation_shift;
  int n_communities, n_centres, months;  ///< mediation: community centres first, then streets
  std::vector<kernel::ShiftPattern> department_shifts;
  CaseTable cases;
  std::vector<LpStats> stats;  ///< by LP

  kernel::LpId platform_lp() const { return 0; }
  kernel::LpId street_lp(int street) const { return 1 + street; }
  kernel::LpId department_lp(int dept) const { return 1 + n_streets + dept; }
  int n_lps() const {
    return 1 + n_streets + n_departments + static_cast<int>(sc.emergencies.size());
  }
  kernel::LpId emergency_lp(int drill) const { return 1 + n_streets + n_departments + drill; }
  int street_of_grid(int grid) const { return district.grids[grid].street; }
  /// Office index (street offices 0..n_streets-1, then departments) for a case.
  int office_for(int category, int grid) const {
    const int d = category_department[category];
    return d < 0 ? street_of_grid(grid) : n_streets + d;
  }
  /// Mediation centre indexes: community c, street s, the district centre.
  int street_centre(int street) const { return n_communities + street; }
  int district_centre() const { return n_communities + n_streets; }
  /// Month index from the start month of time t.
  int month_of(double t) const;
  kernel::LpId office_lp(int office) const {
    return office < n_streets ? street_lp(office) : department_lp(office - n_streets);
  }
  /// Offices that come when a case is whistled, the leading one first.
  std::vector<int> whistle_offices(const CaseRecord& c) const;
  /// Probability that a first-whistle result of `office` fails verification.
  double whistle_fail_probability(int office) const;
  /// Sends a handled case to its grid worker for verification when its lead time ends at `done`.
  void send_to_verify(kernel::Context& ctx, std::uint32_t slot, double done);

  /// Creates a case at `now` for `source`: id, grid (from `grid_choice` or the district
  /// tables), category, settle decision; counts it as arrived in `lp`'s stats.
  std::uint32_t create_case(kernel::Context& ctx, int source, std::uint64_t serial, int street);
  /// Closes a case: records it in `lp`'s stats and frees its slot.
  void close_case(kernel::Context& ctx, std::uint32_t slot);
  /// Four uniforms for a per-case purpose.
  std::array<double, 4> case_uniforms(std::uint32_t purpose, const CaseRecord& c,
                                      std::uint64_t index) const;
  /// Adds open cases to the tables at the horizon (rows, overdue counts).
  void record_open_cases();
  /// Adds a whistled case's row to `st` (at close, or open at the horizon).
  void record_whistle(LpStats& st, const CaseRecord& c, bool closed);
};

}  // namespace gridplan::model
