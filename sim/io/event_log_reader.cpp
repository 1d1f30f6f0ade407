// EventLogReader: CSV lines from a fixed buffer (BOM, CRLF, quoted fields, blank lines), each row
// checked against the scenario; a bad row is reported with its line, column and reason.
#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>

#include "gridplan/io/event_log.hpp"
#include "scenario_schema.hpp"

namespace gridplan::io {

namespace {

// Times beyond this are typos; the bound also bounds the bootstrap's index of days.
constexpr double kMaxYears = 100;

// Longest line kept whole; a longer one is a bad row (and the buffer never grows).
constexpr std::size_t kBufferBytes = std::size_t{1} << 20;

// The columns a log may have.
const std::vector<std::string> kKnownColumns = {"time", "time_s",     "source",  "category",
                                                "grid", "department", "whistle", "dispute_type"};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool blank(std::string_view s) {
  return trim(s).empty();
}

// A value for a message: in double quotes, control bytes escaped, long values cut.
std::string quoted(std::string_view s) {
  constexpr std::size_t kMax = 60;
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size() && i < kMax; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    } else {
      out += static_cast<char>(c);
    }
  }
  if (s.size() > kMax) out += "...";
  return out + "\"";
}

// The shortest decimal that reads back as `x`.
std::string number(double x) {
  char text[32];
  const auto r = std::to_chars(text, text + sizeof text, x);
  return std::string(text, r.ptr);
}

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// Reads exactly `n` digits at s[pos] into `value`.
bool digits(std::string_view s, std::size_t pos, std::size_t n, int& value) {
  if (pos + n > s.size()) return false;
  value = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    value = value * 10 + (s[i] - '0');
  }
  return true;
}

}  // namespace

bool parse_local_time(std::string_view s, kernel::Date start, double& seconds) {
  int y, mo, d, h = 0, mi = 0, sec = 0;
  if (!digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d))
    return false;
  const kernel::Date date{y, mo, d};
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || !(kernel::Date::from_days(date.to_days()) == date))
    return false;
  double fraction = 0;
  if (s.size() > 10) {
    if ((s[10] != 'T' && s[10] != ' ') || !digits(s, 11, 2, h) || s.size() < 16 || s[13] != ':' ||
        !digits(s, 14, 2, mi))
      return false;
    if (s.size() > 16) {
      if (s[16] != ':' || !digits(s, 17, 2, sec)) return false;
      if (s.size() > 19) {
        // Fractional seconds: '.' and at least one digit, nothing else (no time zone).
        if (s[19] != '.' || s.size() == 20) return false;
        for (std::size_t i = 20; i < s.size(); ++i)
          if (s[i] < '0' || s[i] > '9') return false;
        const auto r = std::from_chars(s.data() + 19, s.data() + s.size(), fraction);
        if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return false;
      }
    }
    if (h > 23 || mi > 59 || sec > 59) return false;
  }
  const long days = date.to_days() - start.to_days();
  seconds = static_cast<double>(days) * kernel::kDay + h * kernel::kHour + mi * kernel::kMinute +
            sec + fraction;
  return true;
}

std::string BadRow::message() const {
  return file + ":" + std::to_string(line) + ": " +
         (column.empty() ? "" : "column " + column + ": ") + reason;
}

/// Where each column is in a row (-1: absent).
struct EventLogReader::Columns {
  int time = -1, time_s = -1, source = -1, category = -1, grid = -1, department = -1, whistle = -1,
      dispute_type = -1;
};

