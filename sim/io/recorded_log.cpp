// RecordedLog: an event log read once, row by row through EventLogReader, into packed rows with
// an index of days; its bad rows kept as the rejected file's text; its bytes hashed.
#include "gridplan/io/recorded_log.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <future>
#include <limits>
#include <stdexcept>

#include "gridplan/io/event_log.hpp"
#include "gridplan/io/hdf5_writer.hpp"
#include "gridplan/io/output_file.hpp"
#include "gridplan/kernel/sha256.hpp"

namespace gridplan::io {

namespace {

// More copies of one row than this is a typo, not a what-if.
constexpr double kMaxFactor = 1000;

std::string shortest(double x) {
  char text[32];
  const auto r = std::to_chars(text, text + sizeof text, x);
  return std::string(text, r.ptr);
}

/// The log's size and SHA-256, read in a pass of its own (beside the parse, on another core).
LogIdentity identify(const std::string& path) {
  LogIdentity id;
  id.path = path;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) throw EventLogError(path + ": cannot be read again to hash it");
  kernel::Sha256 hash;
  std::vector<char> buffer(std::size_t{1} << 20);
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), f)) > 0) {
    hash.update(buffer.data(), n);
    id.bytes += n;
  }
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) throw EventLogError(path + ": read error while hashing it");
  id.sha256 = hash.hex_digest();
  return id;
}

/// A rejected row: in the header's columns where it split into no more fields than the header
/// has, otherwise its whole text in the first column; then its line and the reason.
std::string rejected_line(const BadRow& bad, std::size_t columns) {
  std::string row;
  if (!bad.fields.empty() && bad.fields.size() <= columns) {
    for (std::size_t i = 0; i < columns; ++i)
      row += (i < bad.fields.size() ? csv_quote(bad.fields[i]) : "") + ",";
  } else {
    row = csv_quote(bad.text) + "," + std::string(columns - 1, ',');
  }
  const std::string reason = (bad.column.empty() ? "" : "column " + bad.column + ": ") + bad.reason;
  return row + std::to_string(bad.line) + ',' + csv_quote(reason) + '\n';
}

template <typename Narrow>
void require_fits(std::size_t count, const char* what) {
  if (count > static_cast<std::size_t>(std::numeric_limits<Narrow>::max()))
    throw std::invalid_argument(std::string("replay: the scenario has too many ") + what +
                                " to replay a log (" + std::to_string(count) + ")");
}

}  // namespace

std::string ReplayOptions::describe() const {
  std::string text;
  if (scale != 1.0) text += " --replay-scale " + shortest(scale);
  if (surge)
    text += " --replay-surge " + shortest(surge_from_s) + "," + shortest(surge_to_s) + "," +
            shortest(surge_factor);
  if (bootstrap) text += " --replay-bootstrap";
  if (skip_bad_rows) text += " --skip-bad-rows";
  return text.empty() ? text : text.substr(1);
}

std::string rejected_path(const std::string& log_path) {
  const std::string ext = ".csv";
  const bool csv = log_path.size() > ext.size() &&
                   log_path.compare(log_path.size() - ext.size(), ext.size(), ext) == 0;
  return (csv ? log_path.substr(0, log_path.size() - ext.size()) : log_path) + ".rejected.csv";
}

