// Event log reading (issue 8, docs/event-log.md): good rows, each kind of bad row stopped at or
// set aside with its line, column and reason, and randomly corrupted logs that never crash.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "gridplan/io/event_log.hpp"
#include "gridplan/io/replay_feed.hpp"
#include "gridplan/kernel/random_stream.hpp"

#include "test_support.hpp"

namespace gridplan::testing {
namespace {

namespace fs = std::filesystem;

const model::Scenario& scenario() {
  static const model::Scenario sc = io::load_scenario(baseline_path());
  return sc;
}

double lookahead() {
  return scenario().lookahead_minutes * 60.0;
}

std::string temp_file(const std::string& name, const std::string& bytes) {
  const auto dir = fs::path(::testing::TempDir()) / "gridplan_event_log";
  fs::create_directories(dir);
  const auto path = (dir / name).string();
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Every row of a log read and replayed through a ReplayFeed, in a run of `days` (by default
/// a century: every row the reader accepts).
struct Replayed {
  std::vector<model::RecordedArrival> rows;
  std::uint64_t accepted = 0, rejected = 0;
};
Replayed replay_all(const std::string& path, bool skip, int days = 36600) {
  io::ReplayOptions o;
  o.path = path;
  o.skip_bad_rows = skip;
  model::Scenario sc = scenario();
  sc.days = days;
  const auto log = io::RecordedLog::load(o, sc);
  io::ReplayFeed feed(log, sc, 0, days * 86400.0, lookahead());
  Replayed out;
  model::RecordedArrival a;
  while (feed.next(a)) out.rows.push_back(a);
  out.accepted = feed.rows_accepted();
  out.rejected = feed.rows_rejected();
  io::write_rejected_rows(*log);  // the rejected rows' file appears only now
  return out;
}

/// The message of the EventLogError that reading `bytes` (strictly) throws, or "".
std::string strict_error(const std::string& name, const std::string& bytes) {
  try {
    replay_all(temp_file(name, bytes), false);
  } catch (const io::EventLogError& e) {
    return e.what();
  }
  return "";
}

const std::string kHeader = "time_s,source,category,grid\n";

TEST(event_log, reads_rows_in_seconds) {
  const auto r = replay_all(temp_file("good.csv", kHeader + "100,hotline,heating,5\n"
                                                            "100.25,patrol,city_appearance,989\n"
                                                            "86400,citizen,dispute,0\n"),
                            false);
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.rows[0].time, 100.0);
  EXPECT_EQ(r.rows[1].time, 100.25);
  EXPECT_EQ(scenario().sources[r.rows[1].source].name, "patrol");
  EXPECT_EQ(scenario().categories[r.rows[1].category].name, "city_appearance");
  EXPECT_EQ(r.rows[1].grid, 989);
  EXPECT_EQ(r.rows[2].department, model::kCategoryHandler);
  EXPECT_EQ(r.rows[2].copies, 1);
  EXPECT_EQ(r.accepted, 3u);
}

TEST(event_log, reads_iso_local_times_and_departments) {
  const auto r = replay_all(temp_file("iso.csv",
                                      "grid,category,source,time,department\n"
                                      "7,heating,hotline,2023-01-01T08:30:00,\n"
                                      "7,heating,hotline,2023-01-01 08:30:00.5,street\n"
                                      "7,heating,hotline,2023-01-02T00:00,police\n"),
                            false);
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.rows[0].time, 8.5 * 3600);
  EXPECT_EQ(r.rows[1].time, 8.5 * 3600 + 0.5);
  EXPECT_EQ(r.rows[1].department, model::kStreetOffice);
  EXPECT_EQ(r.rows[2].time, 86400.0);
  EXPECT_EQ(scenario().departments[r.rows[2].department].name, "police");
}

TEST(event_log, parse_local_time_rejects_what_is_not_a_local_time) {
  const kernel::Date start{2023, 1, 1};
  double t = 0;
  EXPECT_TRUE(io::parse_local_time("2024-02-29", start, t));
  EXPECT_EQ(t, 424 * 86400.0);
  for (const char* bad : {"2023-02-29", "2023-13-01", "2023-01-01T24:00:00", "2023-01-01T08:60",
                          "2023-01-01T08:30:00Z", "2023-01-01T08:30:00+08:00", "2023-1-1",
                          "2023-01-01T08:30:00.", "2023-01-01T8:30", "yesterday", ""})
    EXPECT_FALSE(io::parse_local_time(bad, start, t)) << bad;
}

TEST(event_log, bom_crlf_quotes_and_blank_lines_read_like_plain_csv) {
  const auto plain = replay_all(temp_file("plain.csv", kHeader + "100,hotline,heating,5\n"
                                                                 "200,citizen,market,6\n"),
                                false);
  const auto fancy = replay_all(temp_file("fancy.csv",
                                          "\xEF\xBB\xBFtime_s, source ,category,grid\r\n"
                                          "\r\n"
                                          "100,\"hotline\",heating,5\r\n"
                                          "  \n"
                                          "\"200\", \"citizen\" ,\"market\",6"),
                                false);
  ASSERT_EQ(plain.rows.size(), 2u);
  ASSERT_EQ(fancy.rows.size(), 2u);
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(plain.rows[i].time, fancy.rows[i].time);
    EXPECT_EQ(plain.rows[i].source, fancy.rows[i].source);
    EXPECT_EQ(plain.rows[i].category, fancy.rows[i].category);
    EXPECT_EQ(plain.rows[i].grid, fancy.rows[i].grid);
  }
}

TEST(event_log, empty_file_and_bad_headers_stop_even_when_skipping) {
  const auto header_error = [](const std::string& name, const std::string& bytes) {
    try {
      replay_all(temp_file(name, bytes), /*skip=*/true);
    } catch (const io::EventLogError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(header_error("empty.csv", "").find("empty.csv:1: empty file"), std::string::npos);
  EXPECT_NE(header_error("bom_only.csv", "\xEF\xBB\xBF\r\n\n").find("empty file"),
            std::string::npos);
  EXPECT_NE(header_error("no_grid.csv", "time_s,source,category\n1,hotline,heating\n")
                .find("no_grid.csv:1: column grid: missing from the header"),
            std::string::npos);
  EXPECT_NE(header_error("no_time.csv", "source,category,grid\n").find("column time: missing"),
            std::string::npos);
  EXPECT_NE(header_error("typo.csv", "time_s,source,categroy,grid\n")
                .find("column categroy: unknown column (did you mean category?)"),
            std::string::npos);
  EXPECT_NE(header_error("twice.csv", "time_s,source,category,grid,grid\n").find("appears twice"),
            std::string::npos);
  EXPECT_NE(header_error("both.csv", "time,time_s,source,category,grid\n").find("not both"),
            std::string::npos);
  EXPECT_NE(header_error("whistel.csv", "time_s,source,category,grid,whistel\n")
                .find("column whistel: unknown column (did you mean whistle?)"),
            std::string::npos);
  // A header and no rows is a log without cases.
  EXPECT_EQ(replay_all(temp_file("header_only.csv", kHeader), false).rows.size(), 0u);
  EXPECT_THROW(replay_all((fs::path(::testing::TempDir()) / "no_such.csv").string(), true),
               io::EventLogError);
}

struct BadCase {
  const char* name;
  std::string row;       // the third data line (lines 2 and 3 are good)
  std::string expected;  // what the message must hold after "FILE:4: "
};

TEST(event_log, each_bad_row_stops_with_file_line_column_and_reason) {
  const std::string good = kHeader + "100,hotline,heating,5\n200,patrol,heating,6\n";
  const std::vector<BadCase> cases = {
      {"out_of_order", "150,hotline,heating,5",
       "column time_s: earlier than the row before (line 3)"},
      {"unknown_grid", "300,hotline,heating,990",
       "column grid: unknown grid id 990 (the scenario has grids 0..989)"},
      {"negative_grid", "300,hotline,heating,-1", "column grid: unknown grid id -1"},
      {"grid_not_integer", "300,hotline,heating,5.5", "column grid: not a grid id"},
      {"unknown_source", "300,hotlin,heating,5",
       "column source: unknown source \"hotlin\" (did you mean \"hotline\"?)"},
      {"unknown_category", "300,hotline,heatin,5",
       "column category: unknown category \"heatin\" (did you mean \"heating\"?)"},
      {"bad_seconds", "3O0,hotline,heating,5", "column time_s: not a number of seconds: \"3O0\""},
      {"nan_seconds", "nan,hotline,heating,5", "column time_s: not a number of seconds"},
      {"empty_time", ",hotline,heating,5", "column time_s: not a number of seconds: \"\""},
      {"before_start", "-1,hotline,heating,5", "column time_s: before the scenario start"},
      {"short_row", "300,hotline,heating",
       "column grid: missing: the row has 3 fields, the header 4"},
      {"long_row", "300,hotline,heating,5,x", "the row has 5 fields, the header only 4"},
      {"unterminated_quote", "300,\"hotline,heating,5", "column source: unterminated quote"},
      {"text_after_quote", "300,\"hotline\"x,heating,5",
       "column source: text after a closing quote"},
      {"far_future", "1e12,hotline,heating,5",
       "column time_s: more than 100 years after the scenario start"},
  };
  for (const auto& c : cases) {
    const std::string file = std::string(c.name) + ".csv";
    const std::string message = strict_error(file, good + c.row + "\n300,hotline,heating,5\n");
    EXPECT_NE(message.find(file + ":4: " + c.expected), std::string::npos)
        << c.name << ": " << message;
  }
  // ISO times: unparseable; patrol cases before the lookahead cannot reach their street.
  const std::string iso = "time,source,category,grid\n";
  EXPECT_NE(strict_error("bad_iso.csv", iso + "2023-01-01T08:30:00+08:00,hotline,heating,5\n")
                .find("bad_iso.csv:2: column time: not an ISO 8601 local time"),
            std::string::npos);
  EXPECT_NE(strict_error("early_patrol.csv", iso + "2023-01-01T00:00:30,patrol,heating,5\n")
                .find("early_patrol.csv:2: column time: a patrol case earlier than the lookahead"),
            std::string::npos);
  EXPECT_EQ(strict_error("early_hotline.csv", iso + "2023-01-01T00:00:30,hotline,heating,5\n"), "");
  EXPECT_NE(strict_error("bad_department.csv",
                         "time_s,source,category,grid,department\n1,hotline,heating,5,polic\n")
                .find("column department: unknown department \"polic\" (did you mean \"police\"?)"),
            std::string::npos);
}

TEST(event_log, recorded_whistles_and_dispute_types_are_read_in_the_time_columns_format) {
  // A whistle is an absolute time in the log's time format; a dispute type a name of the
  // scenario's, on a dispute (category dispute, or a walk-in).
  const auto r = replay_all(temp_file("recorded.csv",
                                      "time_s,source,category,grid,whistle,dispute_type\n"
                                      "100.25,hotline,heating,5,,\n"
                                      "200,hotline,heating,5,86400.125,\n"
                                      "300,walk_in,dispute,7,,family\n"
                                      "400,hotline,dispute,8,400,labour\n"),
                            false);
  ASSERT_EQ(r.rows.size(), 4u);
  EXPECT_LT(r.rows[0].whistle_time, 0);
  EXPECT_EQ(r.rows[0].dispute_type, -1);
  EXPECT_EQ(r.rows[1].whistle_time, 86400.125);
  const auto type = [](const std::string& name) {
    const auto& types = scenario().mediation.types;
    for (std::size_t i = 0; i < types.size(); ++i)
      if (types[i].name == name) return static_cast<int>(i);
    return -2;
  };
  EXPECT_EQ(r.rows[2].dispute_type, type("family"));
  EXPECT_EQ(r.rows[3].whistle_time, 400.0);
  EXPECT_EQ(r.rows[3].dispute_type, type("labour"));
  const auto iso =
      replay_all(temp_file("recorded_iso.csv",
                           "time,source,category,grid,whistle\n"
                           "2023-01-01T08:00,hotline,heating,5,2023-01-02T09:30:00.5\n"),
                 false);
  ASSERT_EQ(iso.rows.size(), 1u);
  EXPECT_EQ(iso.rows[0].whistle_time, 86400 + 9.5 * 3600 + 0.5);
}

TEST(event_log, bad_whistles_and_dispute_types_are_bad_rows_naming_their_column) {
  const std::string header = "time_s,source,category,grid,whistle,dispute_type\n";
  const std::string good = header + "100,hotline,heating,5,,\n200,walk_in,dispute,6,,family\n";
  const std::vector<BadCase> cases = {
      {"whistle_not_a_number", "300,hotline,heating,5,3O0,",
       "column whistle: not a number of seconds: \"3O0\""},
      {"whistle_nan", "300,hotline,heating,5,nan,", "column whistle: not a number of seconds"},
      {"whistle_before_report", "300,hotline,heating,5,299.5,",
       "column whistle: earlier than the case's report time (\"300\"): \"299.5\""},
      {"whistle_far_future", "300,hotline,heating,5,1e12,",
       "column whistle: more than 100 years after the scenario start"},
      {"unknown_dispute_type", "300,walk_in,dispute,5,,famly",
       "column dispute_type: unknown dispute type \"famly\" (did you mean \"family\"?); the "
       "scenario's dispute types: "},
      {"not_a_dispute", "300,hotline,heating,5,,family",
       "column dispute_type: a hotline case of category heating is not a dispute (disputes: "
       "category dispute, or sources walk_in): \"family\""},
  };
  for (const auto& c : cases) {
    const std::string file = std::string(c.name) + ".csv";
    const std::string message = strict_error(file, good + c.row + "\n300,hotline,heating,5,,\n");
    EXPECT_NE(message.find(file + ":4: " + c.expected), std::string::npos)
        << c.name << ": " << message;
  }
  // In an ISO log the whistle is an ISO time too.
  const std::string iso = "time,source,category,grid,whistle\n";
  EXPECT_NE(strict_error("bad_iso_whistle.csv", iso + "2023-01-01T08:00,hotline,heating,5,300\n")
                .find("bad_iso_whistle.csv:2: column whistle: not an ISO 8601 local time"),
            std::string::npos);
  EXPECT_NE(strict_error("early_iso_whistle.csv",
                         iso + "2023-01-01T08:00,hotline,heating,5,2023-01-01T07:59\n")
                .find("early_iso_whistle.csv:2: column whistle: earlier than the case's report"),
            std::string::npos);
  // Skipped, the row goes to the rejected file with its reason.
  const std::string path = temp_file(
      "skip_whistle.csv", header + "100,hotline,heating,5,99,\n200,hotline,heating,5,,\n");
  const auto r = replay_all(path, true);
  EXPECT_EQ(r.accepted, 1u);
  EXPECT_EQ(r.rejected, 1u);
  const std::string rejected = read_text(io::rejected_path(path));
  EXPECT_NE(rejected.find("100,hotline,heating,5,99,"), std::string::npos) << rejected;
  EXPECT_NE(rejected.find(",2,\"column whistle: earlier than the case's report time"),
            std::string::npos)
      << rejected;
}

TEST(event_log, skipped_bad_rows_go_to_the_rejected_file_with_their_reason) {
  const std::string path =
      temp_file("mixed.csv", kHeader +
                                 "100,hotline,heating,5\n"
                                 "50,hotline,heating,5\n"         // out of order
                                 "200,hotline,\"heat, ing\",5\n"  // unknown category
                                 "300,hotline,heating\n"          // short
                                 "400,hotline,heating,5\n");
  const auto rejected_path = io::rejected_path(path);
  fs::remove(rejected_path);
  const auto r = replay_all(path, true);
  EXPECT_EQ(r.accepted, 2u);
  EXPECT_EQ(r.rejected, 3u);
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[1].time, 400.0);
  EXPECT_EQ(fs::path(rejected_path).filename(), "mixed.rejected.csv");
  const std::string text = read_text(rejected_path);
  EXPECT_EQ(text.substr(0, text.find('\n') + 1), "time_s,source,category,grid,line,reason\n");
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 4);
  EXPECT_NE(text.find("50,hotline,heating,5,3,\"column time_s: earlier than the row before (line "
                      "2): \"\"50\"\"\"\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("200,hotline,\"heat, ing\",5,4,"), std::string::npos) << text;
  EXPECT_NE(text.find("300,hotline,heating,,5,\"column grid: missing"), std::string::npos) << text;
}

TEST(event_log, rows_after_the_horizon_end_the_replay_unread) {
  const auto r = replay_all(temp_file("long.csv", kHeader + "100,hotline,heating,5\n"
                                                            "90000,hotline,heating,5\n"
                                                            "not,a,row\n"),
                            false, /*days=*/1);
  EXPECT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.accepted, 1u);
}