EventLogReader::EventLogReader(const std::string& path, const model::Scenario& scenario,
                               double lookahead_s)
    : path_(path),
      scenario_(scenario),
      lookahead_s_(lookahead_s),
      buffer_(kBufferBytes),
      columns_(std::make_unique<Columns>()) {
  for (const auto& s : scenario.streets) grids_ += s.basic_grids;
  file_ = std::fopen(path.c_str(), "rb");
  if (!file_) throw EventLogError(path + ": cannot open: " + std::strerror(errno));
  std::string_view line;
  bool found = false;
  while (read_line(line)) {
    if (line_offset_ == 0 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
    if (!blank(line)) {
      found = true;
      break;
    }
  }
  const std::string at = path + ":" + std::to_string(std::max<std::uint64_t>(line_number_, 1));
  if (!found) throw EventLogError(at + ": empty file: no header row");
  BadRow bad;
  if (!split(line, bad)) throw EventLogError(at + ": header: " + bad.reason);
  Columns& c = *columns_;
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    const std::string name(trim(fields_[i]));
    header_.push_back(name);
    const int k = static_cast<int>(i);
    int* slot = name == "time"           ? &c.time
                : name == "time_s"       ? &c.time_s
                : name == "source"       ? &c.source
                : name == "category"     ? &c.category
                : name == "grid"         ? &c.grid
                : name == "department"   ? &c.department
                : name == "whistle"      ? &c.whistle
                : name == "dispute_type" ? &c.dispute_type
                                         : nullptr;
    const std::string col = at + ": column " + (name.empty() ? std::to_string(i + 1) : name) + ": ";
    if (!slot) {
      const auto near = schema::nearest(name, kKnownColumns);
      throw EventLogError(col + "unknown column" + (near ? " (did you mean " + *near + "?)" : "") +
                          "; the columns are time or time_s, source, category, grid and "
                          "optionally department, whistle and dispute_type");
    }
    if (*slot >= 0) throw EventLogError(col + "appears twice in the header");
    *slot = k;
  }
  if (c.time >= 0 && c.time_s >= 0)
    throw EventLogError(at + ": column time_s: give time or time_s, not both");
  const std::pair<const char*, int> required[] = {{"time", std::max(c.time, c.time_s)},
                                                  {"source", c.source},
                                                  {"category", c.category},
                                                  {"grid", c.grid}};
  for (const auto& [name, index] : required)
    if (index < 0)
      throw EventLogError(at + ": column " + name + ": missing from the header" +
                          (std::string(name) == "time" ? " (time or time_s)" : ""));
  unquoted_.resize(header_.size() + 1);
}

EventLogReader::~EventLogReader() {
  if (file_) std::fclose(file_);
}

bool EventLogReader::fill() {
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    buffer_offset_ += begin_;
    end_ -= begin_;
    begin_ = 0;
  }
  if (eof_ || end_ == buffer_.size()) return false;
  const std::size_t n = std::fread(buffer_.data() + end_, 1, buffer_.size() - end_, file_);
  if (n == 0) {
    if (std::ferror(file_)) throw EventLogError(path_ + ": read error: " + std::strerror(errno));
    eof_ = true;
    return false;
  }
  end_ += n;
  return true;
}

bool EventLogReader::read_line(std::string_view& line) {
  for (;;) {
    const char* start = buffer_.data() + begin_;
    const auto* nl = static_cast<const char*>(std::memchr(start, '\n', end_ - begin_));
    if (skip_rest_) {  // the tail of an over-long line, reported with its head
      if (nl) {
        begin_ += static_cast<std::size_t>(nl - start) + 1;
        skip_rest_ = false;
      } else {
        begin_ = end_;
        if (!fill()) return false;
      }
      continue;
    }
    std::size_t length;
    if (nl) {
      length = static_cast<std::size_t>(nl - start);
      line_offset_ = buffer_offset_ + begin_;
      begin_ += length + 1;
      cut_ = false;
    } else if (fill()) {
      continue;
    } else if (end_ > begin_) {
      // The last line, without a line ending; or, with the buffer full, the head of an
      // over-long line.
      start = buffer_.data() + begin_;
      length = end_ - begin_;
      line_offset_ = buffer_offset_ + begin_;
      begin_ = end_;
      cut_ = skip_rest_ = !eof_;
    } else {
      return false;
    }
    ++line_number_;
    if (length > 0 && start[length - 1] == '\r') --length;
    line = std::string_view(start, length);
    return true;
  }
}

void EventLogReader::seek(std::uint64_t offset, std::uint64_t line) {
  if (std::fseek(file_, static_cast<long>(offset), SEEK_SET) != 0)
    throw EventLogError(path_ + ": cannot seek: " + std::strerror(errno));
  begin_ = end_ = 0;
  buffer_offset_ = offset;
  eof_ = false;
  line_number_ = line - 1;
  last_time_ = -1.0;
  cut_ = skip_rest_ = false;
}

