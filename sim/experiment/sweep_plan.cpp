// A sweep's run list: --grid values and numeric ranges, the cartesian product of the axes,
// validation of each point's scenario, and the fingerprint that --resume checks.
#include "gridplan/experiment/sweep_plan.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <set>

#include "gridplan/io/scenario_loader.hpp"

namespace gridplan::experiment {

namespace {

constexpr std::size_t kMaxRangeValues = 100000;
constexpr std::size_t kMaxRuns = 10000000;

std::string trim(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  const auto end = text.find_last_not_of(" \t");
  return text.substr(begin, end - begin + 1);
}

/// Splits at commas outside brackets, braces and quoted strings.
std::vector<std::string> split_top_level(const std::string& text) {
  std::vector<std::string> parts;
  std::string current;
  int depth = 0;
  char quote = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quote != 0) {
      if (c == '\\' && quote == '"' && i + 1 < text.size()) {
        current += c;
        current += text[++i];
        continue;
      }
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if (c == ']' || c == '}') {
      --depth;
    } else if (c == ',' && depth == 0) {
      parts.push_back(trim(current));
      current.clear();
      continue;
    }
    current += c;
  }
  parts.push_back(trim(current));
  return parts;
}

/// Parses all of `text` as a number of type T; false if it is not one.
template <typename T>
bool parse_number(const std::string& text, T& value) {
  const std::string t = trim(text);
  const char* begin = t.data();
  if (!t.empty() && t.front() == '+') ++begin;
  const auto [end, ec] = std::from_chars(begin, t.data() + t.size(), value);
  return ec == std::errc() && end == t.data() + t.size() && begin != end;
}

/// Whether a number's text is an integer literal (no '.', exponent, inf or nan).
bool is_integer_text(const std::string& text) {
  std::int64_t v = 0;
  return parse_number(text, v);
}

/// Shortest "%.*g" text that reads back as `value` after rounding away float noise (0.1 * 3).
std::string format_value(double value) {
  char text[40];
  std::snprintf(text, sizeof text, "%.12g", value);
  return text;
}

/// FNV-1a, 64 bits: a stable hash of the sweep definition (not a security measure).
std::uint64_t fnv1a(const std::string& text) {
  std::uint64_t h = 14695981039346656037ull;
  for (const unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::string hex16(std::uint64_t value) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
  return text;
}

/// The text the fingerprint hashes: everything that decides which runs exist and what they
/// compute. Warm-up deletion is left out: it changes only the summary, never a run.
std::string canonical_text(const SweepSpec& spec, const std::string& scenario_text,
                           const io::RecordedLog* log) {
  std::string text = "gridplan sweep " GRIDPLAN_VERSION "\n";
  text += "scenario " + std::to_string(scenario_text.size()) + "\n" + scenario_text + "\n";
  for (const std::string& set : spec.sets) text += "set " + set + "\n";
  for (const GridAxis& axis : spec.axes) {
    text += "axis " + axis.key + "\n";
    for (const std::string& v : axis.values) text += "  " + v + "\n";
  }
  text += "replications " + std::to_string(spec.replications) + "\n";
  text += std::string("streams ") + (spec.independent ? "independent" : "common") + "\n";
  // The log by its content, not its name: the same records moved elsewhere are the same sweep.
  if (log)
    text += "replay " + log->identity().sha256 + " " + std::to_string(log->identity().bytes) + " " +
            log->options().describe() + "\n";
  return text;
}

/// Rejects repeated axes and a key both swept and --set.
void check_axes(const SweepSpec& spec) {
  if (spec.replications < 1)
    throw SweepError("replications must be >= 1, got " + std::to_string(spec.replications));
  std::set<std::string> keys;
  for (const GridAxis& axis : spec.axes) {
    if (axis.key.empty()) throw SweepError("a swept key is empty");
    if (axis.values.empty()) throw SweepError("swept key '" + axis.key + "' has no values");
    if (!keys.insert(axis.key).second)
      throw SweepError("key '" + axis.key + "' is swept twice: give its values once");
  }
  for (const std::string& set : spec.sets) {
    const std::string key = trim(set.substr(0, set.find('=')));
    if (keys.count(key))
      throw SweepError("key '" + key + "' is both set (--set/--days) and swept: pick one");
  }
}

}  // namespace

std::vector<std::string> expand_range(const std::string& text) {
  const std::size_t first = text.find(':');
  if (first == std::string::npos) return {};
  const std::size_t second = text.find(':', first + 1);
  if (second == std::string::npos || text.find(':', second + 1) != std::string::npos) return {};
  const std::string parts[3] = {text.substr(0, first), text.substr(first + 1, second - first - 1),
                                text.substr(second + 1)};
  double start = 0, stop = 0, step = 0;
  if (!parse_number(parts[0], start) || !parse_number(parts[1], stop) ||
      !parse_number(parts[2], step))
    return {};
  const std::string where = "range '" + text + "'";
  if (step == 0 || !std::isfinite(start) || !std::isfinite(stop) || !std::isfinite(step))
    throw SweepError(where + ": the step must be a finite non-zero number");
  if ((stop - start) / step < 0)
    throw SweepError(where + ": the step goes away from the stop value");
  const double count = std::floor((stop - start) / step + 1e-9) + 1;
  if (count > static_cast<double>(kMaxRangeValues))
    throw SweepError(where + ": more than " + std::to_string(kMaxRangeValues) + " values");
  std::vector<std::string> values;
  const bool integers =
      is_integer_text(parts[0]) && is_integer_text(parts[1]) && is_integer_text(parts[2]);
  for (std::size_t i = 0; i < static_cast<std::size_t>(count); ++i) {
    if (integers) {
      std::int64_t a = 0, s = 0;
      parse_number(parts[0], a);
      parse_number(parts[2], s);
      values.push_back(std::to_string(a + static_cast<std::int64_t>(i) * s));
    } else {
      values.push_back(format_value(start + static_cast<double>(i) * step));
    }
  }
  return values;
}

GridAxis parse_grid_option(const std::string& text) {
  const std::size_t equals = text.find('=');
  GridAxis axis;
  axis.key = trim(text.substr(0, equals));
  if (equals == std::string::npos || axis.key.empty())
    throw SweepError("--grid '" + text + "': expected KEY=V1,V2,... or KEY=START:STOP:STEP");
  const std::vector<std::string> values = split_top_level(text.substr(equals + 1));
  for (const std::string& value : values) {
    if (value.empty())
      throw SweepError("--grid " + axis.key + ": an empty value in '" + text.substr(equals + 1) +
                       "'");
    const std::vector<std::string> range = expand_range(value);
    if (range.empty())
      axis.values.push_back(value);
    else
      axis.values.insert(axis.values.end(), range.begin(), range.end());
  }
  return axis;
}

std::vector<std::string> point_overrides(const SweepSpec& spec,
                                         const std::vector<std::string>& values) {
  std::vector<std::string> overrides = spec.sets;
  for (std::size_t a = 0; a < spec.axes.size(); ++a)
    overrides.push_back(spec.axes[a].key + "=" + values.at(a));
  return overrides;
}

SweepPlan make_sweep_plan(const SweepSpec& spec, const ScenarioLoader& load) {
  check_axes(spec);
  std::size_t count = 1;
  for (const GridAxis& axis : spec.axes) {
    count *= axis.values.size();
    if (count * static_cast<std::size_t>(spec.replications) > kMaxRuns)
      throw SweepError("the sweep has over " + std::to_string(kMaxRuns) + " runs");
  }
  SweepPlan plan;
  plan.spec = spec;
  plan.points.reserve(count);
  for (std::size_t p = 0; p < count; ++p) {
    SweepPoint point;
    // Mixed-radix digits of p, the last axis varying fastest.
    point.values.resize(spec.axes.size());
    std::size_t rest = p;
    for (std::size_t a = spec.axes.size(); a-- > 0;) {
      point.values[a] = spec.axes[a].values[rest % spec.axes[a].values.size()];
      rest /= spec.axes[a].values.size();
    }
    for (std::size_t a = 0; a < spec.axes.size(); ++a)
      point.label += (a ? ", " : "") + spec.axes[a].key + "=" + point.values[a];
    try {
      point.scenario = load(point_overrides(spec, point.values));
    } catch (const io::ScenarioError& e) {
      if (point.label.empty()) throw;
      throw io::ScenarioError("point " + std::to_string(p) + " (" + point.label + "): " + e.what());
    }
    plan.points.push_back(std::move(point));
  }
  if (spec.replay) {
    // One read per way of reading: points that differ in staffing share the first's log.
    std::vector<const SweepPoint*> readers;  // the first point of each way
    for (SweepPoint& point : plan.points) {
      for (const SweepPoint* r : readers)
        if (io::RecordedLog::same_reading(r->scenario, point.scenario)) {
          point.log = r->log;
          break;
        }
      if (point.log) continue;
      point.log = io::RecordedLog::load(*spec.replay, point.scenario);
      readers.push_back(&point);
    }
  }
  plan.fingerprint = hex16(fnv1a(canonical_text(spec, plan.points.front().scenario.source_text,
                                                plan.points.front().log.get())));
  return plan;
}

}  // namespace gridplan::experiment
