// EmergencyLp: team sizes per grid, mobilisation (on/off duty, day/night), door-to-door visits
// with revisits and a phone fallback, help between the grids of a community; and the coverage
// tables and KPIs read off the drill afterwards.
#include "gridplan/model/emergency_drill.hpp"

#include <algorithm>
#include <cmath>

#include "gridplan/model/random_purpose.hpp"
#include "gridplan/model/street_office.hpp"

namespace gridplan::model {

using kernel::kDay;
using kernel::kHour;
using kernel::kMinute;

std::int64_t people_share(double per_unit, int k) {
  // In double and 64 bits: int wrapped 2^31 people a grid to a negative team.
  return std::llround((k + 1.0) * per_unit) - std::llround(k * per_unit);
}

EmergencyLp::EmergencyLp(const RunConfig& config, int drill)
    : config_(config),
      spec_(config.sc.emergencies[drill]),
      drill_(drill),
      name_("emergency:" + config.sc.emergencies[drill].name) {
  const Scenario& sc = config.sc;
  t0_ = (spec_.date.to_days() - sc.start_date.to_days()) * kDay + spec_.start_hour * kHour;
  for (const int g : drill_area_grids(spec_, sc, config.district)) {
    DrillGrid d;
    d.grid = g;
    d.community = config.district.grids[g].community;
    d.households = static_cast<int>(std::lround(config.district.grids[g].households));
    d.first_left = d.households;
    grids_.push_back(d);
  }
}

std::vector<int> drill_area_grids(const EmergencySpec& spec, const Scenario& sc,
                                  const District& district) {
  // The area: whole streets, communities, single grids.
  std::vector<int> grids;
  for (std::size_t g = 0; g < district.grids.size(); ++g) {
    const BasicGrid& b = district.grids[g];
    bool in = false;
    for (const auto& s : spec.streets) in |= sc.streets[b.street].name == s;
    for (int c : spec.communities) in |= b.community == c;
    for (int x : spec.grids) in |= static_cast<int>(g) == x;
    if (in) grids.push_back(static_cast<int>(g));
  }
  return grids;
}

void EmergencyLp::init(kernel::Context& ctx) {
  if (t0_ >= 0 && t0_ <= config_.horizon) Inbox::schedule_at(ctx, t0_, DrillStart{});
}

double EmergencyLp::mobilisation_seconds(TeamMember& m, const TeamGroupSpec& g, double t0) const {
  const bool on_duty = (g.duty == "grid_worker" && config_.worker_shift.is_on(t0)) ||
                       (g.duty == "office" && config_.street_office_shift.is_on(t0));
  const double hour = kernel::Calendar::hour_of(t0);
  const double ns = config_.sc.night_start_hour, ne = config_.sc.night_end_hour;
  const bool night = ns > ne ? (hour >= ns || hour < ne) : (hour >= ns && hour < ne);
  const Distribution& delay = on_duty ? g.delay_on_duty_minutes
                              : night ? g.delay_night_minutes
                                      : g.delay_day_minutes;
  const double walk = g.distance_m.sample(m.rng) / g.walk_speed_m_per_min;
  return (delay.sample(m.rng) + walk) * kMinute;
}

void EmergencyLp::start(kernel::Context& ctx) {
  started_ = true;
  const Scenario& sc = config_.sc;
  // Teams: per-grid groups on each grid; per-community groups spread over the community's grids.
  std::vector<std::vector<int>> by_community;
  std::vector<int> communities;
  for (std::size_t k = 0; k < grids_.size(); ++k) {
    auto it = std::find(communities.begin(), communities.end(), grids_[k].community);
    if (it == communities.end()) {
      communities.push_back(grids_[k].community);
      by_community.emplace_back();
      it = communities.end() - 1;
    }
    by_community[static_cast<std::size_t>(it - communities.begin())].push_back(static_cast<int>(k));
  }
  const auto add = [&](int group, int grid) {
    const auto id = static_cast<std::uint64_t>(drill_) << 32 | people_.size();
    people_.push_back(TeamMember{group, grid, grids_[grid].community, 0, false,
                                 kernel::RandomStream(config_.key, kEmergency, id)});
    ++grids_[grid].people;
  };
  for (std::size_t gi = 0; gi < sc.teams.size(); ++gi) {
    const TeamGroupSpec& g = sc.teams[gi];
    for (std::size_t k = 0; k < grids_.size(); ++k)
      for (std::int64_t n = people_share(g.per_grid, static_cast<int>(k)); n > 0; --n)
        add(static_cast<int>(gi), static_cast<int>(k));
    for (const auto& members : by_community)
      for (std::size_t j = 0; j < members.size(); ++j)
        for (std::int64_t n = people_share(g.per_community / static_cast<double>(members.size()),
                                           static_cast<int>(j));
             n > 0; --n)
          add(static_cast<int>(gi), members[j]);
  }
  for (std::uint32_t p = 0; p < people_.size(); ++p) {
    TeamMember& m = people_[p];
    Inbox::schedule(ctx, mobilisation_seconds(m, sc.teams[m.group], t0_), PersonReady{p});
  }
  if (spec_.pause_routine) {
    std::vector<int> streets;
    for (const auto& g : grids_) streets.push_back(config_.street_of_grid(g.grid));
    std::sort(streets.begin(), streets.end());
    streets.erase(std::unique(streets.begin(), streets.end()), streets.end());
    for (int s : streets)
      StreetOfficeLp::Inbox::send(
          ctx, config_.street_lp(s), config_.latency,
          PauseRoutine{static_cast<std::uint32_t>(std::lround(spec_.pause_hours * 60))});
  }
}

int EmergencyLp::grid_with_work(const TeamMember& m, double now) const {
  const auto ready = [&](const DrillGrid& g) {
    return g.first_left > 0 || (!g.revisits.empty() && g.revisits.front().first <= now);
  };
  if (ready(grids_[m.grid])) return m.grid;
  // Help the grid of the same community with the most doors left.
  int best = -1;
  for (std::size_t k = 0; k < grids_.size(); ++k) {
    const DrillGrid& g = grids_[k];
    if (g.community != m.community || !ready(g)) continue;
    if (best < 0 || g.first_left > grids_[best].first_left) best = static_cast<int>(k);
  }
  return best;
}

void EmergencyLp::next_task(kernel::Context& ctx, std::uint32_t person) {
  TeamMember& m = people_[person];
  const double now = ctx.now();
  m.waiting = false;
  const int g = grid_with_work(m, now);
  if (g < 0) {
    // Nothing ready in the community: wait for its earliest revisit, if any.
    double earliest = INFINITY;
    for (const DrillGrid& d : grids_)
      if (d.community == m.community && !d.revisits.empty())
        earliest = std::min(earliest, d.revisits.front().first);
    if (std::isfinite(earliest)) {
      m.waiting = true;
      Inbox::schedule_at(ctx, earliest, PersonReady{person});
    }
    return;
  }
  if (g != m.grid) {
    // Walk over to the neighbouring grid first.
    const TeamGroupSpec& grp = config_.sc.teams[m.group];
    m.grid = g;
    Inbox::schedule(ctx, grp.distance_m.sample(m.rng) / grp.walk_speed_m_per_min * kMinute,
                    PersonReady{person});
    return;
  }
  DrillGrid& d = grids_[g];
  if (!d.revisits.empty() && d.revisits.front().first <= now) {
    m.knocks = d.revisits.front().second;
    d.revisits.pop_front();
  } else {
    m.knocks = 0;
    --d.first_left;
  }
  Inbox::schedule(ctx, spec_.visit_minutes.sample(m.rng) * kMinute, KnockDone{person});
}

void EmergencyLp::knock_done(kernel::Context& ctx, std::uint32_t person) {
  TeamMember& m = people_[person];
  DrillGrid& d = grids_[m.grid];
  const int knocks = m.knocks + 1;
  const auto covered = [&] { d.covered_at.push_back(static_cast<float>(ctx.now() - t0_)); };
  if (m.rng.uniform() >= spec_.p_not_home) {
    covered();
    ++d.covered;
  } else if (knocks < spec_.max_attempts) {
    d.revisits.emplace_back(ctx.now() + spec_.revisit_after_minutes * kMinute, knocks);
  } else if (m.rng.uniform() < spec_.phone_success) {
    covered();  // reached by phone or WeChat after the last knock
    ++d.covered;
  } else {
    ++d.not_reached;
  }
  next_task(ctx, person);
}

namespace {

// Seconds from the start at which a share `q` of `total` households is covered, or NaN.
double time_to(std::vector<float> times, double total, double q) {
  const auto need = static_cast<std::size_t>(std::ceil(q * total - 1e-9));
  if (need == 0) return 0.0;
  if (times.size() < need) return std::nan("");
  std::nth_element(times.begin(), times.begin() + static_cast<std::ptrdiff_t>(need - 1),
                   times.end());
  return times[need - 1];
}

double covered_by(const std::vector<float>& times, double seconds) {
  return static_cast<double>(
      std::count_if(times.begin(), times.end(), [&](float t) { return t <= seconds; }));
}

}  // namespace

EmergencyResults emergency_results(const std::vector<const EmergencyLp*>& drills,
                                   std::int64_t run_id, std::vector<kernel::Table>& out) {
  EmergencyResults r;
  kernel::Table grids, curve;
  grids.name = "emergency/grids";
  grids.description = "one row per run, drill and basic grid of the drill's area";
  curve.name = "emergency/coverage";
  curve.description =
      "households covered by each minute after the emergency was declared: one row per run, "
      "drill, minute and grid, with grid = -1 for the whole area";
  auto& g_run = grids.add_i64("run", "", "run id").i64;
  auto& g_drill = grids.add_str("drill", "drill name").str;
  auto& g_grid = grids.add_i64("grid", "", "district-wide grid index (row of /grids)").i64;
  auto& g_hh = grids.add_i64("households", "households", "households in the grid").i64;
  auto& g_people =
      grids.add_i64("people", "persons", "team members assigned to it at the start").i64;
  auto& g_cov = grids.add_i64("covered", "households", "households reached by the horizon").i64;
  auto& g_nr = grids
                   .add_i64("not_reached", "households",
                            "households not at home at every knock and not reached by phone")
                   .i64;
  auto& g_95 = grids.add_f64("hours_to_95", "hours", "time to cover 95% of its households").f64;
  auto& g_100 = grids.add_f64("hours_to_100", "hours", "time to cover all (NaN if never)").f64;
  auto& c_run = curve.add_i64("run", "", "run id").i64;
  auto& c_drill = curve.add_str("drill", "drill name").str;
  auto& c_grid = curve.add_i64("grid", "", "grid index, -1 for the whole area").i64;
  auto& c_min = curve.add_i64("minute", "minutes", "minutes after the emergency was declared").i64;
  auto& c_cov = curve.add_i64("covered", "households", "households covered by then").i64;
  auto& c_share = curve.add_f64("coverage", "1", "covered / households").f64;
  // Every drill's KPIs, one row each: /kpi keeps only the first drill's (published names).
  kernel::Table summary;
  summary.name = "emergency/drills";
  summary.description =
      "one row per run and drill that started within the horizon, in the scenario's drill order: "
      "the emergency KPIs of each drill (the emergency_* columns of /kpi are the first row's)";
  auto& d_run = summary.add_i64("run", "", "run id").i64;
  auto& d_drill = summary.add_str("drill", "drill name").str;
  auto& d_date = summary.add_i64("date", "YYYYMMDD", "day the emergency was declared").i64;
  auto& d_hour = summary.add_f64("start_hour", "hour", "hour the emergency was declared").f64;
  auto& d_hh = summary.add_f64("households", "households", "households in the drill's area").f64;
  auto& d_1h =
      summary.add_f64("coverage_1h", "1", "share of the area's households covered after 1 hour")
          .f64;
  auto& d_2h = summary.add_f64("coverage_2h", "1", "the same after 2 hours").f64;
  auto& d_3h = summary.add_f64("coverage_3h", "1", "the same after 3 hours").f64;
  auto& d_95 = summary.add_f64("hours_to_95", "hours", "time to cover 95% of the area").f64;
  auto& d_100 = summary.add_f64("hours_to_100", "hours", "time to cover it all (NaN if never)").f64;
  auto& d_done = summary
                     .add_f64("grids_done_3h", "1",
                              "share of the area's grids 95% covered within the target time")
                     .f64;
  bool first = true;
  for (const EmergencyLp* lp : drills) {
    if (!lp->ran()) continue;
    std::vector<float> all;
    double households = 0;
    int done_in_target = 0;
    const double target = lp->spec().target_hours * kHour;
    for (const DrillGrid& d : lp->grids()) {
      all.insert(all.end(), d.covered_at.begin(), d.covered_at.end());
      households += d.households;
      const double t95 = time_to(d.covered_at, d.households, 0.95);
      done_in_target += !std::isnan(t95) && t95 <= target;
      g_run.push_back(run_id);
      g_drill.push_back(lp->spec().name);
      g_grid.push_back(d.grid);
      g_hh.push_back(d.households);
      g_people.push_back(d.people);
      g_cov.push_back(d.covered);
      g_nr.push_back(d.not_reached);
      g_95.push_back(t95 / kHour);
      g_100.push_back(time_to(d.covered_at, d.households, 1.0) / kHour);
    }
    // The curve, every minute until the last household is covered (at least the target time).
    float last = 0;
    for (float t : all) last = std::max(last, t);
    const int minutes = static_cast<int>(std::ceil(std::max<double>(last, target) / kMinute));
    const auto add_curve = [&](int grid, std::vector<float> times, double total) {
      std::sort(times.begin(), times.end());
      std::size_t i = 0;
      for (int mnt = 0; mnt <= minutes; ++mnt) {
        while (i < times.size() && times[i] <= mnt * kMinute) ++i;
        c_run.push_back(run_id);
        c_drill.push_back(lp->spec().name);
        c_grid.push_back(grid);
        c_min.push_back(mnt);
        c_cov.push_back(static_cast<std::int64_t>(i));
        c_share.push_back(total > 0 ? static_cast<double>(i) / total : std::nan(""));
      }
    };
    add_curve(-1, all, households);
    for (const DrillGrid& d : lp->grids()) add_curve(d.grid, d.covered_at, d.households);
    EmergencyResults e;
    e.households = households;
    e.coverage_1h = covered_by(all, kHour) / households;
    e.coverage_2h = covered_by(all, 2 * kHour) / households;
    e.coverage_3h = covered_by(all, 3 * kHour) / households;
    e.hours_to_95 = time_to(all, households, 0.95) / kHour;
    e.hours_to_100 = time_to(all, households, 1.0) / kHour;
    e.grids_done_3h = static_cast<double>(done_in_target) / lp->grids().size();
    d_run.push_back(run_id);
    d_drill.push_back(lp->spec().name);
    d_date.push_back(lp->spec().date.to_int());
    d_hour.push_back(lp->spec().start_hour);
    d_hh.push_back(e.households);
    d_1h.push_back(e.coverage_1h);
    d_2h.push_back(e.coverage_2h);
    d_3h.push_back(e.coverage_3h);
    d_95.push_back(e.hours_to_95);
    d_100.push_back(e.hours_to_100);
    d_done.push_back(e.grids_done_3h);
    if (first) {
      first = false;
      r = e;
    }
  }
  if (!first) {
    out.push_back(std::move(grids));
    out.push_back(std::move(curve));
    out.push_back(std::move(summary));
  }
  return r;
}

}  // namespace gridplan::model