bool EventLogReader::split(std::string_view line, BadRow& bad) {
  fields_.clear();
  // Quoted fields are unescaped into unquoted_, one string per field: size it first, since
  // fields_ may point into those strings.
  if (line.find('"') != std::string_view::npos) {
    const auto commas = static_cast<std::size_t>(std::count(line.begin(), line.end(), ','));
    if (unquoted_.size() <= commas) unquoted_.resize(commas + 1);
  }
  std::size_t i = 0, col = 0;
  const std::size_t n = line.size();
  for (;;) {
    while (i < n && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i < n && line[i] == '"') {
      std::string& text = unquoted_[col];
      text.clear();
      for (++i;; ++i) {
        if (i >= n) {
          bad.reason = "unterminated quote";
          bad.column = col < header_.size() ? header_[col] : std::to_string(col + 1);
          return false;
        }
        if (line[i] == '"') {
          if (i + 1 < n && line[i + 1] == '"') {
            text += '"';
            ++i;
          } else {
            break;
          }
        } else {
          text += line[i];
        }
      }
      ++i;
      while (i < n && (line[i] == ' ' || line[i] == '\t')) ++i;
      if (i < n && line[i] != ',') {
        bad.reason = "text after a closing quote";
        bad.column = col < header_.size() ? header_[col] : std::to_string(col + 1);
        return false;
      }
      fields_.push_back(text);
    } else {
      const std::size_t comma = line.find(',', i);
      const std::size_t stop = comma == std::string_view::npos ? n : comma;
      fields_.push_back(trim(line.substr(i, stop - i)));
      i = stop;
    }
    if (i >= n) return true;
    ++i;  // the comma
    ++col;
  }
}

EventLogReader::Status EventLogReader::bad_row(BadRow& bad, std::string_view line,
                                               std::string column, std::string reason) {
  bad.file = path_;
  bad.line = line_number_;
  bad.column = std::move(column);
  bad.reason = std::move(reason);
  bad.text.assign(line);
  bad.fields.assign(fields_.begin(), fields_.end());
  return Status::kBad;
}

EventLogReader::Status EventLogReader::next(model::RecordedArrival& row, BadRow& bad) {
  std::string_view line;
  do {
    if (!read_line(line)) return Status::kEnd;
  } while (blank(line));
  if (cut_) {
    fields_.clear();
    return bad_row(bad, line, "", "line longer than " + std::to_string(buffer_.size()) + " bytes");
  }
  if (!split(line, bad)) {
    std::string column = std::move(bad.column), reason = std::move(bad.reason);
    fields_.clear();
    return bad_row(bad, line, std::move(column), std::move(reason));
  }
  if (fields_.size() < header_.size())
    return bad_row(bad, line, header_[fields_.size()],
                   "missing: the row has " + std::to_string(fields_.size()) +
                       " fields, the header " + std::to_string(header_.size()));
  if (fields_.size() > header_.size())
    return bad_row(bad, line, "",
                   "the row has " + std::to_string(fields_.size()) + " fields, the header only " +
                       std::to_string(header_.size()));
  return check_row(row, bad) ? Status::kRow : bad_row(bad, line, bad.column, bad.reason);
}

bool EventLogReader::check_dispute_type(std::string_view name, int source, int category, int& type,
                                        BadRow& bad) {
  const model::MediationSpec& m = scenario_.mediation;
  std::vector<std::string> names;
  for (const auto& spec : m.types) names.push_back(spec.name);
  const auto at = std::find(names.begin(), names.end(), name);
  bad.column = "dispute_type";
  if (at == names.end()) {
    const auto near = schema::nearest(name, names);
    bad.reason = "unknown dispute type " + quoted(name) +
                 (near ? " (did you mean " + quoted(*near) + "?)" : "") +
                 (names.empty() ? "; the scenario has no dispute types"
                                : "; the scenario's dispute types: " + join_names(names));
    return false;
  }
  // Only a dispute has a type: a case of the mediation's dispute category, or of a source
  // that goes straight to mediation (walk-ins).
  const model::SourceSpec& s = scenario_.sources[source];
  const std::string& cat = scenario_.categories[category].name;
  if (!s.to_mediation && cat != m.dispute_category) {
    std::string to_mediation;
    for (const auto& spec : scenario_.sources)
      if (spec.to_mediation) to_mediation += (to_mediation.empty() ? "" : ", ") + spec.name;
    bad.reason = "a " + s.name + " case of category " + cat +
                 " is not a dispute (disputes: category " + m.dispute_category +
                 (to_mediation.empty() ? "" : ", or sources " + to_mediation) +
                 "): " + quoted(name);
    return false;
  }
  type = static_cast<int>(at - names.begin());
  return true;
}

