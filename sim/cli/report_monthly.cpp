// The report's month-by-month sections: mediation by street (the monthly report, 月通报, of the
// centres of each street) and the on-time rate of the offices that are late most often.
#include <algorithm>
#include <array>
#include <cstdio>
#include <map>

#include "report_sections.hpp"

namespace gridplan::cli::report {

namespace {

std::string month_label(std::int64_t yyyymm) {
  char text[32];
  std::snprintf(text, sizeof text, "%04lld-%02lld", static_cast<long long>(yyyymm / 100),
                static_cast<long long>(yyyymm % 100));
  return text;
}

/// A line chart with a choice per (source, what): `lines[choice]` are its series; points
/// marked ("points"), as a horizon of a month or two has only one or two.
void chosen_lines(Page& page, const std::string& title, const std::vector<std::string>& labels,
                  const std::vector<std::string>& choices,
                  const std::vector<std::vector<Series>>& lines, const std::string& y_title) {
  std::string sets;
  for (const std::vector<Series>& l : lines)
    sets += (sets.empty() ? "" : ",") + Page::line_datasets(l);
  page.chart(title,
             "{\"type\":\"line\",\"data\":{\"labels\":" + json_strings(labels) +
                 ",\"datasets\":[]},\"points\":true,\"choices\":[" + sets +
                 "],\"options\":{\"scales\":{\"x\":{\"title\":{\"display\":true,\"text\":"
                 "\"month\"}},\"y\":{\"beginAtZero\":true,\"title\":{\"display\":true,\"text\":" +
                 json_string(y_title) + "}}}}}",
             choices);
}

/// Month index -> "YYYY-MM", from the first table's year_month column.
void add_months(std::vector<std::string>& labels, const std::vector<std::int64_t>& month,
                const std::vector<std::int64_t>& year_month) {
  for (std::size_t r = 0; r < month.size(); ++r) {
    if (month[r] < 0) continue;
    const auto m = static_cast<std::size_t>(month[r]);
    if (labels.size() <= m) labels.resize(m + 1);
    labels[m] = month_label(year_month[r]);
  }
}

}  // namespace

void mediation_streets_section(Page& page, const std::vector<Source>& sources) {
  static constexpr std::array<const char*, 3> kCounts = {"accepted", "resolved", "escalated"};
  std::vector<std::vector<Cell>> rows;
  std::vector<std::string> months, choices;
  std::vector<std::vector<Series>> lines;
  for (const Source& s : sources) {
    const kernel::Table* centres = s.file->find("mediation");
    if (centres == nullptr) continue;
    // A street's centres: its community centres and its street centre; the district's its own.
    std::map<std::int64_t, std::string> street_of;
    std::vector<std::string> streets;
    std::map<std::string, std::array<double, 4>> totals;  // accepted, resolved, escalated, open
    const auto& run = i64(s, *centres, "run");
    const auto& centre = i64(s, *centres, "centre");
    const auto &level = str(s, *centres, "level"), &street = str(s, *centres, "street");
    std::array<const std::vector<std::int64_t>*, 4> counts{};  // kCounts, then open
    for (std::size_t k = 0; k < kCounts.size(); ++k) counts[k] = &i64(s, *centres, kCounts[k]);
    counts[3] = &i64(s, *centres, "open");
    for (std::size_t r = 0; r < centres->rows(); ++r) {
      if (!s.takes(run[r])) continue;
      const std::string name = level[r] == "district" ? "(district centre)" : street[r];
      if (street_of.emplace(centre[r], name).second &&
          std::find(streets.begin(), streets.end(), name) == streets.end())
        streets.push_back(name);
      auto& sum = totals[name];
      for (std::size_t k = 0; k < counts.size(); ++k)
        sum[k] += static_cast<double>((*counts[k])[r]);
    }
    const double n = run_count(s);
    for (const std::string& name : streets) {
      const auto& sum = totals[name];
      std::vector<Cell> row;
      if (sources.size() > 1) row.push_back(Cell(s.label));
      row.push_back(Cell(name));
      for (const double v : sum) row.push_back(number(v / n));
      row.push_back(percent(sum[0] > 0 ? sum[1] / sum[0] : std::nan("")));
      rows.push_back(row);
    }
    const kernel::Table* monthly = s.file->find("timeseries/monthly");
    if (monthly == nullptr) continue;
    const auto& mrun = i64(s, *monthly, "run");
    const auto& month = i64(s, *monthly, "month");
    const auto& mcentre = i64(s, *monthly, "centre");
    add_months(months, month, i64(s, *monthly, "year_month"));
    for (std::size_t k = 0; k < kCounts.size(); ++k) {
      const auto& count = i64(s, *monthly, kCounts[k]);
      std::map<std::string, std::vector<double>> by_street;
      for (std::size_t r = 0; r < monthly->rows(); ++r) {
        const auto it = street_of.find(mcentre[r]);
        if (!s.takes(mrun[r]) || month[r] < 0 || it == street_of.end()) continue;
        auto& v = by_street[it->second];
        const auto m = static_cast<std::size_t>(month[r]);
        if (v.size() <= m) v.resize(m + 1, 0.0);
        v[m] += static_cast<double>(count[r]) / n;
      }
      std::vector<Series> series;
      for (const std::string& name : streets)
        if (by_street.count(name))
          series.push_back(Series{name, by_street[name], name == "(district centre)"});
      choices.push_back((sources.size() > 1 ? s.label + ": " : "") + "disputes " + kCounts[k]);
      lines.push_back(series);
    }
  }
  if (rows.empty()) return;
  page.heading("Mediation by street and month");
  page.paragraph(
      "Disputes per run at the centres of each street (its community centres and its street "
      "centre); the district centre apart.");
  std::vector<std::string> header{"street",    "accepted",        "resolved",
                                  "escalated", "open at the end", "resolved / accepted"};
  if (sources.size() > 1) header.insert(header.begin(), "");
  page.table("mediation-streets", header, rows);
  if (!lines.empty())
    chosen_lines(page, "Disputes per month at each street's centres", months, choices, lines,
                 "disputes per run");
}

void worst_offices_section(Page& page, const std::vector<Source>& sources) {
  constexpr std::size_t kWorst = 5;
  std::vector<std::string> months, choices;
  std::vector<std::vector<Series>> lines;
  for (const Source& s : sources) {
    const kernel::Table* t = s.file->find("service/offices_monthly");
    if (t == nullptr) continue;
    const auto& run = i64(s, *t, "run");
    const auto& month = i64(s, *t, "month");
    const auto& name = str(s, *t, "name");
    const auto &closed = i64(s, *t, "closed"), &on_time = i64(s, *t, "closed_on_time");
    add_months(months, month, i64(s, *t, "year_month"));
    // Summed over the runs: a rate of all the cases closed, not a mean of runs' rates.
    std::map<std::string, std::array<double, 2>> year;
    std::map<std::string, std::vector<std::array<double, 2>>> by_month;
    for (std::size_t r = 0; r < t->rows(); ++r) {
      if (!s.takes(run[r]) || month[r] < 0) continue;
      const auto c = static_cast<double>(closed[r]), o = static_cast<double>(on_time[r]);
      year[name[r]][0] += o, year[name[r]][1] += c;
      auto& v = by_month[name[r]];
      const auto m = static_cast<std::size_t>(month[r]);
      if (v.size() <= m) v.resize(m + 1, {0.0, 0.0});
      v[m][0] += o, v[m][1] += c;
    }
    std::vector<std::pair<double, std::string>> ranked;
    for (const auto& [office, sum] : year)
      if (sum[1] > 0) ranked.emplace_back(sum[0] / sum[1], office);
    std::sort(ranked.begin(), ranked.end());
    if (ranked.size() > kWorst) ranked.resize(kWorst);
    std::vector<Series> series;
    for (const auto& [rate, office] : ranked) {
      Series line{office + " (year " + percent(rate).text + ")", {}};
      for (const auto& [o, c] : by_month[office])
        line.values.push_back(c > 0 ? o / c : std::nan(""));
      series.push_back(line);
    }
    if (series.empty()) continue;
    choices.push_back(sources.size() > 1 ? s.label : "the offices with the lowest on-time rate");
    lines.push_back(series);
  }
  if (lines.empty()) return;
  chosen_lines(page,
               "Monthly on-time rate of the " + std::to_string(kWorst) +
                   " offices with the lowest yearly rate (cases closed within the time limit / "
                   "cases closed)",
               months, choices, lines, "on-time rate");
}

}  // namespace gridplan::cli::report
