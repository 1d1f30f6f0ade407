// Whistle statistics: sizing, merge, and the whistle KPIs, columns and /whistles table.
#include "gridplan/model/whistle_stats.hpp"

#include <algorithm>
#include <cmath>

#include "gridplan/model/office_stats.hpp"
#include "gridplan/model/run_config.hpp"
#include "gridplan/model/run_results.hpp"
#include "gridplan/model/stats_merge.hpp"

namespace gridplan::model {

using kernel::kHour;
using kernel::Table;

WhistleStats::WhistleStats(int days, int offices, int streets)
    : by_day(days + 1),
      second_by_day(days + 1),
      by_street(streets),
      by_rule(5),
      office_whistles(offices),
      office_reports_on_time(offices),
      office_failed(offices),
      office_report_seconds(offices) {}

void WhistleStats::merge(const WhistleStats& o) {
  first += o.first;
  second += o.second;
  settled += o.settled;
  report_count += o.report_count;
  settle_count += o.settle_count;
  report_seconds += o.report_seconds;
  settle_seconds += o.settle_seconds;
  add_into(by_day, o.by_day, "whistles_by_day");
  add_into(second_by_day, o.second_by_day, "second_whistles_by_day");
  add_into(by_street, o.by_street, "whistles_by_street");
  add_into(by_rule, o.by_rule, "whistles_by_rule");
  add_into(office_whistles, o.office_whistles, "office_whistles");
  add_into(office_reports_on_time, o.office_reports_on_time, "office_reports_on_time");
  add_into(office_failed, o.office_failed, "office_whistle_failed");
  add_into(office_report_seconds, o.office_report_seconds, "office_report_seconds");
  append_rows(rows, o.rows);
}

namespace {

// /whistles: one row per whistled case, by case id.
Table whistles_table(const std::vector<WhistleRow>& rows, const Scenario& sc, std::int64_t run_id) {
  Table t;
  t.name = "whistles";
  t.description =
      "one row per whistled case (吹哨), closed or open at the horizon; times in hours since the "
      "start, NaN where the step did not happen";
  auto& run = t.add_i64("run", "", "run id").i64;
  auto& id = t.add_i64("case", "", "case id (as in /cases)").i64;
  auto& street = t.add_str("street", "street that blew the whistle").str;
  auto& rule = t.add_str("rule",
                         "overdue, repeat, multi_department or recorded (replay: the log's "
                         "whistle, where no rule would have blown it then)")
                   .str;
  auto& offices = t.add_str("departments", "offices that came, the leading one first, a+b").str;
  auto& blown = t.add_f64("t_blown", "hours", "first whistle blown").f64;
  auto& rep = t.add_f64("t_reported", "hours", "last office reported on site").f64;
  auto& set = t.add_f64("t_settled", "hours", "whistled handling done (lead time over)").f64;
  auto& second = t.add_i64("second_whistle", "", "1 if the second whistle was blown").i64;
  auto& t2 = t.add_f64("t_second", "hours", "second whistle blown").f64;
  auto& tc = t.add_f64("t_close", "hours", "case closed").f64;
  static const char* kRules[] = {"", "overdue", "repeat", "multi_department", "recorded"};
  for (const WhistleRow& r : rows) {
    run.push_back(run_id);
    id.push_back(static_cast<std::int64_t>(r.case_id));
    street.push_back(sc.streets[r.street].name);
    rule.push_back(kRules[r.rule]);
    offices.push_back(r.offices);
    blown.push_back(r.t_blown / kHour);
    rep.push_back(r.t_reported / kHour);
    set.push_back(r.t_settled / kHour);
    second.push_back(std::isnan(r.t_second) ? 0 : 1);
    t2.push_back(r.t_second / kHour);
    tc.push_back(r.t_close / kHour);
  }
  return t;
}

}  // namespace

std::vector<Table> WhistleStats::results(RunResults& out, const ResultContext& ctx,
                                         const OfficeStats& offices) {
  const RunConfig& w = ctx.config;
  const Scenario& sc = w.sc;

  KpiRecorder& k = out.kpi;
  k.set("whistles_first", static_cast<double>(first));
  k.set("whistles_second", static_cast<double>(second));
  k.set("whistles_settled", static_cast<double>(settled));
  k.set("whistle_report_hours_mean",
        ratio(report_seconds, static_cast<double>(report_count)) / kHour);
  k.set("whistle_settle_hours_mean",
        ratio(settle_seconds, static_cast<double>(settle_count)) / kHour);

  {
    Table& t = out.daily;
    auto& wh = t.add_i64("whistles", "whistles", "first whistles blown that day").i64;
    auto& wh2 = t.add_i64("second_whistles", "whistles", "second whistles blown that day").i64;
    for (int d = 0; d < sc.days; ++d) {
      wh.push_back(by_day[d]);
      wh2.push_back(second_by_day[d]);
    }
  }
  {
    Table& t = out.offices;
    auto& whn = t.add_i64("whistles", "whistles", "first whistles the office came to").i64;
    auto& whr = t.add_f64("whistle_report_hours_mean", "hours",
                          "mean time from a whistle to the office's report on site")
                    .f64;
    auto& whrt = t.add_f64("whistle_report_on_time_rate", "1",
                           "share of its reports within whistle.report_within_hours")
                     .f64;
    auto& whf = t.add_i64("whistles_failed", "whistles",
                          "whistles it led whose result failed verification (second whistle)")
                    .i64;
    auto& score = t.add_f64("street_score", "points",
                            "streets' evaluation, 0-100: weighted on-time rate, whistle reports "
                            "in time and whistle results passing verification (departments only)")
                      .f64;
    auto& annual = t.add_f64("annual_score_from_streets", "points",
                             "street_score x whistle.street_evaluation_weight: the streets' part "
                             "of the department's annual score")
                       .f64;
    const WhistleSpec& ws = sc.whistle;
    for (int o = 0; o < w.n_offices; ++o) {
      const bool is_street = o < w.n_streets;
      const double whistles = office_whistles[o];
      whn.push_back(office_whistles[o]);
      whr.push_back(ratio(office_report_seconds[o], whistles) / kHour);
      whrt.push_back(ratio(office_reports_on_time[o], whistles));
      whf.push_back(office_failed[o]);
      // No whistle is no failure: those parts of the score count in full.
      const double on_time = ratio(offices.on_time[o], offices.closed[o]);
      const double reports = whistles > 0 ? office_reports_on_time[o] / whistles : 1.0;
      const double passed = whistles > 0 ? 1.0 - office_failed[o] / whistles : 1.0;
      const double s =
          is_street ? std::nan("")
                    : 100.0 * (ws.score_on_time_weight * on_time +
                               ws.score_report_weight * reports + ws.score_verify_weight * passed);
      score.push_back(s);
      annual.push_back(s * ws.street_evaluation_weight);
    }
  }
  {
    auto& wh =
        out.streets.add_i64("whistles", "whistles", "first whistles blown by the street").i64;
    for (int s = 0; s < w.n_streets; ++s) wh.push_back(by_street[s]);
  }

  std::sort(rows.begin(), rows.end(),
            [](const WhistleRow& a, const WhistleRow& b) { return a.case_id < b.case_id; });
  std::vector<Table> own;
  own.push_back(whistles_table(rows, sc, ctx.run_id));
  return own;
}

}  // namespace gridplan::model
