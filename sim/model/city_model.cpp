// City assembly: districts one after another in LP ids, the hotline centre last; the city's
// tables are the districts' tables joined with a district column, and the city's KPIs.
#include "gridplan/model/city_model.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "gridplan/kernel/time.hpp"
#include "gridplan/model/hotline_centre.hpp"
#include "gridplan/model/kpi.hpp"

namespace gridplan::model {

using kernel::Column;
using kernel::Table;

namespace {

/// Index of `source` in the district's sources; throws if it has none of that name.
int source_index(const Scenario& district, const std::string& source, const std::string& name) {
  for (int s = 0; s < static_cast<int>(district.sources.size()); ++s)
    if (district.sources[s].name == source) return s;
  throw std::invalid_argument("district " + name + " has no source '" + source +
                              "' for the hotline centre to take over");
}

/// `t` with a "district" column after its "run" column (or first), every row `district`.
Table with_district(Table t, const std::string& district) {
  Table out;
  out.name = t.name;
  out.description = t.description;
  const std::size_t rows = t.rows();
  Column label{"district", "", "district of the city", Column::Type::kString, {}, {}, {}};
  label.str.assign(rows, district);
  bool placed = false;
  for (Column& c : t.columns) {
    const bool run = c.name == "run";
    out.columns.push_back(std::move(c));
    if (run && !placed) {
      out.columns.push_back(label);
      placed = true;
    }
  }
  if (!placed) {
    out.columns.push_back(std::move(label));
    std::vector<std::size_t> order{out.columns.size() - 1};
    for (std::size_t i = 0; i + 1 < out.columns.size(); ++i) order.push_back(i);
    out.columns.permute(order);
  }
  return out;
}

bool counted(const std::string& unit) {
  return unit == "cases" || unit == "whistles" || unit == "disputes" || unit == "events" ||
         unit == "households";
}

/// The city's KPI row from the districts' (one row each): counts add up (backlog_max: the
/// sum of the districts' maxima, an upper bound); completion_rate is recomputed from the sums;
/// a "_worst_" KPI takes the worst district; every other KPI is the districts' values weighted
/// by their cases arrived, NaN values left out (results() then puts the exact pooled values in
/// place of the close-time and filing-wait KPIs).
Table city_kpi(const Table& districts, std::int64_t run_id, std::uint64_t events) {
  Table t;
  t.name = "kpi";
  t.description =
      "one row per run: the city's KPIs from its districts' (/districts): counts summed, close "
      "times and filing waits over all cases, other KPIs weighted by cases arrived "
      "(docs/model.md, \"A city\")";
  const std::vector<double>& weight = districts.column("cases_arrived").f64;
  for (const Column& c : districts.columns) {
    if (c.name == "district") continue;
    if (c.name == "run") {
      t.add_i64("run", c.unit, c.description).i64.push_back(run_id);
      continue;
    }
    double value = 0;
    if (c.name == "events") {
      value = static_cast<double>(events);
    } else if (c.name.find("_worst_") != std::string::npos) {
      value = std::nan("");
      for (double v : c.f64)
        if (!std::isnan(v))
          value = std::isnan(value) ? v : c.unit == "1" ? std::min(value, v) : std::max(value, v);
    } else if (counted(c.unit)) {
      for (double v : c.f64) value += v;
    } else {
      double sum = 0, w = 0;
      for (std::size_t d = 0; d < c.f64.size(); ++d)
        if (!std::isnan(c.f64[d])) {
          sum += weight[d] * c.f64[d];
          w += weight[d];
        }
      value = w > 0 ? sum / w : std::nan("");
    }
    t.add_f64(c.name, c.unit, c.description).f64.push_back(value);
  }
  const double arrived = t.column("cases_arrived").f64[0];
  t.column("completion_rate").f64[0] =
      arrived > 0 ? t.column("cases_closed").f64[0] / arrived : std::nan("");
  return t;
}

}  // namespace

CityModel::CityModel(const Scenario& scenario, std::uint64_t replication) : city_(*scenario.city) {
  const HotlineCentreSpec& centre = city_.centre;
  kernel::LpId next = 0;
  std::vector<kernel::LpId> platforms;
  for (const CityDistrict& d : city_.districts) {
    const int source = centre.enabled ? source_index(d.scenario, centre.source, d.name) : -1;
    districts_.push_back(
        std::make_unique<GovernanceModel>(d.scenario, replication, false, next, source));
    platforms.push_back(next);
    lp_counts_.push_back(districts_.back()->lps().size());
    next += static_cast<kernel::LpId>(lp_counts_.back());
  }
  if (centre.enabled) {
    const Scenario& first = city_.districts.front().scenario;
    const kernel::Calendar calendar(first.start_date, first.holidays, first.working_weekends,
                                    first.days + 400);
    centre_profile_ = build_source_profile(first, centre.calls, calendar, first.days, nullptr);
    centre_ = std::make_unique<HotlineCentreLp>(
        centre, &centre_profile_, kernel::RandomKey(scenario.seed, replication), platforms);
  }
}

CityModel::~CityModel() = default;

std::vector<kernel::LogicalProcess*> CityModel::lps() {
  std::vector<kernel::LogicalProcess*> out;
  for (auto& d : districts_)
    for (kernel::LogicalProcess* lp : d->lps()) out.push_back(lp);
  if (centre_) out.push_back(centre_.get());
  return out;
}

std::vector<std::uint32_t> CityModel::partition_of() const {
  std::vector<std::uint32_t> out;
  for (std::size_t d = 0; d < lp_counts_.size(); ++d)
    out.insert(out.end(), lp_counts_[d], static_cast<std::uint32_t>(d));
  if (centre_) out.push_back(static_cast<std::uint32_t>(lp_counts_.size()));
  return out;
}

std::vector<std::vector<std::uint32_t>> CityModel::senders() const {
  const auto centre = static_cast<std::uint32_t>(districts_.size());
  std::vector<std::vector<std::uint32_t>> out(districts_.size());
  if (!centre_) return out;
  for (auto& from : out) from.push_back(centre);
  out.emplace_back();
  return out;
}

double CityModel::between_partitions_seconds() const {
  return centre_ ? city_.centre.transfer_min_minutes * kernel::kMinute : horizon_seconds() + 1.0;
}

double CityModel::horizon_seconds() const {
  return districts_.front()->horizon_seconds();
}

double CityModel::lookahead_seconds() const {
  double least = districts_.front()->lookahead_seconds();
  for (const auto& d : districts_) least = std::min(least, d->lookahead_seconds());
  return least;
}

std::uint64_t CityModel::cases_so_far() const {
  std::uint64_t n = 0;
  for (const auto& d : districts_) n += d->cases_so_far();
  return n;
}

std::vector<Table> CityModel::results(std::int64_t run_id, std::uint64_t events) {
  // The city's time KPIs over all its cases, as a district's are over its own: pooled first
  // (the districts' results() release their per-case vectors), the copies freed at once.
  std::vector<std::pair<const char*, double>> exact;
  {
    PooledTimes pooled;
    for (const auto& d : districts_) d->append_times(pooled);
    const double nan = std::nan("");
    std::vector<float>& close = pooled.close_hours;
    double close_sum = 0;
    for (float h : close) close_sum += h;
    exact.emplace_back("close_hours_mean",
                       close.empty() ? nan : close_sum / static_cast<double>(close.size()));
    exact.emplace_back("close_hours_p50", quantile_nearest_rank(close, 0.50));
    exact.emplace_back("close_hours_p90", quantile_nearest_rank(close, 0.90));
    exact.emplace_back("close_hours_p99", quantile_nearest_rank(close, 0.99));
    exact.emplace_back("overdue_close_hours_p90",
                       quantile_nearest_rank(pooled.overdue_close_hours, 0.90));
    std::vector<float>& waits = pooled.triage_waits;
    const auto waited = std::count_if(waits.begin(), waits.end(), [](float x) { return x > 0; });
    exact.emplace_back(
        "triage_wait_probability",
        waits.empty() ? nan : static_cast<double>(waited) / static_cast<double>(waits.size()));
    exact.emplace_back("triage_wait_hours_p95", quantile_nearest_rank(waits, 0.95) / kernel::kHour);
  }
  std::vector<Table> out;
  Table districts;
  for (std::size_t d = 0; d < districts_.size(); ++d) {
    const std::string& name = city_.districts[d].name;
    std::vector<Table> tables = districts_[d]->results(run_id, 0);
    for (std::size_t i = 0; i < tables.size(); ++i) {
      Table t = with_district(std::move(tables[i]), name);
      if (t.name == "kpi") {
        // The engine counts the city's events, not a district's.
        t.column("events").f64.assign(1, std::nan(""));
        t.name = "districts";
        t.description =
            "one row per district and run: the district's KPIs (as /kpi of a "
            "district run; events NaN, the engine counts the city's)";
        if (d == 0)
          districts = std::move(t);
        else
          districts.append(t);
        continue;
      }
      if (d == 0) {
        out.push_back(std::move(t));
        continue;
      }
      // The same tables come in the same order from every district.
      Table* joined = nullptr;
      for (Table& o : out)
        if (o.name == t.name) joined = &o;
      if (!joined)
        throw std::invalid_argument("district " + name + " has table " + t.name + ", district " +
                                    city_.districts.front().name + " has not");
      try {
        joined->append(t);
      } catch (const std::exception&) {
        throw std::invalid_argument("districts " + city_.districts.front().name + " and " + name +
                                    " give table " + t.name +
                                    " different columns (their sources, categories or "
                                    "departments differ): a city's districts must share them");
      }
    }
  }
  Table kpi = city_kpi(districts, run_id, events);
  for (const auto& [name, value] : exact) kpi.column(name).f64.at(0) = value;
  Table centre;
  centre.name = "hotline_centre";
  centre.description = "one row per district and run: calls the city hotline centre transferred";
  auto& run = centre.add_i64("run", "", "run id").i64;
  auto& name = centre.add_str("district", "district of the city").str;
  auto& moved =
      centre.add_i64("calls_transferred", "calls", "calls sent to the district's platform").i64;
  auto& delay = centre.add_f64("transfer_minutes_mean", "minutes", "mean transfer delay").f64;
  for (std::size_t d = 0; d < districts_.size(); ++d) {
    run.push_back(run_id);
    name.push_back(city_.districts[d].name);
    const std::uint64_t n = centre_ ? centre_->stats().transferred[d] : 0;
    moved.push_back(static_cast<std::int64_t>(n));
    delay.push_back(n ? centre_->stats().transfer_minutes_sum[d] / static_cast<double>(n)
                      : std::nan(""));
  }
  const HotlineCentreStats none;
  const HotlineCentreStats& s = centre_ ? centre_->stats() : none;
  kpi.add_f64("hotline_centre_calls", "calls", "calls the city hotline centre received")
      .f64.push_back(static_cast<double>(s.calls));
  kpi.add_f64("hotline_centre_closed", "calls", "calls the centre answered itself")
      .f64.push_back(static_cast<double>(s.closed_at_centre));
  out.insert(out.begin(), std::move(districts));
  out.insert(out.begin(), std::move(kpi));
  out.push_back(std::move(centre));
  return out;
}

}  // namespace gridplan::model
