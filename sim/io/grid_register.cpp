// Grid registers: a CSV of basic grids read into the scenario's register rows with errors naming
// the file, line and column, and the generated district written back as one.
#include "gridplan/io/grid_register.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>

#include "gridplan/io/scenario_loader.hpp"
#include "scenario_loader_internal.hpp"
#include "scenario_schema.hpp"

namespace gridplan::io {

namespace {

const std::vector<std::string> kRequired = {"grid", "street", "community", "community_grid",
                                            "households"};
const std::vector<std::string> kOptional = {"x", "y", "activity", "residential"};

/// Where a register is wrong: "PATH:LINE: column COL: reason".
[[noreturn]] void fail_at(const std::string& path, int line, const std::string& column,
                          const std::string& reason) {
  throw ScenarioError(path + ":" + std::to_string(line) + ": " +
                      (column.empty() ? "" : "column " + column + ": ") + reason);
}

/// One line's fields: comma-separated, a field in double quotes may hold commas and "" quotes.
std::vector<std::string> split_fields(const std::string& line, const std::string& path, int at) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c != '"')
        fields.back() += c;
      else if (i + 1 < line.size() && line[i + 1] == '"')
        fields.back() += '"', ++i;
      else
        quoted = false;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  if (quoted) fail_at(path, at, "", "a quoted field is not closed");
  return fields;
}

/// A finite number (integer or decimal), or nullopt.
std::optional<double> number(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string quote_label(const std::string& s) {
  return "\"" + s + "\"";
}

/// A register row before its labels are numbered.
struct Row {
  int line = 0;
  std::string grid, community, community_grid;
  model::RegisterGrid grid_row;
};

}  // namespace

