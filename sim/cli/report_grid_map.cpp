// The report's map: each basic grid a dot at its register coordinates, coloured by a metric of
// /grids chosen in a list. Planar coordinates need no map tiles: a Chart.js scatter on axes of
// equal scale draws them, offline.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>

#include "report_sections.hpp"

namespace gridplan::cli::report {

namespace {

/// What a grid can be coloured by: a /grids column averaged over the runs, or the share
/// `column` / `per` of two counts.
struct Metric {
  const char* column;
  const char* per;  ///< nullptr: the column itself
  const char* title;
};

constexpr std::array<Metric, 8> kMetrics = {{
    {"worker_util", nullptr, "grid worker's utilisation"},
    {"worker_wait_hours_mean", nullptr, "mean wait of a case for the grid worker (hours)"},
    {"arrived", nullptr, "cases per run"},
    {"settled_in_grid", "arrived", "share of cases settled in the grid"},
    {"open", nullptr, "cases open at the horizon"},
    {"worker_overtime_hours", nullptr, "grid worker's overtime (hours per run)"},
    {"households", nullptr, "households"},
    {"activity", nullptr, "relative case rate"},
}};

/// Viridis at `t` in [0, 1] (5 stops, linear between them): ordered and readable in greyscale.
std::string ramp(double t) {
  static constexpr std::array<std::array<double, 3>, 5> kStops = {
      {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}}};
  if (!std::isfinite(t)) return "#c8c8c8";
  t = std::clamp(t, 0.0, 1.0) * (kStops.size() - 1);
  const std::size_t i = std::min<std::size_t>(static_cast<std::size_t>(t), kStops.size() - 2);
  const double f = t - static_cast<double>(i);
  char color[8];
  std::snprintf(
      color, sizeof color, "#%02x%02x%02x",
      static_cast<int>(std::lround(kStops[i][0] + f * (kStops[i + 1][0] - kStops[i][0]))),
      static_cast<int>(std::lround(kStops[i][1] + f * (kStops[i + 1][1] - kStops[i][1]))),
      static_cast<int>(std::lround(kStops[i][2] + f * (kStops[i + 1][2] - kStops[i][2]))));
  return color;
}

double value_at(const kernel::Column& c, std::size_t row) {
  return c.type == kFloat ? c.f64[row] : static_cast<double>(c.i64[row]);
}

/// The grids of one source: position, street and each metric's mean over the runs.
struct Grid {
  double x = std::nan(""), y = std::nan("");
  std::string street;
  std::array<Mean, kMetrics.size()> metric;
};

std::map<std::int64_t, Grid> grids_of(const Source& s, const kernel::Table& t) {
  const auto& run = i64(s, t, "run");
  const auto& grid = i64(s, t, "grid");
  const auto &x = f64(s, t, "x"), &y = f64(s, t, "y");
  const auto& street = str(s, t, "street");
  // Each metric's columns, looked up once (null where the file lacks the metric).
  std::array<const kernel::Column*, kMetrics.size()> value{}, per{};
  for (std::size_t m = 0; m < kMetrics.size(); ++m) {
    if (!has_column(t, kMetrics[m].column)) continue;
    value[m] = &t.column(kMetrics[m].column);
    if (kMetrics[m].per != nullptr) per[m] = &t.column(kMetrics[m].per);
  }
  std::map<std::int64_t, Grid> out;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    if (!s.takes(run[r])) continue;
    Grid& g = out[grid[r]];
    g.x = x[r], g.y = y[r], g.street = street[r];
    for (std::size_t m = 0; m < kMetrics.size(); ++m) {
      if (value[m] == nullptr) continue;
      double v = value_at(*value[m], r);
      if (per[m] != nullptr) {
        const double p = value_at(*per[m], r);
        v = p > 0 ? v / p : std::nan("");
      }
      g.metric[m].add(v);
    }
  }
  return out;
}

}  // namespace

