// The grid workers of one street (网格员, one per basic grid; docs/model.md, "Grid workers"):
// they find cases on patrol, settle the ones the grid can settle and report the rest up, and
// verify every handled case on site before it is closed.
#pragma once

#include <limits>
#include <string_view>
#include <vector>

#include "gridplan/model/arrival_process.hpp"
#include "gridplan/model/case_book.hpp"
#include "gridplan/model/staff_pool.hpp"

namespace gridplan::model {

/// A patrol generator's next case is due.
struct PatrolArrival {
  static constexpr std::string_view kName = "PatrolArrival";
  std::uint32_t generator = 0;
};
/// A case for its grid's worker: to settle, or (found on patrol or checked first) to report up.
/// The platform sends the cases it filed that the grid settles.
struct ToWorker {
  static constexpr std::string_view kName = "ToWorker";
  CaseRecord c;
};
/// A handled case to verify on site. A result that a whistle overtook while it was on its way
/// is void from `void_from` on, and the worker ignores it.
struct ToVerify {
  static constexpr std::string_view kName = "ToVerify";
  CaseRecord c;
  double void_from = std::numeric_limits<double>::infinity();
};
/// A grid worker finished a case (pool = the grid's index in the street).
struct WorkerDone : PoolEvent {
  static constexpr std::string_view kName = "WorkerDone";
};
/// A grid worker's shift may have begun.
struct WorkerWake : PoolEvent {
  static constexpr std::string_view kName = "WorkerWake";
};
/// A case settled in the grid has waited out its lead time (residents, property managers).
struct SettleLeadEnd {
  static constexpr std::string_view kName = "SettleLeadEnd";
  CaseHandle handle;
};
/// An emergency drill takes the workers off routine cases for `minutes`.
struct PauseRoutine {
  static constexpr std::string_view kName = "PauseRoutine";
  std::uint32_t minutes = 0;
};
/// The workers return to routine cases.
struct ResumeRoutine {
  static constexpr std::string_view kName = "ResumeRoutine";
};

/// The kinds the hosting LP gives the workers' own events.
struct WorkerKinds {
  std::uint32_t done, wake, patrol_arrival, resume, settle_lead_end;
};

class GridWorkers {
 public:
  GridWorkers(CaseBook& book, int street, WorkerKinds kinds);
  /// Starts the patrol generators (not under replay: the platform hands on recorded cases).
  void init(kernel::Context& ctx);
  void on(kernel::Context& ctx, const PatrolArrival& m);
  void on(kernel::Context& ctx, const ToWorker& m);
  void on(kernel::Context& ctx, const ToVerify& m);
  void on(kernel::Context& ctx, const WorkerDone& m);
  void on(kernel::Context& ctx, const WorkerWake& m);
  void on(kernel::Context& ctx, const PauseRoutine& m);
  void on(kernel::Context& ctx, const ResumeRoutine& m);
  void on(kernel::Context& ctx, const SettleLeadEnd& m);
  /// A case found on patrol (or recorded as such) is in its worker's hands at once.
  void take_found_case(kernel::Context& ctx, std::uint32_t slot) { to_worker(ctx, slot); }
  void finish(double horizon);
  /// Pools in grid order (pool i serves the street's i-th grid).
  const std::vector<StaffPool>& pools() const { return pools_; }

 private:
  void to_worker(kernel::Context& ctx, std::uint32_t slot);
  void worker_done(kernel::Context& ctx, std::uint32_t slot);
  void verified(kernel::Context& ctx, std::uint32_t slot);
  void settled(kernel::Context& ctx, std::uint32_t slot);
  StaffPool& worker_of(const CaseRecord& c);

  CaseBook& book_;
  const RunConfig& config_;
  int street_;
  WorkerKinds kinds_;
  std::vector<StaffPool> pools_;
  std::vector<int> patrol_sources_;
  std::vector<ArrivalProcess> arrivals_;  // parallel to patrol_sources_
  std::uint64_t serial_ = 0;
};

/// Sends a handled case from `book` to its grid's worker for verification when its lead time
/// ends at `done`; `void_from` as in ToVerify.
void send_to_verify(kernel::Context& ctx, CaseBook& book, std::uint32_t slot, double done,
                    double void_from = std::numeric_limits<double>::infinity());

}  // namespace gridplan::model
