// Tables sent between MPI ranks: encoding and decoding keeps every value bit for bit (NaN,
// negative zero, empty strings and tables), and a damaged encoding is refused.
#include "gridplan/experiment/table_codec.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "test_support.hpp"

namespace gridplan::experiment {
namespace {

std::vector<kernel::Table> sample() {
  kernel::Table a;
  a.name = "timeseries/daily";
  a.description = "per day";
  a.add_i64("run", "", "run id").i64 = {0, -1, std::numeric_limits<std::int64_t>::max()};
  a.add_f64("wait", "hours", "mean wait").f64 = {std::nan(""), -0.0, 1e-300};
  a.add_str("label", "text").str = {"", "x,y", std::string("nul\0byte", 8)};
  kernel::Table empty;
  empty.name = "whistles";
  empty.add_i64("run", "", "run id");
  return {a, empty, kernel::Table{}};
}

TEST(table_codec, round_trip_keeps_every_bit) {
  const auto tables = sample();
  const auto back = decode_tables(encode_tables(tables));
  ASSERT_EQ(back.size(), tables.size());
  for (std::size_t i = 0; i < tables.size(); ++i) {
    EXPECT_EQ(back[i].name, tables[i].name);
    EXPECT_EQ(back[i].description, tables[i].description);
    EXPECT_TRUE(testing::identical(back[i], tables[i])) << tables[i].name;
    for (std::size_t c = 0; c < tables[i].columns.size(); ++c) {
      EXPECT_EQ(back[i].columns[c].unit, tables[i].columns[c].unit);
      EXPECT_EQ(back[i].columns[c].description, tables[i].columns[c].description);
      EXPECT_EQ(back[i].columns[c].type, tables[i].columns[c].type);
    }
  }
  EXPECT_TRUE(std::signbit(back[0].column("wait").f64[1]));
}

TEST(table_codec, damaged_bytes_are_refused) {
  const std::string bytes = encode_tables(sample());
  EXPECT_THROW(decode_tables(bytes.substr(0, bytes.size() - 1)), TableCodecError);
  EXPECT_THROW(decode_tables(bytes + "x"), TableCodecError);
  EXPECT_THROW(decode_tables("not tables"), TableCodecError);
  EXPECT_THROW(decode_tables(""), TableCodecError);
  std::string huge = bytes;
  huge[8] = '\x7f';  // the table count, far beyond the data
  EXPECT_THROW(decode_tables(huge), TableCodecError);
}

}  // namespace
}  // namespace gridplan::experiment
