// write_event_log: a feed of arrivals as CSV, times as the shortest decimals that read back to
// the same doubles, so that replaying the file reproduces the arrivals to the bit.
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "gridplan/io/event_log.hpp"
#include "gridplan/io/output_file.hpp"

namespace gridplan::io {

std::string csv_quote(std::string_view s) {
  const bool plain = s.find_first_of(",\"\r\n") == std::string_view::npos && !s.empty() &&
                     s.front() != ' ' && s.back() != ' ' && s.front() != '\t' && s.back() != '\t';
  if (plain) return std::string(s);
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

namespace {

// Fixed notation, shortest digits that round-trip: "30600.5", never "3.06005e+04".
void append_time(std::string& buffer, double t) {
  char number[400];  // room for any double in fixed notation
  const auto r = std::to_chars(number, number + sizeof number, t, std::chars_format::fixed);
  if (r.ec != std::errc()) throw std::invalid_argument("write_event_log: time out of range");
  buffer.append(number, r.ptr);
}

}  // namespace

std::uint64_t write_event_log(const std::string& path, const model::Scenario& scenario,
                              model::ArrivalFeed& feed, const std::function<bool()>& stop,
                              bool recorded_columns) {
  std::vector<std::string> sources, categories, types;
  for (const auto& s : scenario.sources) sources.push_back(csv_quote(s.name));
  for (const auto& c : scenario.categories) categories.push_back(csv_quote(c.name));
  for (const auto& t : scenario.mediation.types) types.push_back(csv_quote(t.name));
  OutputFile out(path);
  std::string buffer = recorded_columns ? "time_s,source,category,grid,whistle,dispute_type\n"
                                        : "time_s,source,category,grid\n";
  buffer.reserve(std::size_t{1} << 20);
  std::uint64_t rows = 0;
  model::RecordedArrival a;
  char number[16];
  while (feed.next(a)) {
    if (a.copies != 1 || a.department != model::kCategoryHandler)
      throw std::invalid_argument("write_event_log: copies and handlers are not written");
    append_time(buffer, a.time);
    buffer += ',';
    buffer += sources[a.source];
    buffer += ',';
    buffer += categories[a.category];
    buffer += ',';
    buffer.append(number, std::to_chars(number, number + sizeof number, a.grid).ptr);
    if (recorded_columns) {
      // The whistle as an absolute time (a delay would round differently on the way back).
      buffer += ',';
      if (a.whistle_time >= 0) append_time(buffer, a.whistle_time);
      buffer += ',';
      if (a.dispute_type >= 0) buffer += types.at(static_cast<std::size_t>(a.dispute_type));
    }
    buffer += '\n';
    ++rows;
    if (buffer.size() > (std::size_t{1} << 20) - 256) {
      out.write(buffer);
      buffer.clear();
      if (stop && stop()) throw WriteStopped("stopped before " + path + " was complete");
    }
  }
  out.write(buffer);
  out.commit();
  return rows;
}

}  // namespace gridplan::io
