// RecordedStats: the fate of replay's recorded whistles and dispute types, and /replay.
#include "gridplan/model/recorded_stats.hpp"

#include <cmath>

#include "gridplan/model/run_results.hpp"

namespace gridplan::model {

void RecordedStats::count_case_end(const CaseRecord& c, bool closed) {
  if (!std::isnan(c.t_recorded_whistle)) {
    // The rules never whistle a case with a recorded whistle, so any whistle is the record's:
    // at its time, or later when the case was out of reach then (docs/event-log.md).
    if (c.whistle == 0)
      ++(closed ? whistles_not_applicable : whistles_open);
    else if (c.t_whistle <= c.t_recorded_whistle)
      ++whistles_on_time;
    else
      ++whistles_late;
  }
  // A generated case gets its dispute type when mediation accepts it: a type without
  // acceptance was recorded and never used.
  if (c.dispute_type >= 0 && std::isnan(c.t_mediation))
    ++(closed ? dispute_types_not_applicable : dispute_types_open);
}

void RecordedStats::merge(const RecordedStats& o) {
  whistles += o.whistles;
  whistles_on_time += o.whistles_on_time;
  whistles_late += o.whistles_late;
  whistles_not_applicable += o.whistles_not_applicable;
  whistles_open += o.whistles_open;
  dispute_types += o.dispute_types;
  dispute_types_not_applicable += o.dispute_types_not_applicable;
  dispute_types_open += o.dispute_types_open;
}

kernel::Table RecordedStats::table(const ResultContext& ctx) const {
  kernel::Table t;
  t.name = "replay";
  t.description =
      "one row per replayed run: what became of the event log's recorded first whistles and "
      "dispute types (docs/event-log.md)";
  const auto add = [&](const char* name, const char* unit, const char* description,
                       std::uint64_t value) {
    t.add_i64(name, unit, description).i64.push_back(static_cast<std::int64_t>(value));
  };
  add("run", "", "run id", static_cast<std::uint64_t>(ctx.run_id));
  add("recorded_whistles", "cases", "cases replayed with a recorded first whistle", whistles);
  add("recorded_whistles_on_time", "cases", "of those, whistled at the recorded time",
      whistles_on_time);
  add("recorded_whistles_late", "cases",
      "of those, whistled later: at dispatch, or when the office's staff work ended",
      whistles_late);
  add("recorded_whistles_not_applicable", "cases",
      "of those, closed without a whistle (settled in the grid, referred to mediation, result "
      "back before the recorded time, or whistles off)",
      whistles_not_applicable);
  add("recorded_whistles_open", "cases", "of those, open at the horizon and not whistled",
      whistles_open);
  add("recorded_dispute_types", "cases", "cases replayed with a recorded dispute type",
      dispute_types);
  add("recorded_dispute_types_used", "cases", "of those, mediated as that type",
      dispute_types - dispute_types_not_applicable - dispute_types_open);
  add("recorded_dispute_types_not_applicable", "cases",
      "of those, closed without reaching mediation (dispatched to an office)",
      dispute_types_not_applicable);
  add("recorded_dispute_types_open", "cases",
      "of those, open at the horizon and not (yet) in mediation", dispute_types_open);
  return t;
}

}  // namespace gridplan::model