TEST(event_log, written_log_reads_back_to_the_bit) {
  // A feed of awkward times: they must come back as the same doubles.
  struct Feed : model::ArrivalFeed {
    std::vector<model::RecordedArrival> rows;
    std::size_t next_row = 0;
    bool next(model::RecordedArrival& out) override {
      if (next_row == rows.size()) return false;
      out = rows[next_row++];
      return true;
    }
  } feed;
  kernel::RandomStream rng(kernel::RandomKey(5, 0), 1, 0);
  double t = 60;
  for (int i = 0; i < 2000; ++i) {
    t += -std::log(rng.uniform()) * 30.0;
    feed.rows.push_back({i == 1 ? std::nextafter(t, 0.0) : t, i % 6, i % 12, i % 990, -1, 1});
  }
  const auto path = temp_file("written.csv", "");
  ASSERT_EQ(io::write_event_log(path, scenario(), feed), 2000u);
  EXPECT_FALSE(fs::exists(path + ".tmp"));
  const auto r = replay_all(path, false);
  ASSERT_EQ(r.rows.size(), feed.rows.size());
  for (std::size_t i = 0; i < r.rows.size(); ++i) {
    EXPECT_EQ(r.rows[i].time, feed.rows[i].time) << i;  // exact, not near
    EXPECT_EQ(r.rows[i].source, feed.rows[i].source);
    EXPECT_EQ(r.rows[i].category, feed.rows[i].category);
    EXPECT_EQ(r.rows[i].grid, feed.rows[i].grid);
  }
}

