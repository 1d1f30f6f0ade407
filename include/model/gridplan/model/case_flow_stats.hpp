// Case flow statistics: every case from arrival to close, whichever LP it arrives or closes at.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "gridplan/kernel/table.hpp"

namespace gridplan::model {

struct ResultContext;
struct RunResults;

/// One finished or open case, for the optional /cases table. Times in seconds.
struct CaseRow {
  std::uint64_t id;
  std::int32_t grid;
  std::int16_t category, office;
  std::uint8_t source, reopen;
  double t_report, t_triage, t_dispatch, t_settle, t_verify, t_close;
  double t_operator_queue;
};

/// A block of case rows.
using CaseRowBlock = std::vector<CaseRow>;

/// Case rows in blocks of fixed capacity: appending never moves the rows already kept. A
/// year's trace is 95 MB; a growing vector copied it about once more and touched twice the
/// memory (the copy and its page faults were 15% of a traced year's time).
class CaseRows {
 public:
  static constexpr std::size_t kBlockRows = std::size_t{1} << 15;  // 2.6 MB

  void push_back(const CaseRow& row) {
    if (blocks_.empty() || blocks_.back().size() == kBlockRows) {
      blocks_.emplace_back();
      // The first block grows as a vector does (a short run needs no 2.6 MB); the next start
      // whole.
      if (blocks_.size() > 1) blocks_.back().reserve(kBlockRows);
    }
    blocks_.back().push_back(row);
    ++size_;
  }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  /// Appends copies of `other`'s rows.
  void append(const CaseRows& other) {
    for (const CaseRowBlock& block : other.blocks_)
      for (const CaseRow& row : block) push_back(row);
  }
  /// The blocks, in the order filled, leaving this empty.
  std::vector<CaseRowBlock> take_blocks() {
    size_ = 0;
    return std::exchange(blocks_, {});
  }

 private:
  std::vector<CaseRowBlock> blocks_;
  std::size_t size_ = 0;
};

/// Arrivals, closures and their timing, district-wide and per grid; with tracing, the case rows.
struct CaseFlowStats {
  CaseFlowStats() = default;
  CaseFlowStats(int days, int grids, int sources);

  std::uint64_t arrived = 0, closed = 0;
  /// Closed cases that were dispatched to an office, and those closed within their time limit.
  std::uint64_t closed_dispatched = 0, closed_on_time = 0;
  std::vector<std::uint64_t> arrived_by_source;
  std::vector<std::int32_t> arrivals_by_hour, closed_by_hour;
  std::vector<std::int32_t> arrivals_by_day, closed_by_day;
  std::vector<std::int32_t>
      overdue_change_by_day;               ///< +1 when a case passes its limit, -1 at close
  std::vector<float> close_hours;          ///< report to close, hours, per closed case
  std::vector<float> overdue_close_hours;  ///< the same, for dispatched cases closed late
  std::vector<std::int32_t> grid_arrived, grid_closed;
  std::uint64_t open = 0;               ///< cases held at the horizon
  std::vector<std::int32_t> grid_open;  ///< by grid, cases held at the horizon
  CaseRows trace;

  /// Adds `other` (the next LP in order) into this one; throws std::logic_error on a size
  /// mismatch.
  void merge(const CaseFlowStats& other);
  /// With tracing, every LP's blocks of case rows (its `trace`, taken by take_trace in LP
  /// order), kept apart rather than merged, so that they are never held twice; /cases merges
  /// them by id.
  std::vector<CaseRowBlock> trace_parts;
  /// Moves `lp`'s blocks of case rows (this one's own too) to trace_parts, leaving `lp.trace`
  /// empty.
  void take_trace(CaseFlowStats& lp);
  /// Frees the per-case vectors (close_hours, overdue_close_hours, trace) once merged.
  void release_rows();
  /// Sets the case-count, close-time and backlog KPIs, adds arrival, close and open columns to
  /// the daily, grid and street tables, and returns /cases when tracing (taking the rows), or
  /// with `on_demand` adds it there instead, as rows made when read. Reorders the close-time
  /// samples.
  std::vector<kernel::Table> results(RunResults& out, const ResultContext& ctx,
                                     std::vector<kernel::TableSource>* on_demand = nullptr);
};

}  // namespace gridplan::model