std::vector<model::RegisterGrid> read_grid_register(const std::string& path,
                                                    const model::Scenario& sc) {
  std::string text, error;
  if (!loader::read_file(path, text, error)) throw ScenarioError(error);
  std::vector<std::string> streets;
  for (const model::StreetSpec& s : sc.streets) streets.push_back(s.name);

  std::vector<std::string> header;
  std::map<std::string, std::size_t> column;  // name -> field index
  std::vector<Row> rows;
  std::map<std::string, int> grid_line;
  std::map<std::string, std::pair<int, int>> community_street;      // label -> street, line
  std::map<std::string, std::pair<std::string, int>> cg_community;  // label -> community, line
  std::size_t from = 0;
  for (int line = 1; from < text.size(); ++line) {
    std::size_t end = text.find('\n', from);
    if (end == std::string::npos) end = text.size();
    std::string raw = text.substr(from, end - from);
    from = end + 1;
    if (!raw.empty() && raw.back() == '\r') raw.pop_back();
    if (line == 1) {
      header = split_fields(raw, path, line);
      for (std::size_t i = 0; i < header.size(); ++i) {
        const std::string& h = header[i];
        const bool known = std::count(kRequired.begin(), kRequired.end(), h) ||
                           std::count(kOptional.begin(), kOptional.end(), h);
        if (!known) {
          std::vector<std::string> all = kRequired;
          all.insert(all.end(), kOptional.begin(), kOptional.end());
          fail_at(path, line, h, "unknown column" + schema::suggestion(schema::nearest(h, all)));
        }
        if (!column.emplace(h, i).second) fail_at(path, line, h, "repeated column");
      }
      for (const std::string& r : kRequired)
        if (!column.count(r))
          fail_at(path, line, "",
                  "missing column " + r +
                      " (a grid register needs grid, street, community, community_grid, "
                      "households)");
      continue;
    }
    if (raw.empty()) continue;
    const std::vector<std::string> f = split_fields(raw, path, line);
    if (f.size() != header.size())
      fail_at(path, line, "",
              std::to_string(f.size()) + " fields, but the header has " +
                  std::to_string(header.size()));
    const auto field = [&](const std::string& name) -> std::string {
      const auto c = column.find(name);
      return c == column.end() ? std::string() : f[c->second];
    };
    const auto label = [&](const std::string& name) {
      const std::string v = field(name);
      if (v.empty()) fail_at(path, line, name, "empty; every grid needs a " + name);
      return v;
    };
    Row row;
    row.line = line;
    row.grid = label("grid");
    if (const auto [it, fresh] = grid_line.emplace(row.grid, line); !fresh)
      fail_at(path, line, "grid",
              "grid " + quote_label(row.grid) + " repeats line " + std::to_string(it->second));
    row.grid_row.id = row.grid;

    const std::string street = label("street");
    const auto s = std::find(streets.begin(), streets.end(), street);
    if (s == streets.end()) {
      fail_at(path, line, "street",
              "unknown street " + quote_label(street) + ", not one of the scenario's [streets.*]" +
                  schema::suggestion(schema::nearest(street, streets)));
    }
    row.grid_row.street = static_cast<int>(s - streets.begin());

    row.community = label("community");
    const auto [c, c_new] =
        community_street.emplace(row.community, std::pair{row.grid_row.street, line});
    if (!c_new && c->second.first != row.grid_row.street)
      fail_at(path, line, "street",
              "community " + quote_label(row.community) + " is in street " +
                  streets[c->second.first] + " on line " + std::to_string(c->second.second) +
                  "; a community belongs to one street");
    row.community_grid = label("community_grid");
    const auto [g, g_new] =
        cg_community.emplace(row.community_grid, std::pair{row.community, line});
    if (!g_new && g->second.first != row.community)
      fail_at(path, line, "community",
              "community grid " + quote_label(row.community_grid) + " is in community " +
                  quote_label(g->second.first) + " on line " + std::to_string(g->second.second) +
                  "; a community grid belongs to one community");

    const auto non_negative = [&](const std::string& name) {
      const std::string v = field(name);
      const auto x = number(v);
      if (!x) fail_at(path, line, name, "expected a number, got " + quote_label(v));
      if (*x < 0) fail_at(path, line, name, "must be >= 0, got " + v);
      return *x;
    };
    row.grid_row.households = non_negative("households");
    if (!field("activity").empty()) row.grid_row.activity = non_negative("activity");
    for (const auto& [xy, out] :
         {std::pair{"x", &row.grid_row.x}, std::pair{"y", &row.grid_row.y}}) {
      if (field(xy).empty()) continue;
      const auto v = number(field(xy));
      if (!v)
        fail_at(path, line, xy,
                "expected a number (planar coordinate), got " + quote_label(field(xy)));
      *out = *v;
    }
    if (const std::string r = field("residential"); !r.empty()) {
      const bool yes = r == "1" || r == "true", no = r == "0" || r == "false";
      if (!yes && !no) fail_at(path, line, "residential", "expected 1, 0, true or false, got " + r);
      if (no && row.grid_row.households > 0)
        fail_at(path, line, "households",
                "a grid that is not residential has no households, got " + field("households"));
    }
    rows.push_back(std::move(row));
  }
  if (header.empty()) fail_at(path, 1, "", "empty file; a grid register needs a header line");
  // Activities are relative: they need a positive total to be rescaled to mean 1.
  const bool all_given =
      std::all_of(rows.begin(), rows.end(), [](const Row& r) { return r.grid_row.activity >= 0; });
  double activity = 0;
  for (const Row& r : rows) activity += std::max(r.grid_row.activity, 0.0);
  if (!rows.empty() && all_given && !(activity > 0))
    fail_at(path, rows.back().line, "activity", "every grid's activity is 0; one must be > 0");

  // Grids by street in the scenario's order (file order within one), then labels numbered in
  // order of first appearance: the numbering the generator uses.
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return a.grid_row.street < b.grid_row.street;
  });
  std::map<std::string, int> community_index, cg_index;
  std::vector<model::RegisterGrid> out;
  for (Row& r : rows) {
    r.grid_row.community =
        community_index.emplace(r.community, static_cast<int>(community_index.size()))
            .first->second;
    r.grid_row.community_grid =
        cg_index.emplace(r.community_grid, static_cast<int>(cg_index.size())).first->second;
    out.push_back(std::move(r.grid_row));
  }
  return out;
}

std::string grid_register_csv(const model::Scenario& sc, const model::District& d) {
  // Coordinates are written only when the district has some (a register that gave them).
  const bool xy = std::any_of(d.grids.begin(), d.grids.end(), [](const model::BasicGrid& g) {
    return !std::isnan(g.x) || !std::isnan(g.y);
  });
  std::string csv = "grid,street,community,community_grid,households,activity,residential";
  csv += xy ? ",x,y\n" : "\n";
  const auto exact = [](double v) {
    if (std::isnan(v)) return std::string();
    char number[64];
    std::snprintf(number, sizeof number, "%.17g", v);
    return std::string(number);
  };
  for (std::size_t i = 0; i < d.grids.size(); ++i) {
    const model::BasicGrid& g = d.grids[i];
    csv += std::to_string(i) + "," + sc.streets.at(g.street).name + "," +
           std::to_string(g.community) + "," + std::to_string(g.community_grid) + ",";
    csv += exact(g.households) + "," + exact(g.activity) + "," + (g.households > 0 ? "1" : "0");
    if (xy) csv += "," + exact(g.x) + "," + exact(g.y);
    csv += "\n";
  }
  return csv;
}

}  // namespace gridplan::io
