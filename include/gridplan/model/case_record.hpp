// A case (事件) on its way through the closed loop report -> file -> dispatch -> handle ->
// verify -> close (MODEL.md section 2), and the pool of records that holds the open ones.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

namespace gridplan::model {

/// Where a case is in the loop.
enum class Stage : std::uint8_t {
  kAtWorker,    ///< with the grid worker for the first time (settle or report up)
  kAtPlatform,  ///< waiting for or with a seat operator
  kAtOffice,    ///< with a street office or a department (staff time)
  kInLeadTime,  ///< staff work done, waiting for parts, contractors or owners
  kVerifying,   ///< with the grid worker for on-site verification
  kInTransit,   ///< a message carrying it is under way
};

inline constexpr double kNotYet = std::numeric_limits<double>::quiet_NaN();

/// One case. Exactly one LP owns a record at a time: the one that holds its latest message.
struct CaseRecord {
  std::uint64_t id = 0;  ///< creator LP << 40 | creator's counter: stable across engines
  std::int32_t grid = 0;
  std::int16_t category = 0;
  std::int16_t office = -1;  ///< handling office (street offices first, then departments)
  std::uint8_t source = 0;
  std::uint8_t reopen = 0;   ///< failed verifications so far
  std::uint8_t gen = 0;      ///< bumped when a whistle takes the case over: older events are stale
  std::uint8_t whistle = 0;  ///< 0 none, 1 first whistle blown, 2 second whistle blown
  std::uint8_t whistle_rule = 0;     ///< WhistleRule that blew the first whistle
  bool multi_department = false;     ///< needs more than one department
  std::int16_t whistle_office = -1;  ///< office leading the whistled handling
  std::int8_t dispute_type = -1;     ///< mediation: dispute type, once accepted
  std::uint8_t mediation_level = 0;  ///< mediation: 0 community, 1 street, 2 district
  std::int16_t centre = -1;          ///< mediation: the centre that holds it (global index)
  Stage stage = Stage::kAtWorker;
  bool settle_in_grid = false;
  double t_report = kNotYet, t_triage = kNotYet, t_dispatch = kNotYet, t_settle = kNotYet,
         t_verify = kNotYet, t_close = kNotYet;
  double deadline = kNotYet;  ///< time limit for the handling office, absolute seconds
  double t_whistle = kNotYet, t_whistle_report = kNotYet, t_whistle_settle = kNotYet,
         t_second_whistle = kNotYet;
  double started_at = 0;         ///< when its current service began
  double t_mediation = kNotYet;  ///< accepted by the first mediation centre
  double t_centre = kNotYet;     ///< accepted by the current centre
  double queued_at = 0;          ///< when it joined its current queue
  double work = 0;               ///< work the current queue's server will spend, seconds
  std::uint32_t next = 0;        ///< intrusive FIFO link (slot index + 1; 0 = none)
};

/// Why a first whistle was blown.
enum WhistleRule : std::uint8_t { kOverdue = 1, kRepeat = 2, kMultiDepartment = 3 };

/// Packs a slot with the case's id so that a message outliving its case (whose slot may have been
/// reused) is recognised as stale.
inline std::uint64_t slot_tag(std::uint32_t slot, std::uint64_t id) {
  return slot | (id << 32);
}
inline std::uint32_t tag_slot(std::uint64_t tag) {
  return static_cast<std::uint32_t>(tag);
}
inline bool tag_matches(std::uint64_t tag, std::uint64_t id) {
  return (tag >> 32) == (id & 0xffffffffu);
}

/// Slots of case records with a free list: only open cases occupy memory.
class CaseTable {
 public:
  /// A fresh record's slot.
  std::uint32_t allocate() {
    ++live_;
    if (!free_.empty()) {
      const std::uint32_t s = free_.back();
      free_.pop_back();
      records_[s] = CaseRecord{};
      return s;
    }
    records_.emplace_back();
    return static_cast<std::uint32_t>(records_.size() - 1);
  }
  void release(std::uint32_t slot) {
    --live_;
    records_[slot].id = kFreeId;
    free_.push_back(slot);
  }
  CaseRecord& operator[](std::uint32_t slot) { return records_[slot]; }
  const CaseRecord& operator[](std::uint32_t slot) const { return records_[slot]; }
  /// Number of open (allocated) cases.
  std::uint64_t live() const { return live_; }
  /// Calls f(record) for every open case.
  template <class F>
  void for_each_live(F&& f) const {
    for (const auto& r : records_)
      if (r.id != kFreeId) f(r);
  }

 private:
  static constexpr std::uint64_t kFreeId = ~std::uint64_t{0};
  std::vector<CaseRecord> records_;
  std::vector<std::uint32_t> free_;
  std::uint64_t live_ = 0;
};

}  // namespace gridplan::model
