// A dispute mediation centre (矛调中心, MODEL.md section 4) at community, street or district level:
// mediators (and, at street level, specialist rooms and the professional rota), sessions that
// end at a daily review, and escalation to the next level or to legal channels.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "gridplan/model/staff_pool.hpp"
#include "gridplan/model/world.hpp"

namespace gridplan::model {

/// Where an unresolved dispute goes next; the owning LP routes it.
enum class Escalation { kNone, kToStreet, kToDistrict, kToLegal };

class MediationCentre {
 public:
  /// `centre` is the district-wide centre index, `local` its index inside the owning LP (events
  /// carry it in `a` as local * 16 + pool).
  MediationCentre(World& world, int centre, int level, std::uint32_t local, kernel::LpId lp);

  /// A dispute arrives at this centre.
  void accept(kernel::Context& ctx, std::uint32_t slot);
  /// Handles kMediationJoin, kMediatorDone, kMediatorWake and kMediationReview for this centre.
  /// Returns the escalation decided at a review (kNone otherwise).
  Escalation handle(kernel::Context& ctx, const kernel::Event& ev);
  void finish(double horizon);

  int level() const { return level_; }
  int index() const { return centre_; }
  /// The general mediators' pool (weekly dispatch moves its waiting disputes).
  StaffPool& general() { return *pools_.front(); }
  /// Mediators' busy and on-duty time over all pools, seconds.
  double busy_seconds() const;
  double available_seconds() const;

 private:
  const MediationLevelSpec& spec() const;
  void join(kernel::Context& ctx, std::uint32_t slot);
  Escalation review(kernel::Context& ctx, std::uint32_t slot);

  World& world_;
  int centre_, level_;
  std::uint32_t local_;
  kernel::LpId lp_;
  std::vector<std::unique_ptr<StaffPool>> pools_;  // general, then one per room (street level)
};

}  // namespace gridplan::model
