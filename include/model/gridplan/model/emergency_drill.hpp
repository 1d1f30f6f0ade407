// An emergency door-to-door screening drill (平急一体; docs/model.md, "Emergency drills") as one
// LP, the
// emergency command: "1+3+4+N" teams mobilise, walk to their grids, knock on every door, revisit
// households not at home, and help the other grids of their community once their own is done.
#pragma once

#include <cmath>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "gridplan/kernel/random_stream.hpp"
#include "gridplan/kernel/table.hpp"
#include "gridplan/model/message.hpp"
#include "gridplan/model/run_config.hpp"

namespace gridplan::model {

/// Whole people of unit k when `per_unit` people (a fraction allowed) are spread over units:
/// round((k + 1) x) - round(k x), so that any n units get round(n x) in all. In 64 bits: exact
/// far beyond int (2^31 a grid), although the schema allows at most 1,000 a grid.
std::int64_t people_share(double per_unit, int k);

/// The district-wide indices of the grids in `spec`'s area (its streets, communities and
/// grids), ascending.
std::vector<int> drill_area_grids(const EmergencySpec& spec, const Scenario& sc,
                                  const District& district);

/// One grid of a drill's area.
struct DrillGrid {
  int grid = 0;       ///< district-wide grid index
  int community = 0;  ///< district-wide community index
  int households = 0;
  int people = 0;                               ///< people assigned to it at the start
  int first_left = 0;                           ///< households not yet knocked on
  std::deque<std::pair<double, int>> revisits;  ///< (ready at, knocks so far)
  int covered = 0, not_reached = 0;
  std::vector<float> covered_at;  ///< seconds from the start, per covered household
};

/// A person of a team.
struct TeamMember {
  int group = 0;
  int grid = 0;  ///< index into the drill's grids: where they are
  int community = 0;
  int knocks = 0;  ///< knocks so far on the household in hand (0 = first visit)
  bool waiting = false;
  kernel::RandomStream rng;
};

/// The emergency is declared.
struct DrillStart {
  static constexpr std::string_view kName = "DrillStart";
};
/// A person arrived, or is free again, or a revisit is due.
struct PersonReady {
  static constexpr std::string_view kName = "PersonReady";
  std::uint32_t person = 0;
};
/// A person's household visit ends.
struct KnockDone {
  static constexpr std::string_view kName = "KnockDone";
  std::uint32_t person = 0;
};

inline constexpr char kEmergencyLpKind[] = "emergency";

class EmergencyLp final : public kernel::LogicalProcess {
 public:
  using Inbox = model::Inbox<kEmergencyLpKind, DrillStart, PersonReady, KnockDone>;

  EmergencyLp(const RunConfig& config, int drill);
  const std::string& name() const override { return name_; }
  void init(kernel::Context& ctx) override;
  void on_event(kernel::Context& ctx, const kernel::Event& ev) override {
    Inbox::dispatch(*this, ctx, ev);
  }
  void on(kernel::Context& ctx, const DrillStart&) { start(ctx); }
  void on(kernel::Context& ctx, const PersonReady& m) { next_task(ctx, m.person); }
  void on(kernel::Context& ctx, const KnockDone& m) { knock_done(ctx, m.person); }

  /// Whether the drill started within the horizon.
  bool ran() const { return started_; }
  const EmergencySpec& spec() const { return spec_; }
  const std::vector<DrillGrid>& grids() const { return grids_; }
  double start_time() const { return t0_; }

 private:
  void start(kernel::Context& ctx);
  void next_task(kernel::Context& ctx, std::uint32_t person);
  void knock_done(kernel::Context& ctx, std::uint32_t person);
  /// A grid of the person's community with work ready now (own grid first), or -1.
  int grid_with_work(const TeamMember& m, double now) const;
  double mobilisation_seconds(TeamMember& m, const TeamGroupSpec& g, double t0) const;

  const RunConfig& config_;
  const EmergencySpec& spec_;
  int drill_;
  std::string name_;
  double t0_ = 0;
  bool started_ = false;
  std::vector<DrillGrid> grids_;
  std::vector<TeamMember> people_;
};

/// The emergency KPIs of a run's first drill that ran (NaN if none); appends the tables
/// /emergency/grids, /emergency/coverage and /emergency/drills (every drill's KPIs) to `out`.
struct EmergencyResults {
  double households = NAN, coverage_1h = NAN, coverage_2h = NAN, coverage_3h = NAN,
         hours_to_95 = NAN, hours_to_100 = NAN, grids_done_3h = NAN;
};
EmergencyResults emergency_results(const std::vector<const EmergencyLp*>& drills,
                                   std::int64_t run_id, std::vector<kernel::Table>& out);

}  // namespace gridplan::model
