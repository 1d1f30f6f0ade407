// Hostile replay logs (issue 12, item 2): one good log from `gridplan export-events
// scenarios/hongqiao-2023.toml --days 1`, then 100 corrupted copies from a fixed seed (NaN,
// negative and unsorted times, unknown sources and categories, grid ids out of range or huge,
// extra and missing fields and columns, NUL bytes, a BOM in the middle, a 10 MB line, broken
// quotes, bad headers, garbage, flips, truncations) and well-formed variants the format accepts
// (CRLF mix, BOM, blank lines, quotes, blanks, column order, rows after the horizon). Each runs
// `run SCENARIO --days 1 --replay LOG --out out.h5` (with --skip-bad-rows on every other round)
// and the contract of hostile_support.hpp is checked: exit 0 only for a log that is fine (or,
// with --skip-bad-rows, whose bad rows went to LOG.rejected.csv), exit 2 naming LOG:LINE of the
// first bad row otherwise, the inputs unchanged, nothing else left.
#include <sys/stat.h>

#include <cmath>
#include <random>

#include "hostile/hostile_support.hpp"

namespace {

using namespace gridplan::hostile;

constexpr std::uint64_t kSeed = 0x7e91a9'0001'2023ULL;
constexpr int kCases = 100;
constexpr double kTimeout = 60;  // a 1-day replay takes 0.1 s (0.4 s under ASan)

std::uint64_t case_seed(int index) {
  return kSeed + static_cast<std::uint64_t>(index) * 0x9E3779B97F4A7C15ULL;
}

/// What the program must make of a log.
enum class Verdict {
  kValid,    ///< fine: exit 0
  kRowBad,   ///< one bad row at `bad_line`: exit 2 naming LOG:LINE (or, with --skip-bad-rows,
             ///< exit 0 with the row in LOG.rejected.csv)
  kFileBad,  ///< the file as a whole is bad: exit 2 whatever the options
  kUnknown,  ///< may or may not be fine: exit 0 or 2
};

const char* verdict_name(Verdict v) {
  switch (v) {
    case Verdict::kValid:
      return "fine (exit 0)";
    case Verdict::kRowBad:
      return "one bad row (exit 2 naming it; with --skip-bad-rows exit 0 setting it aside)";
    case Verdict::kFileBad:
      return "bad as a whole (exit 2)";
    default:
      return "either (exit 0 or 2)";
  }
}

struct LogMutant {
  std::string kind;
  std::string bytes;  ///< the log's content (unless special)
  Verdict verdict = Verdict::kUnknown;
  int bad_line = 0;  ///< kRowBad: the line of the bad row; kFileBad: 1 for the header
  std::string log_arg = "log.csv";
  enum class Special { kNone, kDirectory, kFifo, kDevNull, kDevZero, kSymlinkToScenario };
  Special special = Special::kNone;
  bool heavy = false;  ///< a 10 MB input: only in the first two rounds
};

/// The good log as a header and rows (without line ends).
struct GoodLog {
  std::string header;
  std::vector<std::string> rows;
};

std::vector<std::string> split_fields(const std::string& row) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = row.find(',', start);
    fields.push_back(row.substr(start, comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return fields;
}

std::string join_fields(const std::vector<std::string>& fields) {
  return join(fields, ",");
}

std::string assemble(const std::string& header, const std::vector<std::string>& rows,
                     const std::string& eol = "\n") {
  std::string text = header + eol;
  for (const std::string& r : rows) text += r + eol;
  return text;
}

constexpr int kKinds = 49;

LogMutant make_mutant(int index, const GoodLog& good) {
  std::mt19937_64 rng(case_seed(index));
  const auto pick = [&rng](std::size_t n) {
    return static_cast<std::size_t>(std::uniform_int_distribution<std::size_t>(0, n - 1)(rng));
  };
  std::vector<std::string> rows = good.rows;
  std::string header = good.header;
  const std::size_t r = pick(rows.size());  // the row to spoil (line r + 2)
  const int line = static_cast<int>(r) + 2;
  LogMutant m;
  // A kind per index for the first two rounds; then random light kinds.
  std::size_t kind = static_cast<std::size_t>(index) % kKinds;
  if (index >= 2 * kKinds) kind = pick(kKinds);
  if (kind == 12 && index >= 2 * kKinds) kind = 11;
  const auto row_bad = [&](const std::string& what, const std::string& new_row) {
    rows[r] = new_row;
    m.kind = what + " (line " + std::to_string(line) + ")";
    m.bytes = assemble(header, rows);
    m.verdict = Verdict::kRowBad;
    m.bad_line = line;
  };
  const auto set_field = [&](std::size_t f, const std::string& value) {
    std::vector<std::string> fields = split_fields(rows[r]);
    fields[f] = value;
    return join_fields(fields);
  };
  const auto file_bad = [&](const std::string& what, const std::string& bytes, int bad_line) {
    m.kind = what;
    m.bytes = bytes;
    m.verdict = Verdict::kFileBad;
    m.bad_line = bad_line;
  };
  const auto valid = [&](const std::string& what, const std::string& bytes) {
    m.kind = what;
    m.bytes = bytes;
    m.verdict = Verdict::kValid;
  };
  switch (kind) {
    case 0:
      row_bad("time_s nan", set_field(0, pick(2) ? "nan" : "NaN"));
      break;
    case 1:
      row_bad("time_s -inf", set_field(0, "-inf"));
      break;
    case 2:
      row_bad("negative time_s", set_field(0, "-" + std::to_string(1 + pick(1000000))));
      break;
    case 3: {  // earlier than the row before
      std::size_t k = r == 0 ? 1 : r;
      const double before = std::stod(split_fields(rows[k - 1])[0]);
      std::vector<std::string> fields = split_fields(rows[k]);
      char text[64];
      std::snprintf(text, sizeof text, "%.6f", before / 2);
      fields[0] = text;
      rows[k] = join_fields(fields);
      m.kind = "unsorted: time_s half the row before's (line " + std::to_string(k + 2) + ")";
      m.bytes = assemble(header, rows);
      m.verdict = Verdict::kRowBad;
      m.bad_line = static_cast<int>(k) + 2;
      break;
    }
    case 4: {
      static const char* const names[] = {"hotlin", "HOTLINE", "no_such_source", "patrol2"};
      row_bad("unknown source", set_field(1, names[pick(std::size(names))]));
      break;
    }
    case 5: {
      static const char* const names[] = {"heatingx", "Heating", "no_such_category", ""};
      row_bad("unknown category", set_field(2, names[pick(std::size(names))]));
      break;
    }
    case 6: {
      static const char* const grids[] = {"990", "1000000", "-1", "1.5", "0x10", "", "4294967296"};
      row_bad("grid id out of range or malformed", set_field(3, grids[pick(std::size(grids))]));
      break;
    }
    case 7: {
      static const char* const grids[] = {"1e300", "99999999999999999999999", "9223372036854775808",
                                          "-9223372036854775808"};
      row_bad("huge grid id", set_field(3, grids[pick(std::size(grids))]));
      break;
    }
    case 8:
      row_bad("an extra field in a row", rows[r] + ",extra");
      break;
    case 9:
      row_bad("a missing field in a row", rows[r].substr(0, rows[r].rfind(',')));
      break;
    case 10: {
      std::string row = rows[r];
      row.insert(pick(row.size() + 1), 1, '\0');
      row_bad("a NUL byte in a row", row);
      break;
    }
    case 11: {
      std::string row = rows[r];
      row.insert(pick(row.size() + 1), "\xEF\xBB\xBF");
      row_bad("a byte-order mark in the middle of a row", row);
      break;
    }
    case 12: {  // a 10 MB line inserted as a row
      rows.insert(rows.begin() + static_cast<long>(r), std::string(10 << 20, '7'));
      m.kind = "a 10 MB line inserted (line " + std::to_string(line) + ")";
      m.bytes = assemble(header, rows);
      m.verdict = Verdict::kRowBad;
      m.bad_line = line;
      m.heavy = true;
      break;
    }
    case 13:
      row_bad("an unterminated quote", "\"" + rows[r]);
      break;
    case 14: {
      rows[0] = "30,patrol,city_appearance,5";
      m.kind = "a patrol case 30 s after the start, within the lookahead (line 2)";
      m.bytes = assemble(header, rows);
      m.verdict = Verdict::kRowBad;
      m.bad_line = 2;
      break;
    }
    case 15: {  // a department column, empty, with one unknown department
      header += ",department";
      for (std::string& row : rows) row += ",";
      row_bad("an unknown department", rows[r] + "nobody");
      break;
    }
    case 16: {
      static const char* const times[] = {"2023-01-01T08:00", "12:00", "1,5", "0x10", "1e", ""};
      const std::string t = times[pick(std::size(times))];
      row_bad("time_s not a number: \"" + t + "\"", set_field(0, t));
      break;
    }
    case 17: {
      std::string row = rows[r];
      row.insert(row.find(',') + 1, "\"hot\"line");
      row_bad("text after a closing quote", row);
      break;
    }
    case 18:
      file_bad("an empty file", "", 0);
      break;
    case 19:
      file_bad("nothing but a BOM and blank lines", "\xEF\xBB\xBF\n  \n\r\n\n", 0);
      break;
    case 20: {
      header = header.substr(0, header.rfind(','));
      file_bad("the header lacks the grid column", assemble(header, rows), 1);
      break;
    }
    case 21:
      file_bad("an unknown column in the header", assemble(header + ",extra", rows), 1);
      break;
    case 22:
      file_bad("a repeated column in the header", assemble(header + ",grid", rows), 1);
      break;
    case 23:
      file_bad("both time and time_s in the header", assemble(header + ",time", rows), 1);
      break;
    case 24: {
      header.insert(1 + pick(header.size() - 1), "\xEF\xBB\xBF");
      file_bad("a BOM in the middle of the header", assemble(header, rows), 1);
      break;
    }
    case 25: {
      header.insert(1 + pick(header.size() - 1), 1, '\0');
      file_bad("a NUL byte in the header", assemble(header, rows), 1);
      break;
    }
    case 26: {
      header = header.substr(0, 1 + pick(header.size() - 2));
      file_bad("the header cut short: \"" + header + "\"", assemble(header, rows), 1);
      break;
    }
    case 27: {
      std::string bytes(1 + pick(4096), '\0');
      for (char& c : bytes) c = static_cast<char>(pick(256));
      bytes[0] = '\xff';
      file_bad("binary garbage", bytes, 1);
      break;
    }
    case 28: {  // a whistle column, empty but in one row, whose whistle precedes its report
      for (std::string& row : rows) row += ",";
      header += ",whistle";
      row_bad("a whistle before the report", rows[r] + "-1");
      break;
    }
    case 29:
      m.kind = "the log path is a directory";
      m.special = LogMutant::Special::kDirectory;
      m.verdict = Verdict::kFileBad;
      break;
    case 30:
      m.kind = "the log path is a FIFO (no writer: opening it blocks)";
      m.special = LogMutant::Special::kFifo;
      m.verdict = Verdict::kFileBad;
      break;
    case 31:
      m.kind = "the log is /dev/null";
      m.special = LogMutant::Special::kDevNull;
      m.log_arg = "/dev/null";
      m.verdict = Verdict::kFileBad;
      break;
    case 32:
      m.kind = "the log is /dev/zero (endless NUL bytes)";
      m.special = LogMutant::Special::kDevZero;
      m.log_arg = "/dev/zero";
      m.verdict = Verdict::kFileBad;
      break;
    case 33:
      m.kind = "the log is a symlink to the scenario (TOML, not CSV)";
      m.special = LogMutant::Special::kSymlinkToScenario;
      m.verdict = Verdict::kFileBad;
      m.bad_line = 1;
      break;
    case 34: {
      std::string text = header + (pick(2) ? "\r\n" : "\n");
      for (const std::string& row : rows) text += row + (pick(2) ? "\r\n" : "\n");
      valid("CRLF and LF line ends mixed", text);
      break;
    }
    case 35:
      valid("a leading byte-order mark", "\xEF\xBB\xBF" + assemble(header, rows));
      break;
    case 36: {
      std::string text = header + "\n";
      for (const std::string& row : rows) text += row + (pick(20) == 0 ? "\n\n  \n" : "\n");
      valid("blank lines among the rows", text + "\n\n");
      break;
    }
    case 37: {
      for (std::string& row : rows)
        if (pick(3) == 0) {
          std::vector<std::string> fields = split_fields(row);
          for (std::string& f : fields) f = "\"" + f + "\"";
          row = join_fields(fields);
        }
      valid("quoted fields", assemble(header, rows));
      break;
    }
    case 38: {
      for (std::string& row : rows) {
        std::vector<std::string> fields = split_fields(row);
        for (std::string& f : fields) f = " " + f + (pick(2) ? "\t" : " ");
        row = join_fields(fields);
      }
      valid("blanks around every field", assemble(" time_s , source ,category, grid ", rows));
      break;
    }
    case 39: {
      for (std::string& row : rows) {
        const std::vector<std::string> f = split_fields(row);
        row = f[3] + "," + f[2] + "," + f[1] + "," + f[0];
      }
      valid("the columns in reverse order", assemble("grid,category,source,time_s", rows));
      break;
    }
    case 40: {
      for (std::string& row : rows) row += pick(4) == 0 ? ",street" : ",";
      valid("a department column, empty or street", assemble(header + ",department", rows));
      break;
    }
    case 41: {
      std::string text = assemble(header, rows);
      text.pop_back();
      valid("no newline after the last row", text);
      break;
    }
    case 42: {
      rows.insert(rows.begin() + static_cast<long>(r), rows[r]);
      valid("a row repeated (same time)", assemble(header, rows));
      break;
    }
    case 43: {
      static const char garbage[] = "garbage\0\xff,,,\n-5,x,y,z\n";
      valid("rows after the horizon, then garbage (never read)",
            assemble(header, rows) + "90000,hotline,heating,5\n" +
                std::string(garbage, sizeof garbage - 1));
      break;
    }
    case 44: {  // the time column as ISO local times (floored to the millisecond)
      for (std::string& row : rows) {
        std::vector<std::string> fields = split_fields(row);
        const long long ms = static_cast<long long>(std::floor(std::stod(fields[0]) * 1000));
        char text[64];
        std::snprintf(text, sizeof text, "2023-01-01T%02lld:%02lld:%02lld.%03lld", ms / 3600000,
                      ms / 60000 % 60, ms / 1000 % 60, ms % 1000);
        fields[0] = text;
        row = join_fields(fields);
      }
      valid("ISO local times in a time column", assemble("time,source,category,grid", rows));
      break;
    }
    case 45: {
      std::string text = assemble(header, rows);
      const std::size_t flips = 1 + pick(4);
      for (std::size_t i = 0; i < flips; ++i) {
        const std::size_t at = header.size() + 1 + pick(text.size() - header.size() - 1);
        text[at] = static_cast<char>(text[at] ^ static_cast<char>(1 << pick(8)));
      }
      m.kind = std::to_string(flips) + " bit flips in the rows";
      m.bytes = text;
      m.verdict = Verdict::kUnknown;
      break;
    }
    case 46: {
      const std::string text = assemble(header, rows);
      const std::size_t at = header.size() + 1 + pick(text.size() - header.size() - 1);
      m.kind = "truncated at byte " + std::to_string(at) + " of " + std::to_string(text.size());
      m.bytes = text.substr(0, at);
      m.verdict = Verdict::kUnknown;
      break;
    }
    case 47: {
      // Over 100 years after the start is a bad row, but it is also after the horizon, where
      // the replay may stop reading: either is accepted.
      static const char* const times[] = {"1e300", "inf", "4e9", "9223372036854775808"};
      rows[r] = set_field(0, times[pick(std::size(times))]);
      m.kind = "a time far past the horizon: " + split_fields(rows[r])[0] + " (line " +
               std::to_string(line) + ")";
      m.bytes = assemble(header, rows);
      m.verdict = Verdict::kUnknown;
      break;
    }
    default: {  // a row duplicated with its fields shuffled among columns
      std::vector<std::string> fields = split_fields(rows[r]);
      std::swap(fields[1], fields[2]);
      row_bad("source and category swapped", join_fields(fields));
      break;
    }
  }
  return m;
}

class ReplayLogMutants : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    shared_ = new SharedFiles("replay_shared");
    fs::copy_file(baseline_scenario(), shared_->path("scenario.toml"));
    shared_->gridplan(
        {"export-events", "scenario.toml", "--days", "1", "--out", "log.csv", "--quiet"});
    const std::vector<std::string> lines = split_lines(read_file(shared_->path("log.csv")));
    good_ = new GoodLog{lines.at(0), {lines.begin() + 1, lines.end()}};
  }
  static void TearDownTestSuite() {
    delete shared_;
    delete good_;
    shared_ = nullptr;
    good_ = nullptr;
  }

