// A case (事件) on its way through the closed loop report -> file -> dispatch -> handle ->
// verify -> close (docs/model.md, "The closed loop"), and the table in which an LP keeps the
// cases it holds. A case belongs to one LP at a time: handing it on moves its record into the
// message (see message.hpp), and the receiver adopts it into its own table.
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

/// One case, as the LP that holds it sees it.
struct CaseRecord {
  std::uint64_t id = 0;  ///< creator LP << 40 | creator's counter: stable across engines
  std::int32_t grid = 0;
  std::int16_t category = 0;
  std::int16_t office = -1;  ///< handling office (street offices first, then departments)
  std::uint8_t source = 0;
  std::uint8_t reopen = 0;           ///< failed verifications so far
  std::uint8_t whistle = 0;          ///< 0 none, 1 first whistle blown, 2 second whistle blown
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
  double deadline = kNotYet;          ///< time limit for the handling office, absolute seconds
  double t_operator_queue = kNotYet;  ///< joined the seat operators' queue (filing)
  double t_whistle = kNotYet, t_whistle_report = kNotYet, t_whistle_settle = kNotYet,
         t_second_whistle = kNotYet;
  double t_recorded_whistle = kNotYet;  ///< replay: the log's first whistle, replacing the rules
  double started_at = 0;                ///< when its current service began
  double t_mediation = kNotYet;         ///< accepted by the first mediation centre
  double t_centre = kNotYet;            ///< accepted by the current centre
  double queued_at = 0;                 ///< when it joined its current queue
  double work = 0;                      ///< work the current queue's server will spend, seconds
  std::uint32_t next = 0;  ///< intrusive FIFO link in the holder's table (slot + 1; 0 none)
};

/// Why a first whistle was blown: a rule, or (replay) the log's record where no rule would have
/// blown it then.
enum WhistleRule : std::uint8_t { kOverdue = 1, kRepeat = 2, kMultiDepartment = 3, kRecorded = 4 };

/// A case in its holder's table, for the holder's own later events (a service that ends, a
/// review that comes): the slot and the slot's generation, which changes whenever the slot is
/// freed, so an event that outlives its case is recognised by the whole handle.
struct CaseHandle {
  std::uint32_t slot = 0;
  std::uint32_t generation = 0;
};

/// One LP's case records, in slots with a free list: only open cases occupy memory.
class CaseTable {
 public:
  /// A fresh record's slot.
  std::uint32_t allocate() { return adopt(CaseRecord{}); }
  /// A slot holding `record` (a case handed to this LP).
  std::uint32_t adopt(const CaseRecord& record) {
    ++live_;
    if (!free_.empty()) {
      const std::uint32_t s = free_.back();
      free_.pop_back();
      records_[s] = record;
      return s;
    }
    records_.push_back(record);
    generations_.push_back(0);
    return static_cast<std::uint32_t>(records_.size() - 1);
  }
  /// Frees a slot (its case closed, or was handed on); handles to it become stale.
  void release(std::uint32_t slot) {
    --live_;
    records_[slot].id = kFreeId;
    ++generations_[slot];
    free_.push_back(slot);
  }
  /// Takes a record out to hand it on: a copy, and the slot freed.
  CaseRecord hand_on(std::uint32_t slot) {
    const CaseRecord r = records_[slot];
    release(slot);
    return r;
  }
  CaseHandle handle(std::uint32_t slot) const { return {slot, generations_[slot]}; }
  /// Whether `h` still names the case it was taken for.
  bool current(CaseHandle h) const {
    return h.slot < generations_.size() && generations_[h.slot] == h.generation;
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
  std::vector<std::uint32_t> generations_;
  std::vector<std::uint32_t> free_;
  std::uint64_t live_ = 0;
};

}  // namespace gridplan::model