bool EventLogReader::check_row(model::RecordedArrival& row, BadRow& bad) {
  const Columns& c = *columns_;
  const auto fail = [&](const std::string& column, std::string reason) {
    bad.column = column;
    bad.reason = std::move(reason);
    return false;
  };
  // Times: seconds since the start, or ISO 8601 local times, as the log's time column is.
  const bool in_seconds = c.time_s >= 0;
  const std::string time_column = in_seconds ? "time_s" : "time";
  const auto parse_time = [&](const std::string& column, std::string_view f, double& t) {
    if (in_seconds) {
      const auto r = std::from_chars(f.data(), f.data() + f.size(), t);
      if (f.empty() || r.ec != std::errc() || r.ptr != f.data() + f.size() || !std::isfinite(t))
        return fail(column, "not a number of seconds: " + quoted(f));
    } else if (!parse_local_time(f, scenario_.start_date, t)) {
      return fail(column,
                  "not an ISO 8601 local time (YYYY-MM-DDTHH:MM:SS, no time zone): " + quoted(f));
    }
    if (t > kMaxYears * 366 * kernel::kDay)
      return fail(column, "more than 100 years after the scenario start: " + quoted(f));
    return true;
  };
  const std::string_view tf = fields_[in_seconds ? c.time_s : c.time];
  double t = 0;
  if (!parse_time(time_column, tf, t)) return false;
  if (t < 0)
    return fail(time_column, "before the scenario start (" + scenario_.start_date.to_string() +
                                 "): " + quoted(tf));
  // Names and the grid.
  std::vector<std::string> names;
  const auto lookup = [&](int column, const std::string& what, const auto& specs, int& out) {
    const std::string_view v = fields_[column];
    for (std::size_t i = 0; i < specs.size(); ++i)
      if (specs[i].name == v) {
        out = static_cast<int>(i);
        return true;
      }
    names.clear();
    for (const auto& s : specs) names.push_back(s.name);
    const auto near = schema::nearest(v, names);
    const std::string plural = what == "category" ? "categories" : what + "s";
    fail(what, "unknown " + what + " " + quoted(v) +
                   (near ? " (did you mean " + quoted(*near) + "?)" : "") + "; the scenario's " +
                   plural + ": " + join_names(names));
    return false;
  };
  int source = 0, category = 0;
  if (!lookup(c.source, "source", scenario_.sources, source)) return false;
  if (!lookup(c.category, "category", scenario_.categories, category)) return false;
  const std::string_view gf = fields_[c.grid];
  long long grid = -1;
  const auto r = std::from_chars(gf.data(), gf.data() + gf.size(), grid);
  if (gf.empty() || r.ec != std::errc() || r.ptr != gf.data() + gf.size())
    return fail("grid", "not a grid id (an integer): " + quoted(gf));
  if (grid < 0 || grid >= grids_)
    return fail("grid", "unknown grid id " + std::to_string(grid) + " (the scenario has grids 0.." +
                            std::to_string(grids_ - 1) + ")");
  int department = model::kCategoryHandler;
  if (c.department >= 0) {
    const std::string_view df = fields_[c.department];
    if (df == "street") {
      department = model::kStreetOffice;
    } else if (!df.empty() &&
               !lookup(c.department, "department", scenario_.departments, department)) {
      bad.reason += ", or street";
      return false;
    }
  }
  // A recorded first whistle: a time in the time column's format, not before the report.
  double whistle = -1;
  if (c.whistle >= 0 && !fields_[c.whistle].empty()) {
    const std::string_view wf = fields_[c.whistle];
    if (!parse_time("whistle", wf, whistle)) return false;
    if (whistle < t)
      return fail("whistle",
                  "earlier than the case's report time (" + quoted(tf) + "): " + quoted(wf));
  }
  int dispute_type = -1;
  if (c.dispute_type >= 0 && !fields_[c.dispute_type].empty() &&
      !check_dispute_type(fields_[c.dispute_type], source, category, dispute_type, bad))
    return false;
  // Order and reach: the platform hands cases on in time order, patrol cases one lookahead
  // ahead.
  if (t < last_time_)
    return fail(time_column, "earlier than the row before (line " + std::to_string(last_line_) +
                                 "): " + quoted(tf));
  if (scenario_.sources[source].found_by_worker && t < lookahead_s_)
    return fail(time_column,
                "a " + scenario_.sources[source].name + " case earlier than the lookahead (" +
                    number(lookahead_s_) +
                    " s after the start) cannot reach its street in time: " + quoted(tf));
  last_time_ = t;
  last_line_ = line_number_;
  row = model::RecordedArrival{t,          source, category, static_cast<int>(grid),
                               department, 1,      whistle,  dispute_type};
  return true;
}

}  // namespace gridplan::io
