// An event log read once and held in memory for any number of runs: a sweep's threads share one
// copy read-only, each run drawing its own scale, surge and bootstrap from it (issue 21).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gridplan/model/arrival_feed.hpp"
#include "gridplan/model/scenario.hpp"

namespace gridplan::io {

struct Provenance;

/// How to replay an event log (`gridplan run|sweep|staff --replay LOG.csv ...`).
struct ReplayOptions {
  std::string path;            ///< the event log
  bool skip_bad_rows = false;  ///< bad rows go to rejected_path(path) instead of stopping
  double scale = 1.0;          ///< every row gives floor(scale) cases, one more w.p. frac(scale)
  bool surge = false;          ///< multiply rows in [surge_from_s, surge_to_s) by surge_factor
  double surge_from_s = 0, surge_to_s = 0;  ///< seconds since the scenario start
  double surge_factor = 1.0;
  bool bootstrap = false;  ///< day d of the run replays a log day drawn uniformly, shifted to d

  /// The options as command-line flags ("" for a plain replay), for /scenario and fingerprints.
  std::string describe() const;
};

/// Which file was replayed: recorded in /scenario, compared by merge and compare.
struct LogIdentity {
  std::string path;  ///< as given on the command line
  std::uint64_t bytes = 0;
  std::string sha256;  ///< hexadecimal digest of the whole file
};

/// Where the rejected rows of `log_path` go: "LOG.rejected.csv" for "LOG.csv".
std::string rejected_path(const std::string& log_path);

/// The good rows of an event log resolved against a scenario, the bad rows set aside, and where
/// each log day starts. Read up to the scenario's horizon (the whole file for the bootstrap).
class RecordedLog {
 public:
  /// Reads `options.path` against `scenario`. Throws EventLogError for a bad file or header,
  /// or, without skip_bad_rows, for the first bad row; std::invalid_argument for bad
  /// perturbation factors; OutputPathError if the rejected rows could not be written.
  static std::shared_ptr<const RecordedLog> load(const ReplayOptions& options,
                                                 const model::Scenario& scenario);

  /// Whether rows read for `scenario` would be read the same for `other`: the same names
  /// (dispute types too), grids, start, horizon and lookahead (a sweep's points share a log when
  /// this holds).
  static bool same_reading(const model::Scenario& scenario, const model::Scenario& other);

  const ReplayOptions& options() const { return options_; }
  const LogIdentity& identity() const { return identity_; }
  /// Good rows, in the log's order.
  std::size_t rows() const { return rows_; }
  model::RecordedArrival row(std::size_t i) const;
  /// Bad rows set aside (skip_bad_rows), and the rejected file's text: header, then each row.
  std::uint64_t rejected() const { return rejected_; }
  const std::string& rejected_csv() const { return rejected_csv_; }

  /// Bootstrap: the log's days, from the first row's; day k's rows are [day_begin(k),
  /// day_begin(k + 1)).
  int first_day() const { return first_day_; }
  std::size_t days() const { return day_begin_.empty() ? 0 : day_begin_.size() - 1; }
  std::size_t day_begin(std::size_t k) const { return day_begin_[k]; }
  /// Bytes held (rows and index), for memory estimates.
  std::size_t memory_bytes() const;

 private:
  /// A row packed to 32 bytes: a year's 1.2 million rows in 38 MB.
  struct Row {
    double time = 0, whistle_time = -1;
    std::uint32_t grid = 0;
    std::int16_t category = 0, department = model::kCategoryHandler;
    std::uint8_t source = 0;
    std::int8_t dispute_type = -1;
  };
  /// Rows in blocks of 2^16 (2 MiB): growing never copies the rows read, nor holds them twice.
  static constexpr int kBlockBits = 16;
  using Block = std::unique_ptr<Row[]>;
  RecordedLog() = default;
  void append(const Row& row);

  ReplayOptions options_;
  LogIdentity identity_;
  std::vector<Block> blocks_;
  std::size_t rows_ = 0;
  std::uint64_t rejected_ = 0;
  std::string rejected_csv_;
  int first_day_ = 0;
  std::vector<std::size_t> day_begin_;
};

/// Records in `p` (/scenario) which log was replayed and how.
void record_replay(Provenance& p, const RecordedLog& log);

/// Which log `p` records, for messages: "no log", or its name, SHA-256 prefix and options.
std::string replay_text(const Provenance& p);
/// The same in full, for `show` and reports: "LOG (N bytes, SHA-256 HEX) OPTIONS"; "" for none.
std::string replay_description(const Provenance& p);

/// Writes the log's rejected rows to rejected_path() (through a temporary, renamed into place)
/// and returns the path; "" when the log was read without skip_bad_rows.
std::string write_rejected_rows(const RecordedLog& log);

}  // namespace gridplan::io
