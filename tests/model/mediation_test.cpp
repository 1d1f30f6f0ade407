// Mediation centres (docs/model.md, "Mediation"): the professions' rota, escalation in level order,
// conservation per centre, and the court-every-weekday what-if under common random numbers.
#include <gtest/gtest.h>

#include "gridplan/kernel/calendar.hpp"
#include "gridplan/model/mediation_calendar.hpp"
#include "test_support.hpp"

namespace gridplan::testing {
namespace {

using kernel::Calendar;
using kernel::Date;
using kernel::kDay;
using kernel::kHour;

model::Scenario baseline(int days) {
  return io::load_scenario(baseline_path(), {"scenario.days=" + std::to_string(days)});
}

const model::ProfessionSpec& profession(const model::Scenario& sc, const std::string& name) {
  for (const auto& p : sc.mediation.rota)
    if (p.name == name) return p;
  throw std::out_of_range(name);
}

// Seconds from 2023-01-01 to a date and hour.
double at(const Date& d, double hour) {
  return (d.to_days() - Date{2023, 1, 1}.to_days()) * kDay + hour * kHour;
}

TEST(mediation, court_dispute_on_a_wednesday_waits_until_monday) {
  const auto sc = baseline(365);
  const Calendar cal(sc.start_date, sc.holidays, sc.working_weekends, 800);
  const auto& court = profession(sc, "court");
  // Wednesday 2023-03-08, 10:00: the court sits on Monday 2023-03-13 when the centre opens.
  EXPECT_EQ(model::next_sitting(cal, sc.mediation.hours, court, at({2023, 3, 8}, 10)),
            at({2023, 3, 13}, 8.5));
  // On a Monday within opening hours: at once.
  EXPECT_EQ(model::next_sitting(cal, sc.mediation.hours, court, at({2023, 3, 13}, 10)),
            at({2023, 3, 13}, 10));
  // Wednesday 2023-04-26: Monday and Tuesday 1-2 May are Labour Day holidays, and the make-up
  // Saturday 6 May is no court day: the next sitting is Monday 8 May.
  EXPECT_EQ(model::next_sitting(cal, sc.mediation.hours, court, at({2023, 4, 26}, 10)),
            at({2023, 5, 8}, 8.5));
  // The police sit every day, holidays included.
  EXPECT_EQ(
      model::next_sitting(cal, sc.mediation.hours, profession(sc, "police"), at({2023, 5, 1}, 9)),
      at({2023, 5, 1}, 9));
}

TEST(mediation, daily_review_is_on_working_days_at_the_review_hour) {
  const auto sc = baseline(365);
  const Calendar cal(sc.start_date, sc.holidays, sc.working_weekends, 800);
  EXPECT_EQ(model::next_review(cal, 9, at({2023, 3, 8}, 8)), at({2023, 3, 8}, 9));
  EXPECT_EQ(model::next_review(cal, 9, at({2023, 3, 8}, 9)), at({2023, 3, 8}, 9));
  EXPECT_EQ(model::next_review(cal, 9, at({2023, 3, 10}, 10)), at({2023, 3, 13}, 9));  // Fri
}

TEST(mediation, escalation_follows_level_order_and_centres_conserve_disputes) {
  const auto out = run(baseline(365));
  const auto& m = table_of(out, "mediation");
  std::int64_t accepted[3] = {}, escalated[3] = {}, to_legal[3] = {};
  for (std::size_t i = 0; i < m.rows(); ++i) {
    const std::string& level = m.column("level").str[i];
    const int lv = level == "community" ? 0 : level == "street" ? 1 : 2;
    const auto get = [&](const char* c) { return m.column(c).i64[i]; };
    accepted[lv] += get("accepted");
    escalated[lv] += get("escalated");
    to_legal[lv] += get("to_legal");
    // Conservation at every centre.
    EXPECT_EQ(
        get("accepted") + get("reassigned_in"),
        get("resolved") + get("escalated") + get("to_legal") + get("reassigned_out") + get("open"))
        << "centre " << i;
  }
  // Every dispute starts at a community centre; escalations go one level up, never skip or
  // loop, and only the district centre sends disputes to legal channels. Reviews are at 09:00,
  // so no escalation is in transit at the midnight horizon.
  EXPECT_EQ(accepted[0], static_cast<std::int64_t>(kpi(out, "disputes_accepted")));
  EXPECT_EQ(accepted[1], escalated[0]);
  EXPECT_EQ(accepted[2], escalated[1]);
  EXPECT_EQ(escalated[2], 0);
  EXPECT_EQ(to_legal[0] + to_legal[1], 0);
  EXPECT_EQ(to_legal[2], static_cast<std::int64_t>(kpi(out, "disputes_to_legal")));
  EXPECT_GT(accepted[2], 0);
}

double days_for(const experiment::RunOutput& out, const std::string& type) {
  const auto& t = table_of(out, "dispute_types");
  for (std::size_t i = 0; i < t.rows(); ++i)
    if (t.column("name").str[i] == type) return t.column("days_mean").f64[i];
  throw std::out_of_range(type);
}

TEST(mediation, court_every_weekday_shortens_court_disputes) {
  // Common random numbers: same replication, same disputes with the same sessions; only the
  // court's days differ. Contract disputes need the court at street centres.
  const auto base = run(baseline(365));
  const auto every = run(io::load_scenario(
      source_path("scenarios/mediation-court-every-weekday.toml"), {"scenario.days=365"}));
  std::printf("contract disputes: %.2f days with the court on Mon-Tue, %.2f every weekday\n",
              days_for(base, "contract"), days_for(every, "contract"));
  EXPECT_LT(days_for(every, "contract"), days_for(base, "contract"));
  EXPECT_EQ(days_for(every, "neighbour"), days_for(base, "neighbour"));  // untouched types
}

}  // namespace
}  // namespace gridplan::testing
