// A dispute mediation centre (矛调中心; docs/model.md, "Mediation") at community, street or
// district level: general mediators, the specialist rooms its street gives it, the professional
// rota (street level), sessions that end at a daily review, and escalation up the levels.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gridplan/model/case_book.hpp"
#include "gridplan/model/staff_pool.hpp"

namespace gridplan::model {

/// A dispute for the centre that takes it at the receiving LP: the community centre of its
/// grid at a street's LP, the district centre at the platform's.
struct ToMediation {
  static constexpr std::string_view kName = "ToMediation";
  CaseRecord c;
};
/// The profession a dispute waits for sits today (centre = the host's index of the centre).
struct MediationJoin {
  static constexpr std::string_view kName = "MediationJoin";
  std::uint32_t centre = 0;
  CaseHandle handle;
};
/// A mediator finished a dispute's sessions (pool = the host's index of the mediator pool).
struct MediatorDone : PoolEvent {
  static constexpr std::string_view kName = "MediatorDone";
};
/// A mediator pool's duty hours may have begun.
struct MediatorWake : PoolEvent {
  static constexpr std::string_view kName = "MediatorWake";
};
/// The daily review decides a dispute's outcome.
struct MediationReview {
  static constexpr std::string_view kName = "MediationReview";
  std::uint32_t centre = 0;
  CaseHandle handle;
};

/// Where an unresolved dispute goes next; the hosting LP routes it.
enum class Escalation { kNone, kToStreet, kToDistrict, kToLegal };

/// The kinds the hosting LP gives the centres' own events.
struct MediationKinds {
  std::uint32_t join, done, wake, review;
};

/// The scenario's rooms (indices into MediationSpec::rooms) hosted by a centre of `level` (0
/// community, 1 street, 2 district: none) in `street`, in scenario order.
std::vector<int> hosted_rooms(const MediationSpec& m, const std::string& street, int level);

class MediationCentre {
 public:
  /// `centre` is the district-wide centre index, `local` its index at the host, `street` its
  /// street (-1: the district centre); its pools are numbered from `first_pool` in the host's
  /// mediator pool numbering.
  MediationCentre(CaseBook& book, int centre, int level, int street, std::uint32_t local,
                  std::uint32_t first_pool, MediationKinds kinds);

  /// A dispute held in the host's book arrives at this centre.
  void accept(kernel::Context& ctx, std::uint32_t slot);
  void on(kernel::Context& ctx, const MediationJoin& m);
  /// `pool` is the centre's own pool index (the host's minus first_pool()).
  void on_done(kernel::Context& ctx, std::uint32_t pool, std::uint32_t slot);
  void on_wake(kernel::Context& ctx, std::uint32_t pool);
  /// The review's decision; a dispute leaving the centre stays in the host's book for it to
  /// route (kToStreet, kToDistrict) or has been closed (kNone after resolving, kToLegal).
  Escalation on(kernel::Context& ctx, const MediationReview& m);
  void finish(double horizon);

  int level() const { return level_; }
  int index() const { return centre_; }
  std::uint32_t first_pool() const { return first_pool_; }
  std::size_t pool_count() const { return pools_.size(); }
  /// The general mediators' pool (weekly dispatch moves its waiting disputes).
  StaffPool& general() { return *pools_.front(); }
  /// The scenario's rooms this centre hosts (indices into MediationSpec::rooms); room k's pool
  /// is the centre's pool k + 1.
  const std::vector<int>& rooms() const { return rooms_; }
  const StaffPool& room_pool(std::size_t k) const { return *pools_[k + 1]; }
  /// Mediators' busy and on-duty time over all pools, seconds.
  double busy_seconds() const;
  double available_seconds() const;

 private:
  const MediationLevelSpec& spec() const;
  void join(kernel::Context& ctx, std::uint32_t slot);
  /// The centre's pool a dispute of type `type` queues at: 0 (general) or its room's.
  std::size_t pool_of(int type) const { return pool_of_type_[static_cast<std::size_t>(type)]; }

  CaseBook& book_;
  const RunConfig& config_;
  int centre_, level_;
  std::uint32_t local_, first_pool_;
  MediationKinds kinds_;
  std::vector<std::unique_ptr<StaffPool>> pools_;  // general, then one per hosted room
  std::vector<int> rooms_;                         // scenario room of pools_[k + 1]
  std::vector<std::size_t> pool_of_type_;          // dispute type -> pool
};

}  // namespace gridplan::model