std::shared_ptr<const RecordedLog> RecordedLog::load(const ReplayOptions& options,
                                                     const model::Scenario& scenario) {
  const auto factor_ok = [](double f) { return std::isfinite(f) && f >= 0 && f <= kMaxFactor; };
  if (!factor_ok(options.scale) ||
      (options.surge &&
       (!factor_ok(options.surge_factor) || options.scale * options.surge_factor > kMaxFactor)))
    throw std::invalid_argument("replay: scale and surge factors must be in [0, 1000]");
  if (options.surge && !(options.surge_from_s < options.surge_to_s))
    throw std::invalid_argument("replay: the surge must end after it starts");
  require_fits<std::uint8_t>(scenario.sources.size(), "sources");
  require_fits<std::int16_t>(scenario.categories.size(), "categories");
  require_fits<std::int16_t>(scenario.departments.size(), "departments");
  require_fits<std::int8_t>(scenario.mediation.types.size(), "dispute types");
  if (options.skip_bad_rows) {
    InputFiles log;
    log.add(options.path);
    check_output_path(rejected_path(options.path), log, "--skip-bad-rows");
  }

  std::shared_ptr<RecordedLog> log(new RecordedLog);
  log->options_ = options;
  // Hashing a year's log takes longer than parsing it: the two run side by side.
  std::future<LogIdentity> identity = std::async(std::launch::async, identify, options.path);
  // The model's least message delay (RunConfig::latency), which patrol cases must wait.
  const double lookahead_s = scenario.lookahead_minutes * kernel::kMinute;
  EventLogReader reader(options.path, scenario, lookahead_s);
  const std::size_t columns = reader.header().size();
  if (options.skip_bad_rows) {
    for (const auto& h : reader.header()) log->rejected_csv_ += csv_quote(h) + ",";
    log->rejected_csv_ += "line,reason\n";
  }
  // Without the bootstrap the first row after the horizon ends the reading: the rest of the
  // log is neither checked nor counted (a 3-year log replayed over one year reads one).
  const double horizon_s = scenario.days * kernel::kDay;
  model::RecordedArrival row;
  BadRow bad;
  for (;;) {
    const auto status = reader.next(row, bad);
    if (status == EventLogReader::Status::kEnd) break;
    if (status == EventLogReader::Status::kBad) {
      if (!options.skip_bad_rows) throw EventLogError(bad.message());
      ++log->rejected_;
      log->rejected_csv_ += rejected_line(bad, columns);
      continue;
    }
    if (!options.bootstrap && row.time > horizon_s) break;
    Row packed;
    packed.time = row.time;
    packed.whistle_time = row.whistle_time;
    packed.grid = static_cast<std::uint32_t>(row.grid);
    packed.category = static_cast<std::int16_t>(row.category);
    packed.department = static_cast<std::int16_t>(row.department);
    packed.source = static_cast<std::uint8_t>(row.source);
    packed.dispute_type = static_cast<std::int8_t>(row.dispute_type);
    // Rows come in time order, so days do too: open every day up to this row's.
    const int day = kernel::Calendar::day_of(row.time);
    if (log->rows_ == 0) log->first_day_ = day;
    const auto k = static_cast<std::size_t>(day - log->first_day_);
    while (log->day_begin_.size() <= k) log->day_begin_.push_back(log->rows_);
    log->append(packed);
  }
  if (!log->day_begin_.empty()) log->day_begin_.push_back(log->rows_);
  if (options.bootstrap && log->rows_ == 0)
    throw EventLogError(options.path + ": no rows to resample (--replay-bootstrap)");
  log->identity_ = identity.get();
  return log;
}

bool RecordedLog::same_reading(const model::Scenario& a, const model::Scenario& b) {
  const auto same_names = [](const auto& x, const auto& y) {
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i)
      if (x[i].name != y[i].name) return false;
    return true;
  };
  if (!(a.start_date == b.start_date) || a.days != b.days ||
      a.lookahead_minutes != b.lookahead_minutes || !same_names(a.sources, b.sources) ||
      !same_names(a.categories, b.categories) || !same_names(a.departments, b.departments) ||
      !same_names(a.mediation.types, b.mediation.types) ||
      a.mediation.dispute_category != b.mediation.dispute_category)
    return false;
  for (std::size_t i = 0; i < a.sources.size(); ++i)
    if (a.sources[i].found_by_worker != b.sources[i].found_by_worker ||
        a.sources[i].to_mediation != b.sources[i].to_mediation)
      return false;
  const auto grids = [](const model::Scenario& s) {
    int n = 0;
    for (const auto& street : s.streets) n += street.basic_grids;
    return n;
  };
  return grids(a) == grids(b);
}

void RecordedLog::append(const Row& row) {
  const std::size_t at = rows_ & ((std::size_t{1} << kBlockBits) - 1);
  if (at == 0) blocks_.push_back(std::make_unique<Row[]>(std::size_t{1} << kBlockBits));
  blocks_.back()[at] = row;
  ++rows_;
}

model::RecordedArrival RecordedLog::row(std::size_t i) const {
  const Row& r = blocks_[i >> kBlockBits][i & ((std::size_t{1} << kBlockBits) - 1)];
  model::RecordedArrival out;
  out.time = r.time;
  out.whistle_time = r.whistle_time;
  out.grid = static_cast<int>(r.grid);
  out.category = r.category;
  out.department = r.department;
  out.source = r.source;
  out.dispute_type = r.dispute_type;
  return out;
}

std::size_t RecordedLog::memory_bytes() const {
  return blocks_.size() * (sizeof(Row) << kBlockBits) +
         day_begin_.capacity() * sizeof(std::size_t) + rejected_csv_.capacity();
}

void record_replay(Provenance& p, const RecordedLog& log) {
  p.replay_log = log.identity().path;
  p.replay_log_bytes = log.identity().bytes;
  p.replay_log_sha256 = log.identity().sha256;
  p.replay_options = log.options().describe();
}

std::string replay_text(const Provenance& p) {
  if (p.replay_log.empty()) return "no log";
  return p.replay_log + " (SHA-256 " + p.replay_log_sha256.substr(0, 12) + "..." +
         (p.replay_options.empty() ? "" : ", " + p.replay_options) + ")";
}

std::string replay_description(const Provenance& p) {
  if (p.replay_log.empty()) return "";
  return p.replay_log + " (" + std::to_string(p.replay_log_bytes) + " bytes, SHA-256 " +
         p.replay_log_sha256 + ")" + (p.replay_options.empty() ? "" : " " + p.replay_options);
}

std::string write_rejected_rows(const RecordedLog& log) {
  if (!log.options().skip_bad_rows) return "";
  OutputFile out(rejected_path(log.options().path));
  out.write(log.rejected_csv());
  out.commit();
  return out.path();
}

}  // namespace gridplan::io
