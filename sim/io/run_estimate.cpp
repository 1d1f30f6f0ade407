// The cost model of a run: a sum of terms, each a count of the scenario times a coefficient that
// was measured on the baseline or read off the model's data structures.
//
// Measured with the baseline (scenarios/hongqiao-2023.toml: 990 grids, 18 logical processes,
// 1,189,856 cases and 6,337,400 events in 365 days) on the Release build, peak memory being
// "Maximum resident set size" of `/usr/bin/time -v`:
//   gridplan run hongqiao-2023.toml --out x.h5                  66,492 KiB
//   ... --days 730                     (2,419,350 cases)        88,228 KiB
//   ... --trace                                                 333,308 KiB
//   ... --days 1, every sources.*.per_year=0                    48,488 KiB
//   ... --days 1, whistle.repeat_rule=false, nonresidential_grid_share=0:
//       990 grids 48,052 KiB; 80,990 grids (streets.heyuan.basic_grids=80042) 206,800 KiB
//   ... --days 365, grid workers never on duty (grid_worker.shift all 0, patrol_hours=0),
//       sources.hotline.per_year=2000000: 2,027,795 cases open at the end   392,216 KiB
//   the largest backlog at the end of a day (/timeseries/daily): 12,493 cases
//   ... sources.patrol.per_year=10880000 (overloaded grid workers: cases pile up) 1,493,196 KiB,
//       which only the "if cases pile up" figure (every case open) covers
#include "gridplan/io/run_estimate.hpp"

#include <unistd.h>
#include "gridplan/model/city.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace gridplan::io {

