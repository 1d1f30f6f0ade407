// The two-whistle process (吹哨报到; docs/model.md, "The two whistles"): a street blows the
// first whistle on a case it cannot settle (overdue, repeated, or needing several departments)
// and the offices concerned report on site, the lead one handling it first; a whistled result
// that fails verification blows the second whistle, and district leaders step in. The rules'
// arithmetic is in whistle_rules.hpp; the departments' scores are read off WhistleStats.
#pragma once

#include <string_view>
#include <vector>

#include "gridplan/model/case_book.hpp"
#include "gridplan/model/staff_pool.hpp"
#include "gridplan/model/whistle_rules.hpp"

namespace gridplan::model {

/// A street whistled a case whose time limit ran out long ago: dispatch it directly.
struct WhistleDispatch {
  static constexpr std::string_view kName = "WhistleDispatch";
  CaseRecord c;
};
/// A whistled result failed verification: the district leaders take the case.
struct SecondWhistle {
  static constexpr std::string_view kName = "SecondWhistle";
  CaseRecord c;
};
/// A district leader finished a case.
struct LeaderDone : PoolEvent {
  static constexpr std::string_view kName = "LeaderDone";
};
/// The leaders' duty hours may have begun.
struct LeaderWake : PoolEvent {
  static constexpr std::string_view kName = "LeaderWake";
};

/// The district's side of the process, hosted by the platform's LP: the repeat rule's memory,
/// the first whistle's dispatch and the leaders who take second whistles.
class Whistles {
 public:
  Whistles(CaseBook& book, StaffPool::EventKinds leader_kinds);
  /// Which rule, if any, a case triggers as it is dispatched (multi-department or repeat); for
  /// a case with a recorded whistle (replay), whether that is due (recorded_rule_at).
  WhistleRule rule_at_dispatch(kernel::Context& ctx, const CaseRecord& c);
  /// Blows the first whistle on a case being dispatched and sends it to its offices.
  void blow_at_dispatch(kernel::Context& ctx, std::uint32_t slot, WhistleRule rule);
  void on(kernel::Context& ctx, const WhistleDispatch& m);
  void on(kernel::Context& ctx, const SecondWhistle& m);
  void on(kernel::Context& ctx, const LeaderDone& m);
  void on(kernel::Context& ctx, const LeaderWake& m);
  void finish(double horizon);
  const StaffPool& leaders() const { return leaders_; }

 private:
  void dispatch(kernel::Context& ctx, std::uint32_t slot);

  CaseBook& book_;
  const RunConfig& config_;
  kernel::ShiftPattern leaders_shift_;
  StaffPool leaders_;
  /// Recent dispatch times per (grid, category), for the repeat rule.
  RepeatWindow repeats_;
};

/// Offices that come when a case is whistled, the leading one first.
std::vector<int> whistle_offices(const RunConfig& config, const CaseRecord& c);
/// Whether a whistled case's result fails its check (`u` uniform); if so the second whistle is
/// blown: the record and `st` are updated and the caller sends SecondWhistle.
bool whistled_result_fails(const RunConfig& config, LpStats& st, CaseRecord& c, double u,
                           double now);
/// Adds a whistled case's row to `st` (at close, or open at the horizon).
void record_whistle(const RunConfig& config, LpStats& st, const CaseRecord& c, bool closed);

}  // namespace gridplan::model
