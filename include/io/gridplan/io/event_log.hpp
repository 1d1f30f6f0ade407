// Event logs: the platform's case records as CSV (docs/event-log.md), read row by row against a
// scenario for replay, and written from a feed of arrivals by `gridplan export-events`.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "gridplan/kernel/calendar.hpp"
#include "gridplan/model/arrival_feed.hpp"
#include "gridplan/model/scenario.hpp"

namespace gridplan::io {

/// An event log that cannot be used: what() reads "FILE:LINE: column COL: reason" (or
/// "FILE:LINE: reason" when no column is at fault). The CLI exits with code 2.
class EventLogError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A row that cannot be replayed: where, which column and why, and the row as it was.
struct BadRow {
  std::string file;
  std::uint64_t line = 0;           ///< 1-based line number in the file
  std::string column;               ///< column name, or "" when the row as a whole is bad
  std::string reason;               ///< what is wrong, quoting the offending value
  std::string text;                 ///< the line without its line ending
  std::vector<std::string> fields;  ///< the row split into fields (empty if it could not be)
  /// "FILE:LINE: column COL: reason".
  std::string message() const;
};

/// Seconds from the midnight starting `start` to an ISO 8601 local time "YYYY-MM-DD",
/// "YYYY-MM-DDTHH:MM", "YYYY-MM-DDTHH:MM:SS" or with fractional seconds (a blank may stand for
/// the T). False if `text` is none of these or not a real date and time.
bool parse_local_time(std::string_view text, kernel::Date start, double& seconds);

/// Reads an event log one row at a time, checking each row against the scenario: names, grid
/// ids, times (non-decreasing, not before the start, patrol cases not before the lookahead),
/// recorded whistles (not before the report) and dispute types (only on disputes).
/// Memory stays bounded: one buffer and the current row.
class EventLogReader {
 public:
  /// What next() found.
  enum class Status { kRow, kBad, kEnd };

  /// Opens `path` and reads its header. Throws EventLogError if the file cannot be read, is
  /// empty or has a bad header (missing, unknown or repeated columns).
  EventLogReader(const std::string& path, const model::Scenario& scenario, double lookahead_s);
  ~EventLogReader();
  EventLogReader(const EventLogReader&) = delete;
  EventLogReader& operator=(const EventLogReader&) = delete;

  /// Reads the next non-blank line: a good row into `row` (copies 1), or a bad one into `bad`.
  Status next(model::RecordedArrival& row, BadRow& bad);
  /// The header's fields, as written.
  const std::vector<std::string>& header() const { return header_; }
  /// Byte offset and line number of the last line next() read, for seek().
  std::uint64_t line_offset() const { return line_offset_; }
  std::uint64_t line_number() const { return line_number_; }
  /// Continues reading at a line start found before (line_offset() and line_number()); the
  /// time order check starts afresh there.
  void seek(std::uint64_t offset, std::uint64_t line);
  const std::string& path() const { return path_; }

 private:
  struct Columns;
  bool read_line(std::string_view& line);
  bool fill();
  bool split(std::string_view line, BadRow& bad);
  bool check_row(model::RecordedArrival& row, BadRow& bad);
  bool check_dispute_type(std::string_view name, int source, int category, int& type, BadRow& bad);
  Status bad_row(BadRow& bad, std::string_view line, std::string column, std::string reason);

  std::string path_;
  const model::Scenario& scenario_;
  double lookahead_s_;
  int grids_ = 0;
  std::FILE* file_ = nullptr;
  std::vector<char> buffer_;
  std::size_t begin_ = 0, end_ = 0;  ///< unread bytes of the buffer
  std::uint64_t buffer_offset_ = 0;  ///< file offset of buffer_[0]
  bool eof_ = false;
  bool cut_ = false;        ///< the last line filled the buffer: an over-long line's head
  bool skip_rest_ = false;  ///< the next bytes up to a line end are that line's tail
  std::uint64_t line_offset_ = 0, line_number_ = 0;
  std::vector<std::string> header_;
  std::unique_ptr<Columns> columns_;
  std::vector<std::string_view> fields_;
  std::vector<std::string> unquoted_;  ///< storage of quoted fields, by column
  double last_time_ = -1.0;            ///< time of the last good row (-1: none yet)
  std::uint64_t last_line_ = 0;
};

/// `text` as one CSV field: as it is, or in double quotes (doubling inner quotes) if it holds a
/// comma, a quote, a line break or blanks at either end, or is empty.
std::string csv_quote(std::string_view text);

/// Writes `feed`'s arrivals to `path` as an event log with columns time_s, source, category,
/// grid, and with `recorded_columns` also whistle (the arrival's whistle_time, empty if < 0) and
/// dispute_type (its name, empty if < 0); times as the shortest decimals that read back to the
/// same doubles. Writes through an OutputFile, so that a failure leaves no partial log. Returns
/// the rows written. Throws std::runtime_error if the file cannot be written, and WriteStopped
/// (nothing written) once `stop`, asked after every megabyte, returns true.
std::uint64_t write_event_log(const std::string& path, const model::Scenario& scenario,
                              model::ArrivalFeed& feed, const std::function<bool()>& stop = {},
                              bool recorded_columns = false);

}  // namespace gridplan::io
