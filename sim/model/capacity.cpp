// Offered load by pool (docs/model.md, "Offered load"): the expected work each pool receives,
// following the cases' routes of docs/model.md, "The closed loop", with every time at its mean.
#include "gridplan/model/capacity.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <utility>

namespace gridplan::model {

namespace {

using kernel::kHour;

std::string fixed(double x, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
  return buf;
}

/// Hours with a precision a planner reads: "72", "7.5".
std::string hours_text(double h) {
  return fixed(h, h >= 10 ? 0 : 1);
}

std::string hour_name(int h) {
  return (h < 10 ? "0" : "") + std::to_string(h) + ":00";
}

/// What one source brings over the run's days: cases by category and by hour of arrival.
struct SourceArrivals {
  std::vector<double> by_category;
  std::array<std::array<double, 24>, 2> by_hour{};  // [rest, working day][hour of arrival]
  double total = 0;
};

SourceArrivals expected_arrivals(const RunConfig& cfg, int source) {
  const SourceProfile& prof = cfg.profiles[source];
  SourceArrivals a;
  a.by_category.assign(cfg.sc.categories.size(), 0.0);
  for (int d = 0; d < cfg.sc.days; ++d) {
    const int working = prof.working[d] ? 1 : 0;
    const double base = prof.rate_per_unit * prof.day_factor[d] * kHour;
    double day_total = 0;
    for (int h = 0; h < 24; ++h) {
      const double x = base * prof.hour_factor[working][h];
      a.by_hour[working][h] += x;
      day_total += x;
    }
    // A case picks its category by these weights (pick_index normalises them).
    const std::vector<double>& shares = prof.in_season[d] ? prof.shares_in : prof.shares_out;
    double sum = 0;
    for (double s : shares) sum += s;
    if (sum > 0)
      for (std::size_t c = 0; c < shares.size(); ++c)
        a.by_category[c] += day_total * shares[c] / sum;
    a.total += day_total;
  }
  return a;
}

/// Each grid's share of a source's cases: patrol by activity, others by their grid weight.
std::vector<double> grid_shares(const RunConfig& cfg, const SourceSpec& src) {
  const bool by_activity = src.found_by_worker || src.grid_weight != "households";
  std::vector<double> w;
  double sum = 0;
  for (const BasicGrid& g : cfg.district.grids) {
    w.push_back(by_activity ? g.activity : g.households);
    sum += w.back();
  }
  for (double& x : w) x = sum > 0 ? x / sum : 0.0;
  return w;
}

/// Work over the whole run, in hours, by pool.
struct RunWork {
  std::array<std::array<double, 24>, 2> filing{};  // operator-hours [rest, working][hour]
  std::vector<double> office;                      // staff-hours by office
  std::vector<double> grid;                        // grid worker hours on cases, by grid
  double mediation_disputes = 0;                   // disputes entering the community centres
};

RunWork run_work(const RunConfig& cfg) {
  const Scenario& sc = cfg.sc;
  RunWork work;
  work.office.assign(cfg.n_offices, 0.0);
  work.grid.assign(cfg.district.grids.size(), 0.0);
  const bool mediation = sc.mediation.enabled;
  int dispute = -1;
  for (std::size_t c = 0; c < sc.categories.size(); ++c)
    if (sc.categories[c].name == sc.mediation.dispute_category) dispute = static_cast<int>(c);
  // A failed check sends the case back for staff work and another check: 1 / (1 - p) of each.
  const double visits = 1.0 / (1.0 - sc.grid_worker.p_verification_fail);
  const double file_hours = sc.platform.file_minutes.mean() / 60.0;
  for (int s = 0; s < static_cast<int>(sc.sources.size()); ++s) {
    const SourceSpec& src = sc.sources[s];
    const SourceArrivals a = expected_arrivals(cfg, s);
    if (a.total <= 0) continue;
    if (src.to_mediation && mediation) {
      work.mediation_disputes += a.total;
      continue;
    }
    const std::vector<double> grid_w = grid_shares(cfg, src);
    std::vector<double> street_w(cfg.n_streets, 0.0);
    for (std::size_t g = 0; g < grid_w.size(); ++g) street_w[cfg.street_of_grid(g)] += grid_w[g];
    const bool at_platform = cfg.enters_at_platform[s];
    double filed = 0, worker_minutes = 0;
    for (std::size_t c = 0; c < sc.categories.size(); ++c) {
      const CategorySpec& cat = sc.categories[c];
      const double n = a.by_category[c];
      const double dispatched = n * (1.0 - cat.settle_in_grid);
      worker_minutes += n * cat.settle_in_grid * cat.settle_minutes.mean();
      if (!at_platform) worker_minutes += dispatched * sc.grid_worker.report_minutes.mean();
      filed += at_platform ? n : dispatched;
      double to_office = dispatched;
      if (mediation && static_cast<int>(c) == dispute) {
        work.mediation_disputes += dispatched * sc.mediation.referral_share;
        to_office -= dispatched * sc.mediation.referral_share;
      }
      worker_minutes += to_office * visits * sc.grid_worker.verify_minutes.mean();
      const double staff_hours = to_office * visits * cat.staff_hours.mean();
      const CategoryHandlers& h = cfg.category_handlers[c];
      for (std::size_t k = 0; k < h.departments.size(); ++k) {
        if (h.departments[k] >= 0) {
          work.office[cfg.n_streets + h.departments[k]] += staff_hours * h.shares[k];
        } else {
          for (int st = 0; st < cfg.n_streets; ++st)
            work.office[st] += staff_hours * h.shares[k] * street_w[st];
        }
      }
    }
    for (int k = 0; k < 2; ++k)
      for (int h = 0; h < 24; ++h)
        work.filing[k][h] += a.by_hour[k][h] / a.total * filed * file_hours;
    for (std::size_t g = 0; g < grid_w.size(); ++g)
      work.grid[g] += worker_minutes / 60.0 * grid_w[g];
  }
  return work;
}

// Each hour on the kind of day that loads it more (working days for patrol and the hotline), so
// that a weekday peak is not averaged away by the weekends; the whole day over every day.
void add_operators(const RunConfig& cfg, const RunWork& work, std::vector<PoolLoad>& out) {
  std::array<double, 2> days{};  // [rest, working]
  for (int d = 0; d < cfg.sc.days; ++d) ++days[cfg.calendar.is_working_day(d) ? 1 : 0];
  double load = 0, on = 0;
  for (int h = 0; h < 24; ++h) {
    const auto per_day = [&](int k) { return days[k] > 0 ? work.filing[k][h] / days[k] : 0.0; };
    const int k = per_day(1) >= per_day(0) ? 1 : 0;
    const int ops = cfg.operators_by_hour(k == 1)[h];
    PoolLoad p{"operators",
               hour_name(h),
               "at " + hour_name(h) + (k == 1 ? " on a working day" : " on a rest day"),
               per_day(k),
               static_cast<double>(ops),
               ops,
               false};
    out.push_back(p);
    load += work.filing[0][h] + work.filing[1][h];
    for (int kind = 0; kind < 2; ++kind) on += days[kind] * cfg.operators_by_hour(kind == 1)[h];
  }
  const double all_days = cfg.sc.days;
  on /= std::max(1.0, all_days);  // operator-hours on duty in an average day
  out.push_back({"operators", "whole day", "a day", load / all_days, on,
                 static_cast<int>(std::lround(on / 24.0)), true});
}

void add_offices(const RunConfig& cfg, const RunWork& work, std::vector<PoolLoad>& out) {
  const double weeks = cfg.sc.days / 7.0;
  for (int o = 0; o < cfg.n_offices; ++o) {
    const bool street = o < cfg.n_streets;
    const int staff =
        street ? cfg.sc.streets[o].office_staff : cfg.sc.departments[o - cfg.n_streets].staff;
    const double on_hours = cfg.office_shift(o).on_seconds(0, cfg.horizon) / kHour;
    out.push_back({street ? "street office" : "department", cfg.office_name(o), "a week",
                   work.office[o] / weeks, staff * on_hours / weeks, staff, true});
  }
}

void add_grid_workers(const RunConfig& cfg, const RunWork& work, std::vector<PoolLoad>& out) {
  const double weeks = cfg.sc.days / 7.0;
  // Patrol counts as busy time: the lesser of patrol_hours and the day's shift, per duty day.
  double patrol = 0;
  for (int d = 0; d < cfg.sc.days; ++d) {
    const double on = cfg.worker_shift.on_seconds(d * kernel::kDay, (d + 1) * kernel::kDay) / kHour;
    patrol += std::min(cfg.sc.grid_worker.patrol_hours, on);
  }
  const double on_hours = cfg.worker_shift.on_seconds(0, cfg.horizon) / kHour;
  std::vector<double> street_load(cfg.n_streets, 0.0);
  int busiest = -1;
  for (std::size_t g = 0; g < work.grid.size(); ++g) {
    street_load[cfg.street_of_grid(g)] += work.grid[g];
    if (busiest < 0 || work.grid[g] > work.grid[busiest]) busiest = static_cast<int>(g);
  }
  for (int st = 0; st < cfg.n_streets; ++st) {
    const int workers = cfg.sc.streets[st].basic_grids;
    out.push_back({"grid workers", cfg.sc.streets[st].name, "a week",
                   (street_load[st] + workers * patrol) / weeks, workers * on_hours / weeks,
                   workers, true, patrol / weeks});
  }
  if (busiest >= 0) {
    const std::string street = cfg.sc.streets[cfg.street_of_grid(busiest)].name;
    out.push_back({"grid worker", "busiest grid " + std::to_string(busiest) + " (" + street + ")",
                   "a week", (work.grid[busiest] + patrol) / weeks, on_hours / weeks, 1, true,
                   patrol / weeks});
  }
}

void add_mediation(const RunConfig& cfg, const RunWork& work, std::vector<PoolLoad>& out) {
  const MediationSpec& m = cfg.sc.mediation;
  if (!m.enabled) return;
  const double weeks = cfg.sc.days / 7.0;
  const double on_hours = cfg.mediation_shift.on_seconds(0, cfg.horizon) / kHour;
  // Rooms add their mediators to the level that hosts them.
  double room_community = 0, room_street = 0;
  for (const RoomSpec& r : m.rooms)
    for (const StreetSpec& st : cfg.sc.streets) {
      const bool hosts = r.streets.empty() ||
                         std::find(r.streets.begin(), r.streets.end(), st.name) != r.streets.end();
      if (!hosts) continue;
      if (r.level == "community")
        room_community += r.mediators * st.communities;
      else
        room_street += r.mediators;
    }
  const double community = work.mediation_disputes;
  const double street = community * (1.0 - m.community.p_resolve);
  const double district = street * (1.0 - m.street.p_resolve);
  const auto level = [&](const char* name, const MediationLevelSpec& l, double disputes,
                         double mediators) {
    out.push_back({"mediation", name, "a week", disputes * l.mediator_hours.mean() / weeks,
                   mediators * on_hours / weeks, static_cast<int>(std::lround(mediators)), true});
  };
  level("community centres", m.community, community,
        cfg.n_communities * m.community.mediators + room_community);
  level("street centres", m.street, street, cfg.n_streets * m.street.mediators + room_street);
  level("district centre", m.district, district, m.district.mediators);
}

// A drill's household visits (knocks repeated while nobody is home) against its teams' time up
// to the coverage target; mobilisation delays and walks are not counted, so this is a floor.
void add_drills(const RunConfig& cfg, std::vector<PoolLoad>& out) {
  for (const EmergencySpec& e : cfg.sc.emergencies) {
    const std::vector<int> grids = drill_grids(cfg, e);
    double households = 0;
    std::vector<int> communities;
    for (int g : grids) {
      households += cfg.district.grids[g].households;
      communities.push_back(cfg.district.grids[g].community);
    }
    std::sort(communities.begin(), communities.end());
    communities.erase(std::unique(communities.begin(), communities.end()), communities.end());
    double people = 0;
    for (const TeamGroupSpec& t : cfg.sc.teams)
      people += t.per_grid * static_cast<double>(grids.size()) +
                t.per_community * static_cast<double>(communities.size());
    double knocks = 0, p = 1;
    for (int k = 0; k < e.max_attempts; ++k, p *= e.p_not_home) knocks += p;
    out.push_back(
        {"drill", e.name,
         "within " + hours_text(e.target_hours) + " hours (mobilisation and walks not counted)",
         households * knocks * e.visit_minutes.mean() / 60.0, people * e.target_hours,
         static_cast<int>(std::lround(people)), false});
  }
}

std::string label(const PoolLoad& p) {
  if (p.kind == "operators")
    return "operators " + (p.whole_period ? "over the " + p.name : "at " + p.name);
  return p.kind + " \"" + p.name + "\"";
}

std::string staff_noun(const PoolLoad& p) {
  if (p.kind == "operators") return "operators";
  if (p.kind == "grid workers") return "grid workers (basic grids)";
  if (p.kind == "mediation") return "mediators";
  if (p.kind == "drill") return "team members";
  return "staff";
}

}  // namespace

std::vector<int> drill_grids(const RunConfig& config, const EmergencySpec& drill) {
  std::vector<int> grids;
  for (std::size_t g = 0; g < config.district.grids.size(); ++g) {
    const BasicGrid& grid = config.district.grids[g];
    const std::string& street = config.sc.streets[grid.street].name;
    const auto has = [](const auto& list, const auto& x) {
      return std::find(list.begin(), list.end(), x) != list.end();
    };
    if (has(drill.streets, street) || has(drill.communities, grid.community) ||
        has(drill.grids, static_cast<int>(g)))
      grids.push_back(static_cast<int>(g));
  }
  return grids;
}

double PoolLoad::utilisation() const {
  if (capacity_hours > 0) return load_hours / capacity_hours;
  return load_hours > 0 ? std::numeric_limits<double>::infinity() : 0.0;
}

int PoolLoad::staff_for(double target) const {
  const double per_person = staff > 0 ? capacity_hours / staff : 0.0;
  if (!(per_person > 0)) return std::max(1, staff);
  // n persons: (shared + n x own) / (n x per_person) <= target.
  const double shared = load_hours - staff * own_hours_per_person;
  const double room = per_person * target - own_hours_per_person;
  if (!(room > 0)) return -1;
  return std::max(1, static_cast<int>(std::ceil(shared / room - 1e-9)));
}

std::vector<PoolLoad> offered_load(const RunConfig& config) {
  const RunWork work = run_work(config);
  std::vector<PoolLoad> out;
  add_operators(config, work, out);
  add_offices(config, work, out);
  add_grid_workers(config, work, out);
  add_mediation(config, work, out);
  add_drills(config, out);
  return out;
}

namespace {

/// A run of consecutive operator hours at kWarnUtilisation or more, as one line: its worst hour's
/// load and the operators that bring each hour to kTargetUtilisation.
std::string operator_hours_warning(const std::vector<const PoolLoad*>& hours) {
  const PoolLoad* worst = hours.front();
  std::string staff;
  for (const PoolLoad* h : hours) {
    if (h->utilisation() > worst->utilisation()) worst = h;
    staff += (staff.empty() ? "" : ", ") + std::to_string(h->staff_for(kTargetUtilisation));
  }
  if (hours.size() == 1)
    return label(*worst) + ": offered " + fixed(worst->utilisation(), 2) + " (" +
           hours_text(worst->load_hours) + " operator-hours needed " + worst->per + ", " +
           std::to_string(worst->staff) + " on duty); " + staff + " operators would bring it to " +
           fixed(kTargetUtilisation, 2);
  return "operators at " + hours.front()->name + "-" + hours.back()->name.substr(0, 2) +
         ":59: offered up to " + fixed(worst->utilisation(), 2) + " (" +
         hours_text(worst->load_hours) + " operator-hours needed " + worst->per + ", " +
         std::to_string(worst->staff) + " on duty); " + staff +
         " operators, hour by hour, would bring them to " + fixed(kTargetUtilisation, 2);
}

}  // namespace

std::vector<std::string> capacity_warnings(const std::vector<PoolLoad>& pools) {
  std::vector<std::string> lines;
  std::vector<const PoolLoad*> hours;  // consecutive operator hours at the threshold
  for (std::size_t i = 0; i < pools.size(); ++i) {
    const PoolLoad& p = pools[i];
    const double u = p.utilisation();
    const bool hour = p.kind == "operators" && !p.whole_period;
    if (hour && u >= kWarnUtilisation) {
      hours.push_back(&p);
      const bool next_too = i + 1 < pools.size() && pools[i + 1].kind == "operators" &&
                            !pools[i + 1].whole_period &&
                            pools[i + 1].utilisation() >= kWarnUtilisation;
      if (!next_too) lines.push_back(operator_hours_warning(std::exchange(hours, {})));
      continue;
    }
    if (!(u >= kWarnUtilisation)) continue;
    const bool operators = p.kind == "operators";
    std::string line = label(p) + ": offered " + fixed(u, 2) + " (" + hours_text(p.load_hours) +
                       (operators ? " operator-hours" : " staff-hours") + " needed " + p.per +
                       ", " + hours_text(p.capacity_hours) + " on duty)";
    const int fix = p.capacity_hours > 0 ? p.staff_for(kTargetUtilisation) : -1;
    if (fix > 0 && p.kind == "grid worker")  // one worker a grid, by design
      line += "; split into " + std::to_string(fix) + " grids, each would be at " +
              fixed(kTargetUtilisation, 2) + " or less";
    else if (fix > 0)
      line += "; " + std::to_string(fix) + " " + staff_noun(p) +
              (operators ? " around the clock" : "") + " would bring it to " +
              fixed(kTargetUtilisation, 2);
    if (p.whole_period && u >= 1.0)
      line += "; more work arrives than its staff can do, so its queue grows for ever";
    lines.push_back(line);
  }
  return lines;
}

}  // namespace gridplan::model