  void run_cases(const std::string& name, int from, int to) {
    ASSERT_NE(good_, nullptr);
    ASSERT_GT(good_->rows.size(), 100u) << "the exported log is too short";
    ASSERT_EQ(good_->header, "time_s,source,category,grid");
    Workspace ws(name);
    for (int i = from; i < to; ++i) run_case(ws, i, make_mutant(i, *good_));
  }

  void run_case(Workspace& ws, int index, const LogMutant& m) {
    // Every other round with --skip-bad-rows; in the last, partial round, every other case.
    const bool skip = index < 2 * kKinds ? (index / kKinds) % 2 == 1 : index % 2 == 1;
    char name[32];
    std::snprintf(name, sizeof name, "case%03d", index);
    Case c(ws, name);
    c.copy_input("scenario.toml", shared_->path("scenario.toml"));
    switch (m.special) {
      case LogMutant::Special::kNone:
        c.input("log.csv", m.bytes);
        break;
      case LogMutant::Special::kDirectory:
        fs::create_directory(c.path("log.csv"));
        c.guard("log.csv");
        break;
      case LogMutant::Special::kFifo:
        ASSERT_EQ(mkfifo(c.path("log.csv").c_str(), 0644), 0);
        c.guard("log.csv");
        break;
      case LogMutant::Special::kDevNull:
      case LogMutant::Special::kDevZero:
        c.guard(m.log_arg);
        break;
      case LogMutant::Special::kSymlinkToScenario:
        fs::create_symlink("scenario.toml", c.path("log.csv"));
        c.guard("log.csv");
        break;
    }
    std::vector<std::string> args{"run",     "scenario.toml", "--days", "1",      "--replay",
                                  m.log_arg, "--out",         "out.h5", "--quiet"};
    if (skip) args.push_back("--skip-bad-rows");
    const std::string rejected =
        m.log_arg == "log.csv" ? "log.rejected.csv" : std::string("(none)");

    std::set<int> codes;
    switch (m.verdict) {
      case Verdict::kValid:
        codes = {0};
        break;
      case Verdict::kRowBad:
        codes = skip ? std::set<int>{0, 2} : std::set<int>{2};
        break;
      case Verdict::kFileBad:
        codes = {2};
        break;
      case Verdict::kUnknown:
        codes = {0, 2};
        break;
    }
    const Outcome o = c.run(args, kTimeout);
    const bool ok = o.exited() && o.exit_code == 0;
    std::set<std::string> outputs;
    if (ok) outputs = {"out.h5", rejected};
    std::vector<std::string> found = c.problems(o, codes, outputs);

    if (ok) {
      const std::string bad = c.result_file_problem("out.h5");
      if (!bad.empty()) found.push_back(bad);
      const Entry rej = inspect(c.path(rejected));
      if (skip && m.verdict == Verdict::kRowBad) {
        const std::string text = read_file(c.path(rejected));
        if (rej.kind != 'f')
          found.push_back("exit 0 with --skip-bad-rows on a log with a bad row, but " + rejected +
                          " is " + rej.describe());
        else if (split_lines(text).size() < 2 ||
                 text.find("," + std::to_string(m.bad_line) + ",") == std::string::npos)
          found.push_back("exit 0 with --skip-bad-rows, but " + rejected +
                          " does not list the bad row of line " + std::to_string(m.bad_line) +
                          "; it starts " + printable(text, 200));
      } else if (skip && m.verdict == Verdict::kValid && rej.kind == 'f' &&
                 split_lines(read_file(c.path(rejected))).size() > 1) {
        found.push_back("a fine log, but " + rejected +
                        " lists rejected rows: " + printable(read_file(c.path(rejected)), 200));
      } else if (!skip && rej.kind != '-') {
        found.push_back(rejected + " was written without --skip-bad-rows");
      }
    }
    if (o.exited() && o.exit_code == 2) {
      const std::string named = m.log_arg;
      if (o.err.find(named) == std::string::npos)
        found.push_back("the message does not name the log " + named);
      if (m.bad_line > 0 && m.verdict != Verdict::kUnknown) {
        const std::string where = named + ":" + std::to_string(m.bad_line) + ":";
        if (o.err.find(where) == std::string::npos)
          found.push_back("the message does not name the bad line: expected \"" + where + "\"");
      }
    }
    if (verbose())
      std::cerr << "[hostile] replay case " << index << (skip ? " skip" : "") << ": " << m.kind
                << " -> " << o.status() << " " << printable(first_line(o.err), 120) << "\n";
    if (found.empty()) {
      c.discard();
      return;
    }
    std::ostringstream text;
    text << "case " << index << " of " << kCases << " (seed 0x" << std::hex << case_seed(index)
         << std::dec << "): " << m.kind << (skip ? ", with --skip-bad-rows" : "")
         << "\n  expected: " << verdict_name(m.verdict) << "\n  mutated log: " << m.log_arg;
    if (m.special == LogMutant::Special::kNone) {
      text << ", starts with " << printable(m.bytes, 60);
      if (m.bad_line > 1) {
        const auto lines = split_lines(m.bytes);
        if (m.bad_line <= static_cast<int>(lines.size()))
          text << "\n  line " << m.bad_line << ": "
               << printable(lines[static_cast<std::size_t>(m.bad_line - 1)], 120);
      }
    }
    ADD_FAILURE() << text.str() << "\n  " << o.describe() << bullet_list(found);
  }

  static SharedFiles* shared_;
  static GoodLog* good_;
};

SharedFiles* ReplayLogMutants::shared_ = nullptr;
GoodLog* ReplayLogMutants::good_ = nullptr;

// Control: the good log itself replays with exit 0, with and without --skip-bad-rows.
TEST_F(ReplayLogMutants, good_log_control) {
  Workspace ws("replay_control");
  LogMutant m;
  m.kind = "control: the exported log unchanged";
  m.bytes = read_file(shared_->path("log.csv"));
  m.verdict = Verdict::kValid;
  run_case(ws, 0, m);       // index 0: without --skip-bad-rows
  run_case(ws, kKinds, m);  // index kKinds: with it
}

TEST_F(ReplayLogMutants, without_skip_bad_rows) {
  run_cases("replay_noskip", 0, kKinds);
}

TEST_F(ReplayLogMutants, with_skip_bad_rows) {
  run_cases("replay_skip", kKinds, 2 * kKinds);
}

TEST_F(ReplayLogMutants, mixed) {
  run_cases("replay_mixed", 2 * kKinds, kCases);
}

}  // namespace