namespace {

// 6,337,400 events / 1,189,856 cases (the same ratio over 730 days).
constexpr double kEventsPerCase = 5.33;
// The program, its libraries and a run's fixed tables: 48,488 KiB with 990 grids and no case,
// less the grids' share (990 x 2.9 kB).
constexpr double kBaseBytes = 47e6;
// Per grid: its worker's queue, alias tables, output rows: (206,800 - 48,052) KiB / 80,000 grids
// = 2,032 B, less the LPs' per-grid tallies (19 x 16 B), which are counted apart.
constexpr double kGridBytes = 1728;
// Four 32-bit per-grid tallies in every LP's statistics, plus the merged copy.
constexpr double kGridTallyBytesPerLp = 16;
// Per case over the run (close and wait times kept for the KPIs): (88,228 - 66,492) KiB /
// 1,229,494 more cases = 18 B, plus 4 B for the wait kept again by hour (/service/hourly).
constexpr double kCaseBytes = 22;
// Per open case: its record and queue link (392,216 - 48,736) KiB / 2,027,795 queued cases =
// 173 B, plus a pending event for cases in service, plus 8 B since (t_operator_queue).
constexpr double kOpenCaseBytes = 208;
// Peak open cases in days of arrivals: 12,493 / 3,260 cases a day = 3.8.
constexpr double kOpenDays = 4;
// With --trace, a /cases row per case: (333,308 - 66,492) KiB / 1,189,856 cases = 230 B; over
// 730 days (700,064 KiB with --trace) 259 B; 8 B more since (t_operator_queue).
constexpr double kTraceBytesPerCase = 268;
// Per day and LP: the series of LpStats, two hourly (2 x 24 x 4 B) and twelve daily (8 x 4 B +
// 4 x 8 B).
constexpr double kDayBytesPerLp = 256;
// Per office and LP: LpStats' office tallies (7 x 4 B + 2 x 8 B, rounded up).
constexpr double kOfficeBytesPerLp = 48;
// Per office, month and LP: the monthly office tallies (5 x 4 B + 2 x 8 B).
constexpr double kOfficeMonthBytesPerLp = 36;
// Per mediation centre, month and LP: four 32-bit monthly tallies; per centre and LP six more.
constexpr double kCentreMonthBytesPerLp = 16, kCentreBytesPerLp = 24;
// Drills: a team member (TeamMember with its random stream, vector growth), a covered
// household's time (float), a row of /emergency/coverage (six columns, then the HDF5 copy).
constexpr double kPersonBytes = 200, kHouseholdBytes = 4, kCurveRowBytes = 120;

/// Logical processes: the platform, the streets, the departments and the drills.
double logical_processes(const model::Scenario& sc) {
  return 1.0 + sc.streets.size() + sc.departments.size() + sc.emergencies.size();
}

/// What a drill's area holds, by the street totals (overlaps counted twice: an upper bound).
struct DrillArea {
  double grids = 0, communities = 0, households = 0;
};

DrillArea drill_area(const model::Scenario& sc, const model::EmergencySpec& e) {
  DrillArea area;
  const auto add = [&](const model::StreetSpec& s, double grids, double communities) {
    area.grids += grids;
    area.communities += communities;
    area.households += s.households * grids / s.basic_grids;
  };
  for (const model::StreetSpec& s : sc.streets)
    for (const std::string& name : e.streets)
      if (name == s.name) add(s, s.basic_grids, s.communities);
  // Community and grid indexes are district-wide: find the street that holds each.
  const auto street_of = [&](int index, bool community) -> const model::StreetSpec* {
    for (const model::StreetSpec& s : sc.streets) {
      const int size = community ? s.communities : s.basic_grids;
      if (index < size) return &s;
      index -= size;
    }
    return nullptr;
  };
  for (int c : e.communities)
    if (const model::StreetSpec* s = street_of(c, true))
      add(*s, std::ceil(double(s->basic_grids) / s->communities), 1);
  for (int g : e.grids)
    if (const model::StreetSpec* s = street_of(g, false)) add(*s, 1, 1);
  return area;
}

/// Whether the drill starts within the run's days (otherwise it costs nothing).
bool drill_in_run(const model::Scenario& sc, const model::EmergencySpec& e) {
  const long day = e.date.to_days() - sc.start_date.to_days();
  return day >= 0 && day < sc.days;
}

/// Adds a drill's people, knocks and coverage curve to `estimate`.
void add_drill(const model::Scenario& sc, const model::EmergencySpec& e, RunEstimate& estimate) {
  const DrillArea area = drill_area(sc, e);
  double people = 0;
  for (const model::TeamGroupSpec& g : sc.teams)
    people += g.per_grid * area.grids + g.per_community * area.communities;
  // Knocks per household: 1 + p + ... + p^(m-1) for p = p_not_home, m = max_attempts.
  const double p = e.p_not_home;
  const double knocks = p > 0 ? (1 - std::pow(p, e.max_attempts)) / (1 - p) : 1;
  estimate.events += 2 * people + 2 * area.households * knocks;
  const double curve_rows = (std::ceil(e.target_hours * 60) + 1) * (area.grids + 1);
  estimate.peak_bytes +=
      people * kPersonBytes + area.households * kHouseholdBytes + curve_rows * kCurveRowBytes;
}

/// Memory that depends on the structure alone (grids, days, centres), not on the cases.
double structure_bytes(const model::Scenario& sc) {
  const double lps = logical_processes(sc) + 1;  // + the merged statistics
  double grids = 0, centres = 1.0 + sc.streets.size();
  for (const model::StreetSpec& s : sc.streets) {
    grids += s.basic_grids;
    centres += s.communities;
  }
  const model::WhistleSpec& w = sc.whistle;
  const double repeat_ring = w.enabled && w.repeat_rule
                                 ? sc.categories.size() * (8.0 * w.repeat_count + 4)
                                 : 0;  // whistle rule 2: the last repeat_count times per key
  const double months = std::ceil(sc.days / 28.0) + 1;
  const double offices = static_cast<double>(sc.streets.size() + sc.departments.size());
  return grids * (kGridBytes + kGridTallyBytesPerLp * lps + repeat_ring) +
         sc.days * kDayBytesPerLp * lps +
         offices * lps * (kOfficeBytesPerLp + kOfficeMonthBytesPerLp * months) +
         centres * lps * (kCentreMonthBytesPerLp * months + kCentreBytesPerLp);
}

}  // namespace

