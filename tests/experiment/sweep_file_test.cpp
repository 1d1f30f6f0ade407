// Unit tests of sweep files: [parameters] in file order, ranges, nested tables, values that
// load as overrides, and errors that name the file, line and key.
#include "gridplan/experiment/sweep_file.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_support.hpp"

namespace gridplan::experiment {
namespace {

using testing::baseline_path;

TEST(sweep_file, parameters_in_file_order_with_ranges_and_nested_tables) {
  const SweepFile file = parse_sweep_file(R"(
replications = 20
days = 30
warmup_days = 5
set = ["whistle.enabled=true"]
[parameters]
"platform.file_minutes" = [{ dist = "fixed", value = 3 }, { dist = "fixed", value = 4 }]
"departments.police.staff" = "20:30:5"
[parameters.grid_worker]
patrol_hours = [0.5, 1.5]
)",
                                          "study.toml");
  EXPECT_EQ(file.replications, 20);
  EXPECT_EQ(file.days, 30);
  EXPECT_EQ(file.warmup_days, 5);
  EXPECT_EQ(file.sets, (std::vector<std::string>{"whistle.enabled=true"}));
  ASSERT_EQ(file.axes.size(), 3u);
  EXPECT_EQ(file.axes[0].key, "platform.file_minutes");  // file order, not sorted
  ASSERT_EQ(file.axes[0].values.size(), 2u);
  EXPECT_NE(file.axes[0].values[0].find("dist = \"fixed\""), std::string::npos)
      << file.axes[0].values[0];
  EXPECT_EQ(file.axes[1].key, "departments.police.staff");
  EXPECT_EQ(file.axes[1].values, (std::vector<std::string>{"20", "25", "30"}));
  EXPECT_EQ(file.axes[2].key, "grid_worker.patrol_hours");
  EXPECT_EQ(file.axes[2].values, (std::vector<std::string>{"0.5", "1.5"}));
}

TEST(sweep_file, values_are_valid_overrides) {
  const SweepFile file = parse_sweep_file(R"(
[parameters]
"platform.file_minutes" = [{ dist = "lognormal", median = 3, p90 = 6 }]
"categories.dispute.handler" = ["street"]
)",
                                          "study.toml");
  std::vector<std::string> overrides{"scenario.days=1"};
  for (const GridAxis& axis : file.axes) overrides.push_back(axis.key + "=" + axis.values[0]);
  EXPECT_NO_THROW(io::load_scenario(baseline_path(), overrides));
}

TEST(sweep_file, errors_name_file_line_and_key) {
  const auto message = [](const std::string& text) {
    try {
      parse_sweep_file(text, "study.toml");
    } catch (const SweepError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message("replications = 3\nreplicatons = 4\n").rfind("study.toml:2: replicatons", 0),
            0u);
  EXPECT_NE(message("[parameters]\n\"a.b\" = 5\n").find("study.toml:2: a.b: expected an array"),
            std::string::npos);
  EXPECT_NE(message("[parameters]\n\"a.b\" = \"1:5:0\"\n").find("study.toml:2: a.b"),
            std::string::npos);
  EXPECT_NE(message("replications = 0\n").find("must be >= 1"), std::string::npos);
  EXPECT_NE(message("set = [\"nokey\"]\n").find("key=value"), std::string::npos);
  EXPECT_NE(message("[parameters\n").find("syntax error"), std::string::npos);
}

}  // namespace
}  // namespace gridplan::experiment
