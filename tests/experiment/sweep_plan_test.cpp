// Unit tests of the sweep's run list: --grid parsing, ranges, the cartesian product (first key
// slowest), random streams per run, validation before any run, and the fingerprint.
#include "gridplan/experiment/sweep_plan.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_support.hpp"

namespace gridplan::experiment {
namespace {

using testing::baseline_path;

/// A loader that records the overrides of every point and returns the same small scenario.
struct RecordingLoader {
  std::vector<std::vector<std::string>>* seen;
  model::Scenario operator()(const std::vector<std::string>& overrides) const {
    seen->push_back(overrides);
    model::Scenario sc;
    sc.name = "recorded";
    sc.source_text = "text";
    return sc;
  }
};

TEST(sweep_plan, grid_option_splits_at_top_level_commas_only) {
  const GridAxis plain = parse_grid_option("departments.police.staff=20, 25,30");
  EXPECT_EQ(plain.key, "departments.police.staff");
  EXPECT_EQ(plain.values, (std::vector<std::string>{"20", "25", "30"}));
  const GridAxis nested = parse_grid_option(
      "platform.file_minutes={ dist = \"lognormal\", median = 3, p90 = 6 },{ dist = \"fixed\", "
      "value = 3 }");
  ASSERT_EQ(nested.values.size(), 2u);
  EXPECT_EQ(nested.values[1], "{ dist = \"fixed\", value = 3 }");
  const GridAxis arrays = parse_grid_option("k=[1,2],[3,4],\"a,b\"");
  EXPECT_EQ(arrays.values, (std::vector<std::string>{"[1,2]", "[3,4]", "\"a,b\""}));
}

TEST(sweep_plan, ranges_include_the_stop_value) {
  EXPECT_EQ(expand_range("2:8:2"), (std::vector<std::string>{"2", "4", "6", "8"}));
  EXPECT_EQ(expand_range("2:7:2"), (std::vector<std::string>{"2", "4", "6"}));
  EXPECT_EQ(expand_range("0.1:0.3:0.1"), (std::vector<std::string>{"0.1", "0.2", "0.3"}));
  EXPECT_EQ(expand_range("3:1:-1"), (std::vector<std::string>{"3", "2", "1"}));
  EXPECT_TRUE(expand_range("[1:2]").empty());  // not a range: a value
  EXPECT_TRUE(expand_range("fixed").empty());
  EXPECT_THROW(expand_range("1:5:0"), SweepError);
  EXPECT_THROW(expand_range("1:5:-1"), SweepError);
  EXPECT_EQ(parse_grid_option("scenario.seed=1:3:1").values,
            (std::vector<std::string>{"1", "2", "3"}));
}

TEST(sweep_plan, grid_option_errors_name_the_problem) {
  EXPECT_THROW(parse_grid_option("no_equals"), SweepError);
  EXPECT_THROW(parse_grid_option("=1,2"), SweepError);
  try {
    parse_grid_option("departments.police.staff=1,,2");
    FAIL();
  } catch (const SweepError& e) {
    EXPECT_NE(std::string(e.what()).find("departments.police.staff"), std::string::npos);
  }
}

TEST(sweep_plan, cartesian_product_first_axis_slowest) {
  SweepSpec spec;
  spec.sets = {"scenario.days=3"};
  spec.axes = {{"a.x", {"1", "2"}}, {"b.y", {"10", "20", "30"}}};
  spec.replications = 4;
  std::vector<std::vector<std::string>> seen;
  const SweepPlan plan = make_sweep_plan(spec, RecordingLoader{&seen});
  ASSERT_EQ(plan.points.size(), 6u);
  EXPECT_EQ(plan.points[0].label, "a.x=1, b.y=10");
  EXPECT_EQ(plan.points[1].label, "a.x=1, b.y=20");
  EXPECT_EQ(plan.points[3].label, "a.x=2, b.y=10");
  EXPECT_EQ(seen[5], (std::vector<std::string>{"scenario.days=3", "a.x=2", "b.y=30"}));
  EXPECT_EQ(plan.runs(), 24u);
  // run = point * R + r; common random numbers: replication r of every point uses streams r.
  EXPECT_EQ(plan.point_of(13), 3u);
  EXPECT_EQ(plan.replication_of(13), 1u);
  spec.independent = true;
  const SweepPlan independent = make_sweep_plan(spec, RecordingLoader{&seen});
  EXPECT_EQ(independent.replication_of(13), 13u);
  EXPECT_NE(independent.fingerprint, plan.fingerprint);
}

TEST(sweep_plan, no_axes_is_one_point) {
  SweepSpec spec;
  spec.replications = 3;
  std::vector<std::vector<std::string>> seen;
  const SweepPlan plan = make_sweep_plan(spec, RecordingLoader{&seen});
  ASSERT_EQ(plan.points.size(), 1u);
  EXPECT_EQ(plan.points[0].label, "");
  EXPECT_EQ(plan.runs(), 3u);
}

TEST(sweep_plan, fingerprint_follows_what_decides_the_runs) {
  SweepSpec spec;
  spec.axes = {{"a.x", {"1", "2"}}};
  std::vector<std::vector<std::string>> seen;
  const std::string base = make_sweep_plan(spec, RecordingLoader{&seen}).fingerprint;
  EXPECT_EQ(base.size(), 16u);
  EXPECT_EQ(make_sweep_plan(spec, RecordingLoader{&seen}).fingerprint, base);
  SweepSpec more = spec;
  more.replications = 11;
  EXPECT_NE(make_sweep_plan(more, RecordingLoader{&seen}).fingerprint, base);
  SweepSpec other_value = spec;
  other_value.axes[0].values[1] = "3";
  EXPECT_NE(make_sweep_plan(other_value, RecordingLoader{&seen}).fingerprint, base);
  SweepSpec with_set = spec;
  with_set.sets = {"scenario.days=2"};
  EXPECT_NE(make_sweep_plan(with_set, RecordingLoader{&seen}).fingerprint, base);
}

TEST(sweep_plan, rejects_repeated_or_conflicting_keys) {
  std::vector<std::vector<std::string>> seen;
  SweepSpec twice;
  twice.axes = {{"a.x", {"1"}}, {"a.x", {"2"}}};
  EXPECT_THROW(make_sweep_plan(twice, RecordingLoader{&seen}), SweepError);
  SweepSpec both;
  both.sets = {"a.x=5"};
  both.axes = {{"a.x", {"1"}}};
  EXPECT_THROW(make_sweep_plan(both, RecordingLoader{&seen}), SweepError);
  SweepSpec none;
  none.replications = 0;
  EXPECT_THROW(make_sweep_plan(none, RecordingLoader{&seen}), SweepError);
}

TEST(sweep_plan, a_bad_value_fails_before_any_run_naming_point_and_key) {
  SweepSpec spec;
  spec.sets = {"scenario.days=2"};
  spec.axes = {{"departments.police.staff", {"20", "-3"}}};
  const auto load = [](const std::vector<std::string>& overrides) {
    return io::load_scenario(baseline_path(), overrides);
  };
  try {
    make_sweep_plan(spec, load);
    FAIL() << "expected a ScenarioError";
  } catch (const io::ScenarioError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("point 1"), std::string::npos) << what;
    EXPECT_NE(what.find("departments.police.staff"), std::string::npos) << what;
  }
}

}  // namespace
}  // namespace gridplan::experiment
