// What every LP of one run shares read-only (scenario, calendar, district, routing), plus the
// case records, each owned by the LP that holds its latest message, and per-LP observations.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "gridplan/kernel/calendar.hpp"
#include "gridplan/kernel/logical_process.hpp"
#include "gridplan/kernel/random_stream.hpp"
#include "gridplan/model/arrival_feed.hpp"
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
  kReplayFeed,       ///< replay: the platform hands on the recorded arrivals now due
  kReplayCase,       ///< replay: create a recorded case now (payload: ReplayCase)
};

/// The payload of a kReplayCase event: a = source | category << 8 | (department + 2) << 16,
/// b = grid | serial << 24.
struct ReplayCase {
  int source = 0, category = 0, grid = 0;
  int department = kCategoryHandler;  ///< kCategoryHandler, kStreetOffice or a department
  std::uint64_t serial = 0;           ///< the creating LP's counter for the case id (< 2^40)
  std::uint32_t a() const {
    return static_cast<std::uint32_t>(source) | static_cast<std::uint32_t>(category) << 8 |
           static_cast<std::uint32_t>(department + 2) << 16;
  }
  std::uint64_t b() const { return static_cast<std::uint64_t>(grid) | serial << 24; }
  static ReplayCase of(std::uint32_t a, std::uint64_t b) {
    return {static_cast<int>(a & 0xff), static_cast<int>((a >> 8) & 0xff),
            static_cast<int>(b & 0xffffff), static_cast<int>(a >> 16) - 2, b >> 24};
  }
};

/// A generated case's category and grid.
struct CaseDraw {
  int category = 0;
  int grid = 0;
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
  /// Replay: the platform feeds recorded arrivals and no LP runs its generators. Set once,
  /// before the run (PlatformLp::replay_from).
  bool replay = false;

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
  /// Creates a recorded case (replay) at `now` with the given category, grid and handler
  /// (kCategoryHandler, kStreetOffice or a department index); every other draw is keyed by the
  /// id, as for a generated case.
  std::uint32_t create_case(kernel::Context& ctx, int source, std::uint64_t serial, int category,
                            int grid, int department);
  /// The id of the `serial`-th case created by `lp`.
  static std::uint64_t case_id(kernel::LpId lp, std::uint64_t serial) {
    return (static_cast<std::uint64_t>(lp) << 40) | serial;
  }
  /// Category and grid of a generated case `id` of `source` reported at `t` (seconds): from
  /// the source's category shares in or out of the heating season, and from the district's
  /// grid weights, or from `street`'s grids if street >= 0.
  CaseDraw draw_case(int source, std::uint64_t id, double t, int street) const;
  /// The uniforms a case's attributes come from: u[0] category, u[1] grid, u[2] settle in the
  /// grid, u[3] several departments.
  std::array<double, 4> attribute_uniforms(std::uint64_t id) const;
  /// The arrival stream of `source` at its generating LP `lp`.
  kernel::RandomStream arrival_stream(int source, kernel::LpId lp) const;
  /// Share of a patrol source's district-wide rate found in `street` (its grids' activity).
  double patrol_share(int street) const;
  /// Closes a case: records it in `lp`'s stats and frees its slot.
  void close_case(kernel::Context& ctx, std::uint32_t slot);
  /// Four uniforms for a per-case purpose.
  std::array<double, 4> case_uniforms(std::uint32_t purpose, const CaseRecord& c,
                                      std::uint64_t index) const;
  /// Adds open cases to the tables at the horizon (rows, overdue counts).
  void record_open_cases();
  /// Adds a whistled case's row to `st` (at close, or open at the horizon).
  void record_whistle(LpStats& st, const CaseRecord& c, bool closed);

 private:
  CaseDraw draw_case(int source, const std::array<double, 4>& u, double t, int street) const;
  std::uint32_t open_case(kernel::Context& ctx, int source, std::uint64_t id,
                          const std::array<double, 4>& u, int category, int grid, int office);
};

}  // namespace gridplan::model
