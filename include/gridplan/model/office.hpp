// A handling office (MODEL.md section 2, step 3): a street office or a functional department.
// Staff time occupies a person; lead time (parts, contractors, owners) does not.
#pragma once

#include "gridplan/model/staff_pool.hpp"
#include "gridplan/model/world.hpp"

namespace gridplan::model {

/// The office's part of an LP: its staff pool and the case steps it runs.
class Office {
 public:
  /// `lp` is the LP that embeds the office (its stats receive the office's busy time).
  Office(World& world, int office, kernel::LpId lp, const kernel::ShiftPattern* shift, int staff);
  /// Handles kToOffice, kWhistleJob, kStaffDone, kStaffWake and kOverdueCheck; false otherwise.
  bool handle(kernel::Context& ctx, const kernel::Event& ev);
  void finish(double horizon);
  const StaffPool& pool() const { return pool_; }
  int index() const { return office_; }

 private:
  void staff_done(kernel::Context& ctx, std::uint32_t slot);
  void blow_first_whistle(kernel::Context& ctx, std::uint32_t slot);

  World& world_;
  int office_;
  StaffPool pool_;
};

}  // namespace gridplan::model
