// The report's sections from per-run tables. Several runs of a source are averaged per day, hour
// or office (NaN left out): a chart shows the expected course, the KPI table the intervals.
#include "report_sections.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "commands.hpp"

namespace gridplan::cli::report {

namespace {

std::string axis(const char* name, const std::string& title) {
  return std::string("\"") + name +
         "\":{\"beginAtZero\":true,\"title\":{\"display\":true,\"text\":" + json_string(title) +
         "}}";
}

void bar_chart(Page& page, const std::string& title, const std::vector<std::string>& labels,
               const std::vector<Series>& series, const std::string& y_title) {
  std::string sets;
  for (const Series& s : series) {
    if (!sets.empty()) sets += ',';
    sets += std::string("{\"label\":") + json_string(s.label) +
            ",\"data\":" + json_numbers(s.values) + "}";
  }
  page.chart(title, "{\"type\":\"bar\",\"data\":{\"labels\":" + json_strings(labels) +
                        ",\"datasets\":[" + sets + "]},\"options\":{\"scales\":{" +
                        axis("y", y_title) + "}}}");
}

std::string date_label(std::int64_t yyyymmdd) {
  char text[64];
  std::snprintf(text, sizeof text, "%04lld-%02lld-%02lld", static_cast<long long>(yyyymmdd / 10000),
                static_cast<long long>(yyyymmdd / 100 % 100),
                static_cast<long long>(yyyymmdd % 100));
  return text;
}

}  // namespace

double Mean::value() const {
  return n ? sum / n : std::nan("");
}

const std::vector<double>& f64(const Source& s, const kernel::Table& t, const char* name) {
  return s.file->column(t, name, kFloat).f64;
}
const std::vector<std::int64_t>& i64(const Source& s, const kernel::Table& t, const char* name) {
  return s.file->column(t, name, kInt).i64;
}
const std::vector<std::string>& str(const Source& s, const kernel::Table& t, const char* name) {
  return s.file->column(t, name, kText).str;
}

bool has_column(const kernel::Table& t, const std::string& name) {
  return std::any_of(t.columns.begin(), t.columns.end(),
                     [&](const kernel::Column& c) { return c.name == name; });
}

double run_count(const Source& s) {
  const kernel::Table* runs = s.file->find("runs");
  if (runs == nullptr) return 1;
  std::size_t n = 0;
  for (const std::int64_t r : i64(s, *runs, "run")) n += s.takes(r);
  return n ? static_cast<double>(n) : 1;
}

Cell number(double v) {
  return Cell(format_number(v, std::nan("")), v);
}
Cell percent(double v) {
  return std::isfinite(v) ? Cell(format_number(100 * v, 1.0) + "%", v) : Cell("n/a");
}

bool Source::takes(std::int64_t run) const {
  return runs.empty() || std::find(runs.begin(), runs.end(), run) != runs.end();
}

bool is_report_table(const std::string& name) {
  static const std::set<std::string> kTables = {"kpi",
                                                "runs",
                                                "summary",
                                                "points",
                                                "sweep",
                                                "comparison",
                                                "departments",
                                                "timeseries/daily",
                                                "service/hourly",
                                                "whistles",
                                                "mediation",
                                                "staffing",
                                                "staffing/plans",
                                                "staffing/answer",
                                                "emergency/coverage",
                                                "grids",
                                                "timeseries/monthly",
                                                "service/offices_monthly"};
  return kTables.count(name) > 0;
}

void daily_section(Page& page, const std::vector<Source>& sources) {
  std::vector<Series> stock, wait;
  std::vector<std::string> labels;
  std::map<std::int64_t, bool> holidays, heating_days;
  for (const Source& s : sources) {
    const kernel::Table* t = s.file->find("timeseries/daily");
    if (t == nullptr) continue;
    const auto &run = i64(s, *t, "run"), &day = i64(s, *t, "day"), &date = i64(s, *t, "date");
    const auto &backlog = i64(s, *t, "backlog"), &overdue = i64(s, *t, "overdue");
    const auto& filing = f64(s, *t, "triage_wait_hours_mean");
    std::map<std::int64_t, std::array<Mean, 3>> by_day;
    std::map<std::int64_t, std::int64_t> dates;
    for (std::size_t r = 0; r < t->rows(); ++r) {
      if (!s.takes(run[r]) || day[r] < 0) continue;
      by_day[day[r]][0].add(static_cast<double>(backlog[r]));
      by_day[day[r]][1].add(static_cast<double>(overdue[r]));
      by_day[day[r]][2].add(60 * filing[r]);
      dates[day[r]] = date[r];
    }
    // The first source's calendar shades the charts (older files lack its columns).
    if (holidays.empty() && has_column(*t, "day_type") && has_column(*t, "heating_season")) {
      const auto& type = str(s, *t, "day_type");
      const auto& heating = i64(s, *t, "heating_season");
      for (std::size_t r = 0; r < t->rows(); ++r) {
        if (!s.takes(run[r]) || day[r] < 0) continue;
        holidays[day[r]] = type[r] == "holiday";
        heating_days[day[r]] = heating[r] != 0;
      }
    }
    if (by_day.empty()) continue;
    const std::size_t days = static_cast<std::size_t>(by_day.rbegin()->first + 1);
    if (labels.size() < days) {
      labels.assign(days, "");
      for (std::size_t d = 0; d < days; ++d) labels[d] = "day " + std::to_string(d);
      for (const auto& [d, ymd] : dates)
        labels[static_cast<std::size_t>(d)].assign(date_label(ymd));
    }
    const std::string prefix = sources.size() > 1 ? s.label + ": " : "";
    Series b{prefix + "backlog", std::vector<double>(days, std::nan(""))};
    Series o{prefix + "overdue", b.values, true};
    Series w{prefix.empty() ? "filing wait, mean" : s.label, b.values};
    for (const auto& [d, m] : by_day) {
      b.values[static_cast<std::size_t>(d)] = m[0].value();
      o.values[static_cast<std::size_t>(d)] = m[1].value();
      w.values[static_cast<std::size_t>(d)] = m[2].value();
    }
    stock.push_back(b);
    stock.push_back(o);
    wait.push_back(w);
  }
  if (stock.empty()) return;
  // Bands behind the lines: the heating season and the public holidays (not weekends).
  Series holiday{"holidays (weekdays off)", std::vector<double>(labels.size(), std::nan("")), false,
                 true, "rgba(214,39,40,0.18)"};
  Series heating{"heating season", holiday.values, false, true, "rgba(255,127,14,0.09)"};
  for (const auto& [d, yes] : holidays)
    if (yes && static_cast<std::size_t>(d) < labels.size())
      holiday.values[static_cast<std::size_t>(d)] = 1;
  for (const auto& [d, yes] : heating_days)
    if (yes && static_cast<std::size_t>(d) < labels.size())
      heating.values[static_cast<std::size_t>(d)] = 1;
  for (const Series* band : {&holiday, &heating}) {
    if (std::none_of(band->values.begin(), band->values.end(),
                     [](double v) { return std::isfinite(v); }))
      continue;
    stock.push_back(*band);
    wait.push_back(*band);
  }
  page.heading("Daily course");
  page.line_chart("Open cases (backlog) and overdue cases at the end of each day", labels, stock,
                  "date", "cases");
  page.line_chart("Mean wait for a seat operator (filing) of cases filed each day", labels, wait,
                  "date", "minutes");
}

void hourly_section(Page& page, const std::vector<Source>& sources) {
  std::vector<Series> lines;
  double target = std::nan("");
  for (const Source& s : sources) {
    const kernel::Table* t = s.file->find("service/hourly");
    if (t == nullptr) continue;
    const auto &run = i64(s, *t, "run"), &hour = i64(s, *t, "hour");
    const auto& type = str(s, *t, "day_type");
    const auto &p95 = f64(s, *t, "filing_wait_hours_p95"),
               &minutes = f64(s, *t, "service_target_minutes");
    std::array<std::array<Mean, 24>, 2> by_hour;  // working, rest
    for (std::size_t r = 0; r < t->rows(); ++r) {
      if (!s.takes(run[r]) || hour[r] < 0 || hour[r] > 23) continue;
      by_hour[type[r] == "rest"][static_cast<std::size_t>(hour[r])].add(60 * p95[r]);
      if (std::isnan(target)) target = minutes[r];
    }
    const std::string prefix = sources.size() > 1 ? s.label + ", " : "";
    for (int k = 0; k < 2; ++k) {
      Series line{prefix + (k ? "rest days" : "working days"), {}, k == 1};
      for (const Mean& m : by_hour[k]) line.values.push_back(m.value());
      lines.push_back(line);
    }
  }
  if (lines.empty()) return;
  lines.push_back(Series{"target (" + format_number(target, std::nan("")) + " min)",
                         std::vector<double>(24, target), true});
  std::vector<std::string> labels;
  for (int h = 0; h < 24; ++h) {
    char text[8];
    std::snprintf(text, sizeof text, "%02d:00", h);
    labels.push_back(text);
  }
  page.heading("Service level by hour of day");
  page.line_chart(
      "95th percentile of the wait for a seat operator, by the hour cases joined the "
      "queue, against the service target",
      labels, lines, "hour of day", "minutes");
}

void offices_section(Page& page, const std::vector<Source>& sources) {
  struct Office {
    std::string kind;
    Mean staff, received, closed, util, on_time;
  };
  std::vector<std::pair<std::string, std::map<std::string, Office>>> per_source;
  for (const Source& s : sources) {
    const kernel::Table* t = s.file->find("departments");
    if (t == nullptr) continue;
    const auto& run = i64(s, *t, "run");
    const auto &name = str(s, *t, "name"), &kind = str(s, *t, "kind");
    const auto &staff = i64(s, *t, "staff"), &received = i64(s, *t, "received"),
               &closed = i64(s, *t, "closed");
    const auto &util = f64(s, *t, "util"), &on_time = f64(s, *t, "on_time_rate");
    std::map<std::string, Office> offices;
    for (std::size_t r = 0; r < t->rows(); ++r) {
      if (!s.takes(run[r])) continue;
      Office& o = offices[name[r]];
      o.kind = kind[r];
      o.staff.add(static_cast<double>(staff[r]));
      o.received.add(static_cast<double>(received[r]));
      o.closed.add(static_cast<double>(closed[r]));
      o.util.add(util[r]);
      o.on_time.add(on_time[r]);
    }
    per_source.emplace_back(s.label, std::move(offices));
  }
  if (per_source.empty() || per_source.front().second.empty()) return;
  // Ranked by the first source's utilisation, busiest first: the offices that bind.
  std::vector<std::string> names;
  for (const auto& [name, o] : per_source.front().second) names.push_back(name);
  const auto& first = per_source.front().second;
  std::stable_sort(names.begin(), names.end(), [&](const std::string& a, const std::string& b) {
    return first.at(a).util.value() > first.at(b).util.value();
  });
  std::vector<Series> util, on_time;
  for (const auto& [label, offices] : per_source) {
    Series u{label, {}}, t{label, {}};
    for (const std::string& name : names) {
      const auto it = offices.find(name);
      u.values.push_back(it == offices.end() ? std::nan("") : it->second.util.value());
      t.values.push_back(it == offices.end() ? std::nan("") : it->second.on_time.value());
    }
    util.push_back(u);
    on_time.push_back(t);
  }
  page.heading("Handling offices");
  bar_chart(page, "Staff utilisation (busy / on-duty time), busiest office first", names, util,
            "utilisation");
  bar_chart(page, "On-time rate of closed dispatched cases", names, on_time, "on-time rate");
  std::vector<std::vector<Cell>> rows;
  for (const std::string& name : names) {
    const Office& o = first.at(name);
    rows.push_back({Cell(name), Cell(o.kind), number(o.staff.value()), number(o.received.value()),
                    number(o.closed.value()), percent(o.util.value()), percent(o.on_time.value())});
  }
  if (per_source.size() > 1) page.paragraph("Table: " + per_source.front().first + ".");
  page.table("offices", {"office", "kind", "staff", "received", "closed", "utilisation", "on time"},
             rows);
}

void whistles_section(Page& page, const std::vector<Source>& sources) {
  std::vector<std::vector<Cell>> rows;
  for (const Source& s : sources) {
    const kernel::Table* t = s.file->find("whistles");
    if (t == nullptr) continue;
    const auto& run = i64(s, *t, "run");
    const auto& rule = str(s, *t, "rule");
    const auto& second = i64(s, *t, "second_whistle");
    const auto &blown = f64(s, *t, "t_blown"), &reported = f64(s, *t, "t_reported"),
               &settled = f64(s, *t, "t_settled");
    double all = 0, overdue = 0, repeat = 0, multi = 0, seconds = 0;
    Mean report, settle;
    for (std::size_t r = 0; r < t->rows(); ++r) {
      if (!s.takes(run[r])) continue;
      ++all;
      overdue += rule[r] == "overdue";
      repeat += rule[r] == "repeat";
      multi += rule[r] == "multi_department";
      seconds += second[r] != 0;
      report.add(reported[r] - blown[r]);
      settle.add(settled[r] - blown[r]);
    }
    const double n = run_count(s);
    rows.push_back({Cell(s.label), number(all / n), number(overdue / n), number(repeat / n),
                    number(multi / n), number(seconds / n), number(report.value()),
                    number(settle.value())});
  }
  if (rows.empty()) return;
  page.heading("Whistles (吹哨)");
  page.paragraph("Per run; times in hours from the first whistle.");
  page.table("whistles",
             {"", "whistles", "overdue rule", "repeat rule", "multi-department rule",
              "second whistles", "to report on site", "to settled"},
             rows);
}

void mediation_section(Page& page, const std::vector<Source>& sources) {
  std::vector<std::vector<Cell>> rows;
  for (const Source& s : sources) {
    const kernel::Table* t = s.file->find("mediation");
    if (t == nullptr) continue;
    const auto& run = i64(s, *t, "run");
    const auto& level = str(s, *t, "level");
    const char* counts[] = {"accepted", "resolved", "escalated", "to_legal", "open"};
    std::map<std::string, std::array<double, 5>> sums;
    std::map<std::string, Mean> util;
    for (std::size_t r = 0; r < t->rows(); ++r) {
      if (!s.takes(run[r])) continue;
      for (int k = 0; k < 5; ++k)
        sums[level[r]][k] += static_cast<double>(i64(s, *t, counts[k])[r]);
      util[level[r]].add(f64(s, *t, "mediator_util")[r]);
    }
    const double n = run_count(s);
    for (const char* lv : {"community", "street", "district"}) {
      if (!sums.count(lv)) continue;
      std::vector<Cell> row{Cell(s.label), Cell(lv)};
      for (const double v : sums[lv]) row.push_back(number(v / n));
      row.push_back(percent(util[lv].value()));
      rows.push_back(row);
    }
  }
  if (rows.empty()) return;
  page.heading("Mediation centres (矛调中心)");
  page.paragraph("Disputes per run, summed over the centres of each level.");
  page.table("mediation",
             {"", "level", "accepted", "resolved", "escalated", "to legal", "open at the end",
              "mediator utilisation"},
             rows);
}

void coverage_section(Page& page, const std::vector<Source>& sources) {
  std::vector<std::string> drills;
  std::map<std::string, std::vector<std::pair<std::string, std::map<std::int64_t, Mean>>>> curves;
  for (const Source& s : sources) {
    const kernel::Table* t = s.file->find("emergency/coverage");
    if (t == nullptr) continue;
    const auto &run = i64(s, *t, "run"), &grid = i64(s, *t, "grid"), &minute = i64(s, *t, "minute");
    const auto& drill = str(s, *t, "drill");
    const auto& coverage = f64(s, *t, "coverage");
    std::map<std::string, std::map<std::int64_t, Mean>> by_drill;
    for (std::size_t r = 0; r < t->rows(); ++r) {
      if (grid[r] != -1 || !s.takes(run[r])) continue;
      if (std::find(drills.begin(), drills.end(), drill[r]) == drills.end())
        drills.push_back(drill[r]);
      by_drill[drill[r]][minute[r]].add(coverage[r]);
    }
    for (auto& [name, curve] : by_drill) curves[name].emplace_back(s.label, std::move(curve));
  }
  if (drills.empty()) return;
  page.heading("Emergency drills: coverage of the area");
  for (const std::string& name : drills) {
    std::string sets;
    for (const auto& [label, curve] : curves[name]) {
      std::string points;
      for (const auto& [m, mean] : curve) {
        if (!points.empty()) points += ',';
        points += std::string("{\"x\":") + json_number(static_cast<double>(m) / 60) +
                  ",\"y\":" + json_number(mean.value()) + "}";
      }
      if (!sets.empty()) sets += ',';
      sets += std::string("{\"label\":") + json_string(label) +
              ",\"showLine\":true,\"pointRadius\":0,\"data\":[" + points + "]}";
    }
    sets +=
        ",{\"label\":\"3 hours\",\"showLine\":true,\"pointRadius\":0,\"borderDash\":[6,4],"
        "\"color\":\"#555\",\"data\":[{\"x\":3,\"y\":0},{\"x\":3,\"y\":1}]}";
    page.chart("Drill '" + name + "': share of the area's households covered",
               "{\"type\":\"scatter\",\"data\":{\"datasets\":[" + sets +
                   "]},\"options\":{\"scales\":{" + axis("x", "hours after the emergency") + "," +
                   axis("y", "coverage") + "}}}");
  }
}

void staffing_section(Page& page, const io::ResultFile& file) {
  if (const kernel::Table* answer = file.find("staffing/answer")) {
    page.heading("Staffing: the plan answered against the scenario's");
    table_section(page, *answer, 500);
  }
  if (const kernel::Table* plans = file.find("staffing/plans")) {
    const auto& hours = file.column(*plans, "staff_hours", kFloat).f64;
    const auto& meets = file.column(*plans, "meets", kInt).i64;
    Series yes{"meets the target", {}}, no{"misses the target", {}};
    std::vector<std::string> labels;
    for (std::size_t r = 0; r < plans->rows(); ++r) {
      labels.push_back("plan " + std::to_string(r));
      yes.values.push_back(meets[r] ? hours[r] : std::nan(""));
      no.values.push_back(meets[r] ? std::nan("") : hours[r]);
    }
    page.heading("Staffing: plans tried");
    bar_chart(page, "Staff-hours of each plan tried", labels, {yes, no}, "staff-hours");
    table_section(page, *plans, 500);
  }
  if (const kernel::Table* staffing = file.find("staffing")) {
    const auto& scale = file.column(*staffing, "scale", kFloat).f64;
    Series mean{"coverage, mean", file.column(*staffing, "coverage_mean", kFloat).f64};
    Series bound{"lower confidence bound",
                 file.column(*staffing, "coverage_lower_bound", kFloat).f64, true};
    std::vector<std::string> labels;
    for (const double s : scale) labels.push_back(format_number(s, std::nan("")));
    page.heading("Emergency team sizes tried");
    page.line_chart("Coverage at the target time by team scale", labels, {mean, bound},
                    "team scale", "coverage");
    table_section(page, *staffing, 500);
  }
}

void table_section(Page& page, const kernel::Table& table, std::size_t max_rows) {
  std::vector<std::string> header;
  for (const kernel::Column& c : table.columns)
    header.push_back(c.unit.empty() || c.unit == "1" ? c.name : c.name + " (" + c.unit + ")");
  std::vector<std::vector<Cell>> rows;
  for (std::size_t r = 0; r < std::min(max_rows, table.rows()); ++r) {
    std::vector<Cell> row;
    for (const kernel::Column& c : table.columns) {
      if (c.type == kFloat)
        row.push_back(number(c.f64[r]));
      else if (c.type == kInt)
        row.push_back(Cell(std::to_string(c.i64[r]), static_cast<double>(c.i64[r])));
      else
        row.push_back(Cell(c.str[r]));
    }
    rows.push_back(row);
  }
  page.table("", header, rows);
  if (table.rows() > max_rows)
    page.paragraph(std::to_string(table.rows() - max_rows) + " more rows not shown.");
}

}  // namespace gridplan::cli::report