RunEstimate estimate_run(const model::Scenario& sc, bool trace) {
  RunEstimate e;
  if (sc.city) {  // the districts' runs in one process: the program's own memory counted once
    for (const model::CityDistrict& d : sc.city->districts) {
      const RunEstimate part = estimate_run(d.scenario, trace);
      e.cases += part.cases;
      e.events += part.events;
      e.peak_bytes += part.peak_bytes - kBaseBytes;
      e.worst_bytes += part.worst_bytes - kBaseBytes;
    }
    e.peak_bytes += kBaseBytes;
    e.worst_bytes += kBaseBytes;
    return e;
  }
  double per_year = 0;
  for (const model::SourceSpec& s : sc.sources) per_year += s.per_year;
  e.cases = per_year * sc.days / 365.0;
  e.events = e.cases * kEventsPerCase;
  const double open = std::min(e.cases, e.cases / sc.days * kOpenDays);
  e.peak_bytes = kBaseBytes + structure_bytes(sc) + e.cases * kCaseBytes + open * kOpenCaseBytes +
                 (trace ? e.cases * kTraceBytesPerCase : 0);
  for (const model::EmergencySpec& drill : sc.emergencies)
    if (drill_in_run(sc, drill)) add_drill(sc, drill, e);
  e.worst_bytes = e.peak_bytes + (e.cases - open) * kOpenCaseBytes;
  return e;
}

namespace {

/// GRIDPLAN_MEMORY_BYTES as a positive number of bytes, or 0 if unset or not one.
double memory_from_environment() {
  const char* text = std::getenv("GRIDPLAN_MEMORY_BYTES");
  if (!text || !*text) return 0;
  char* end = nullptr;
  const double bytes = std::strtod(text, &end);
  return *end == '\0' && std::isfinite(bytes) && bytes > 0 ? bytes : 0;
}

}  // namespace

double usable_memory_bytes() {
  if (const double set = memory_from_environment(); set > 0) return set;
  const long pages = sysconf(_SC_PHYS_PAGES), page_size = sysconf(_SC_PAGE_SIZE);
  return pages > 0 && page_size > 0 ? double(pages) * double(page_size) : 0;
}

std::string describe_memory(double bytes) {
  return (memory_from_environment() > 0 ? "GRIDPLAN_MEMORY_BYTES allows " : "this machine has ") +
         format_bytes(bytes);
}

std::string format_bytes(double bytes) {
  char text[32];
  if (bytes < 1e9)
    std::snprintf(text, sizeof text, "%.0f MB", bytes / 1e6);
  else if (bytes < 1e12)
    std::snprintf(text, sizeof text, "%.3g GB", bytes / 1e9);
  else
    std::snprintf(text, sizeof text, "%.3g TB", bytes / 1e12);
  return text;
}

namespace {

/// "1.19 M", "6.34 G", "5,000": a count for people.
std::string format_count(double n) {
  char text[32];
  if (n >= 1e9)
    std::snprintf(text, sizeof text, "%.3g G", n / 1e9);
  else if (n >= 1e6)
    std::snprintf(text, sizeof text, "%.3g M", n / 1e6);
  else
    std::snprintf(text, sizeof text, "%.0f", n);
  return text;
}

}  // namespace

std::string describe_estimate(const RunEstimate& e) {
  return format_count(e.cases) + " cases, " + format_count(e.events) +
         " events, peak memory about " + format_bytes(e.peak_bytes) + " (up to " +
         format_bytes(e.worst_bytes) + " if cases pile up)";
}

std::string memory_shortfall(const RunEstimate& e, int runs_at_once, double memory_bytes) {
  const double needed = e.peak_bytes * std::max(1, runs_at_once);
  if (memory_bytes <= 0 || needed <= memory_bytes) return "";
  const std::string runs =
      runs_at_once > 1 ? std::to_string(runs_at_once) + " runs at once of " : "a run of ";
  return "needs about " + format_bytes(needed) + " of memory (" + runs + describe_estimate(e) +
         ") but " + describe_memory(memory_bytes);
}

}  // namespace gridplan::io