void grid_map_section(Page& page, const std::vector<Source>& sources) {
  std::vector<std::string> choices;
  std::string sets;
  double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
  // A map per source would repeat the district; the first four sources are choices instead.
  for (std::size_t k = 0; k < std::min<std::size_t>(sources.size(), 4); ++k) {
    const Source& s = sources[k];
    const kernel::Table* t = s.file->find("grids");
    if (t == nullptr || !has_column(*t, "x") || !has_column(*t, "y")) continue;
    std::map<std::int64_t, Grid> grids = grids_of(s, *t);
    std::erase_if(grids, [](const auto& g) {
      return !std::isfinite(g.second.x) || !std::isfinite(g.second.y);
    });
    if (grids.empty()) continue;
    for (const auto& [id, g] : grids) {
      x0 = std::min(x0, g.x), x1 = std::max(x1, g.x);
      y0 = std::min(y0, g.y), y1 = std::max(y1, g.y);
    }
    for (std::size_t m = 0; m < kMetrics.size(); ++m) {
      if (!has_column(*t, kMetrics[m].column)) continue;
      double lo = INFINITY, hi = -INFINITY;
      for (const auto& [id, g] : grids) {
        const double v = g.metric[m].value();
        if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
      }
      if (!std::isfinite(lo)) continue;
      std::string points, colors, tips;
      for (const auto& [id, g] : grids) {
        const double v = g.metric[m].value();
        if (!points.empty()) points += ',', colors += ',', tips += ',';
        points += "{\"x\":" + json_number(g.x) + ",\"y\":" + json_number(g.y) + "}";
        colors += json_string(ramp(hi > lo ? (v - lo) / (hi - lo) : 0.5));
        tips +=
            json_string("grid " + std::to_string(id) + " (" + g.street + "): " + number(v).text);
      }
      const std::string prefix = sources.size() > 1 ? s.label + ": " : "";
      choices.push_back(prefix + kMetrics[m].title);
      if (!sets.empty()) sets += ',';
      sets += "[{\"label\":" +
              json_string(kMetrics[m].title + std::string(": ") + number(lo).text +
                          " (purple) to " + number(hi).text + " (yellow)") +
              ",\"data\":[" + points + "],\"backgroundColor\":[" + colors + "],\"borderColor\":[" +
              colors + "],\"borderWidth\":0,\"pointRadius\":3,\"tips\":[" + tips + "]}]";
    }
  }
  if (choices.empty()) return;
  // Equal scales: widen the shorter span to the plot area's shape (about 930 x 560 pixels).
  constexpr double kWidth = 930, kHeight = 560;
  const double pad = 0.03 * std::max({x1 - x0, y1 - y0, 1e-9});
  x0 -= pad, x1 += pad, y0 -= pad, y1 += pad;
  if ((x1 - x0) / kWidth > (y1 - y0) / kHeight) {
    const double grow = (x1 - x0) / kWidth * kHeight - (y1 - y0);
    y0 -= grow / 2, y1 += grow / 2;
  } else {
    const double grow = (y1 - y0) / kHeight * kWidth - (x1 - x0);
    x0 -= grow / 2, x1 += grow / 2;
  }
  const auto scale = [](const char* name, double lo, double hi) {
    return std::string("\"") + name + "\":{\"min\":" + json_number(lo) +
           ",\"max\":" + json_number(hi) + ",\"title\":{\"display\":true,\"text\":\"" + name +
           " (register units)\"}}";
  };
  page.heading("Map of the basic grids");
  page.paragraph(
      "Each dot is a basic grid at the coordinates of the grid register, coloured from the "
      "lowest value (purple) to the highest (yellow) of the metric chosen; means over the runs.");
  page.chart("Basic grids coloured by the metric chosen",
             "{\"type\":\"scatter\",\"data\":{\"datasets\":[]},\"choices\":[" + sets +
                 "],\"options\":{\"scales\":{" + scale("x", x0, x1) + "," + scale("y", y0, y1) +
                 "}}}",
             choices, 640);
}

}  // namespace gridplan::cli::report
