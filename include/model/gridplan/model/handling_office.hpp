// A handling office (docs/model.md, "Offices"): a street office or a functional department.
// Staff time occupies a person; lead time (parts, contractors, owners) does not. With whistles
// on, a case still unsettled first_after_hours past its time limit is whistled.
#pragma once

#include <string_view>

#include "gridplan/model/case_book.hpp"
#include "gridplan/model/staff_pool.hpp"

namespace gridplan::model {

/// A case dispatched to its office, or sent back after a failed check.
struct ToOffice {
  static constexpr std::string_view kName = "ToOffice";
  CaseRecord c;
};
/// A whistled case for the lead office once it reported on site: served before routine work.
struct WhistleJob {
  static constexpr std::string_view kName = "WhistleJob";
  CaseRecord c;
};
/// A member of the office's staff finished a case.
struct StaffDone : PoolEvent {
  static constexpr std::string_view kName = "StaffDone";
};
/// The office's headcount may have risen.
struct StaffWake : PoolEvent {
  static constexpr std::string_view kName = "StaffWake";
};
/// The whistle threshold of a case in lead time has come. It carries the office's copy of the
/// record: the case itself went on to verification, which this check makes void.
struct OverdueCheck {
  static constexpr std::string_view kName = "OverdueCheck";
  CaseRecord c;
};

/// The kinds the hosting LP gives the office's own events.
struct OfficeKinds {
  std::uint32_t staff_done, staff_wake, overdue_check;
};

/// The office's part of its LP: its staff pool and the case steps it runs.
class HandlingOffice {
 public:
  HandlingOffice(CaseBook& book, int office, const kernel::ShiftPattern* shift, int staff,
                 OfficeKinds kinds);
  void on(kernel::Context& ctx, const ToOffice& m);
  void on(kernel::Context& ctx, const WhistleJob& m);
  void on(kernel::Context& ctx, const StaffDone& m);
  void on(kernel::Context& ctx, const StaffWake& m);
  void on(kernel::Context& ctx, const OverdueCheck& m);
  void finish(double horizon);
  const StaffPool& pool() const { return pool_; }
  int index() const { return office_; }

 private:
  void staff_done(kernel::Context& ctx, std::uint32_t slot);
  void blow_first_whistle(kernel::Context& ctx, CaseRecord c, WhistleRule rule);

  CaseBook& book_;
  const RunConfig& config_;
  int office_;
  OfficeKinds kinds_;
  StaffPool pool_;
};

/// Hands on the case at `slot` of `book` to the LP of office `office` (its street's LP or its
/// department's) as a ToOffice or a WhistleJob.
template <class M>
void hand_to_office(kernel::Context& ctx, CaseBook& book, int office, kernel::SimTime delay,
                    std::uint32_t slot);

}  // namespace gridplan::model