// Non-blank lines after the header: what the reader must account for, row by row.
std::uint64_t rows_in(const std::string& bytes) {
  std::uint64_t rows = 0;
  bool header = false;
  std::size_t start = bytes.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  while (start < bytes.size()) {
    std::size_t end = bytes.find('\n', start);
    if (end == std::string::npos) end = bytes.size();
    std::string line = bytes.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();  // one CR of a CRLF ending
    const bool blank_line = line.find_first_not_of(" \t") == std::string::npos;
    if (!blank_line) {
      if (header)
        ++rows;
      else
        header = true;
    }
    start = end + 1;
  }
  return rows;
}

TEST(event_log, corrupted_logs_never_crash_and_every_row_is_accounted_for) {
  // A valid log of 300 rows, then 400 corruptions with a fixed seed: flip a byte, cut a range,
  // duplicate a range (1 to 3 of them each time). Each corrupted log either fails at its header
  // or yields accepted + rejected == the rows it holds, with one rejected-file line per reject.
  std::string valid = "time,source,category,grid,department\n";
  kernel::RandomStream rng(kernel::RandomKey(8, 0), 1, 0);
  const char* sources[] = {"patrol", "hotline", "citizen", "sensor"};
  const char* categories[] = {"heating", "dispute", "market", "street_order"};
  const char* departments[] = {"", "street", "police", "\"housing\""};
  for (int i = 0; i < 300; ++i) {
    char row[160];
    const int minute = 10 + i * 7;
    std::snprintf(row, sizeof row, "2023-01-%02dT%02d:%02d:%02d,%s,%s,%d,%s\n", 1 + minute / 1440,
                  minute / 60 % 24, minute % 60, i % 60, sources[i % 4], categories[i % 3],
                  (i * 37) % 990, departments[i % 4]);
    valid += row;
  }
  ASSERT_EQ(replay_all(temp_file("valid.csv", valid), false).rows.size(), 300u);
  int header_failures = 0;
  std::uint64_t total_rejected = 0;
  for (int trial = 0; trial < 400; ++trial) {
    std::string bytes = valid;
    const int edits = 1 + static_cast<int>(rng.uniform() * 3);
    for (int e = 0; e < edits && !bytes.empty(); ++e) {
      const auto at = static_cast<std::size_t>(rng.uniform() * bytes.size());
      const auto len = std::min<std::size_t>(1 + static_cast<std::size_t>(rng.uniform() * 40),
                                             bytes.size() - at);
      const double kind = rng.uniform();
      if (kind < 0.4)
        bytes[at] = static_cast<char>(static_cast<int>(rng.uniform() * 256));
      else if (kind < 0.7)
        bytes.erase(at, len);
      else
        bytes.insert(at, bytes.substr(at, len));
    }
    const std::string path = temp_file("corrupt.csv", bytes);
    try {
      const auto r = replay_all(path, true);
      EXPECT_EQ(r.accepted + r.rejected, rows_in(bytes)) << "trial " << trial;
      EXPECT_EQ(r.rows.size(), r.accepted);
      total_rejected += r.rejected;
      const std::string rejected = read_text(io::rejected_path(path));
      EXPECT_EQ(static_cast<std::uint64_t>(std::count(rejected.begin(), rejected.end(), '\n')),
                r.rejected + 1)
          << "trial " << trial;
    } catch (const io::EventLogError& e) {
      ++header_failures;  // a corrupted header: the log cannot be read at all
      EXPECT_NE(std::string(e.what()).find("corrupt.csv:"), std::string::npos) << e.what();
    }
  }
  EXPECT_LT(header_failures, 100);
  EXPECT_GT(total_rejected, 400u);  // the corruptions do reach the rows
}

}  // namespace
}  // namespace gridplan::testing
