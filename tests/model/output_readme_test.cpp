// output/README.md must document every table and column a run writes (every KPI declared once):
// a new column without documentation fails here.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "test_support.hpp"

namespace gridplan::testing {
namespace {

TEST(output_readme, documents_every_table_and_column) {
  std::ifstream in(source_path("output/README.md"));
  ASSERT_TRUE(in) << "output/README.md is missing";
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string doc = ss.str();
  // 170 days: the baseline's emergency drill (day 164) and so every table is there.
  auto sc = io::load_scenario(baseline_path(), {"scenario.days=170"});
  const auto out = run(sc, 0, /*trace=*/true);
  for (const auto& t : out.tables) {
    EXPECT_NE(doc.find("### `/" + t.name + "`"), std::string::npos) << "table " << t.name;
    for (const auto& c : t.columns)
      EXPECT_NE(doc.find("| `" + c.name + "` |"), std::string::npos) << t.name << "/" << c.name;
  }
}

}  // namespace
}  // namespace gridplan::testing
