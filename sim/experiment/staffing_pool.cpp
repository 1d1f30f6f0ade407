// The pools `gridplan staff` sizes: what each knob is, its cost in staff-hours over the horizon,
// and how a plan becomes scenario overrides and a TOML fragment.
#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>
#include <stdexcept>

#include "gridplan/io/did_you_mean.hpp"
#include "gridplan/model/run_config.hpp"
#include "staffing_internal.hpp"

namespace gridplan::experiment::staffing {

using kernel::kHour;

namespace {

std::string hour_name(int h) {
  char s[16];
  std::snprintf(s, sizeof s, "%02d-%02d", h, h + 1);
  return s;
}

std::string array_text(const std::vector<int>& plan, std::size_t first) {
  std::string s = "[";
  for (std::size_t h = 0; h < 24; ++h) s += (h ? ", " : "") + std::to_string(plan[first + h]);
  return s + "]";
}

Pool operators_pool(const model::RunConfig& cfg) {
  Pool p;
  int days[2] = {0, 0};
  for (int d = 0; d < cfg.sc.days; ++d) ++days[cfg.calendar.is_working_day(d) ? 0 : 1];
  for (int type = 0; type < 2; ++type)
    for (int h = 0; h < 24; ++h)
      p.knobs.push_back({(type == 0 ? "working " : "rest ") + hour_name(h),
                         cfg.operators_by_hour(type == 0)[h], 1, days[type] * 1.0});
  p.sets = [](const std::vector<int>& plan) {
    return std::vector<std::string>{"platform.operators_by_hour=" + array_text(plan, 0),
                                    "platform.operators_by_hour_rest=" + array_text(plan, 24)};
  };
  p.fragment = [](const std::vector<int>& plan) {
    return "[platform]\noperators_by_hour = " + array_text(plan, 0) +
           "\noperators_by_hour_rest = " + array_text(plan, 24) + "\n";
  };
  return p;
}

// Scenario keys, one per knob, set to the plan's value: the fragment is one table per key.
void keyed(Pool& p, std::vector<std::string> keys) {
  p.sets = [keys](const std::vector<int>& plan) {
    std::vector<std::string> s;
    for (std::size_t k = 0; k < keys.size(); ++k)
      s.push_back(keys[k] + "=" + std::to_string(plan[k]));
    return s;
  };
  p.fragment = [keys](const std::vector<int>& plan) {
    std::string s;
    for (std::size_t k = 0; k < keys.size(); ++k) {
      const auto dot = keys[k].rfind('.');
      s += (k ? "\n[" : "[") + keys[k].substr(0, dot) + "]\n" + keys[k].substr(dot + 1) + " = " +
           std::to_string(plan[k]) + "\n";
    }
    return s;
  };
}

Pool offices_pool(const model::RunConfig& cfg, const std::string& only) {
  Pool p;
  std::vector<std::string> keys, names;
  for (int o = 0; o < cfg.n_offices; ++o) {
    const bool street = o < cfg.n_streets;
    const std::string& name =
        street ? cfg.sc.streets[o].name : cfg.sc.departments[o - cfg.n_streets].name;
    names.push_back(name);
    if (!only.empty() && name != only) continue;
    const int staff =
        street ? cfg.sc.streets[o].office_staff : cfg.sc.departments[o - cfg.n_streets].staff;
    p.knobs.push_back({(street ? "street:" : "department:") + name, staff, 1,
                       cfg.office_shift(o).on_seconds(0, cfg.horizon) / kHour});
    keys.push_back(street ? "streets." + name + ".office_staff" : "departments." + name + ".staff");
  }
  if (p.knobs.empty())
    throw std::invalid_argument("--pool office:" + only + ": no street or department '" + only +
                                "'" + io::did_you_mean(only, names));
  keyed(p, keys);
  return p;
}

Pool mediators_pool(const model::RunConfig& cfg) {
  const model::MediationSpec& m = cfg.sc.mediation;
  if (!m.enabled) throw std::invalid_argument("--pool mediators: mediation is off in the scenario");
  const double open = cfg.mediation_shift.on_seconds(0, cfg.horizon) / kHour;
  Pool p;
  p.knobs = {{"community centres", m.community.mediators, 1, cfg.n_communities * open},
             {"street centres", m.street.mediators, 1, cfg.n_streets * open},
             {"district centre", m.district.mediators, 1, open}};
  std::vector<std::string> keys = {"mediation.community.mediators", "mediation.street.mediators",
                                   "mediation.district.mediators"};
  for (const model::RoomSpec& r : m.rooms) {
    // Hosting centres: the listed streets' (or every street's) street or community centres.
    std::set<int> hosts;
    for (const auto& g : cfg.district.grids) {
      const std::string& street = cfg.sc.streets[g.street].name;
      if (r.streets.empty() ||
          std::find(r.streets.begin(), r.streets.end(), street) != r.streets.end())
        hosts.insert(r.level == "community" ? g.community : g.street);
    }
    p.knobs.push_back({"room:" + r.name, r.mediators, 1, hosts.size() * open});
    keys.push_back("mediation.rooms." + r.name + ".mediators");
  }
  keyed(p, keys);
  return p;
}

Pool shift_pool(const model::RunConfig& cfg) {
  const model::ShiftSpec& s = cfg.sc.grid_worker.shift;
  if (s.working_hours != std::floor(s.working_hours))
    throw std::invalid_argument(
        "--pool shift: the scenario's shift is not a whole number of hours");
  int working_days = 0;
  for (int d = 0; d < cfg.sc.days; ++d) working_days += cfg.calendar.is_working_day(d);
  Pool p;
  const int least = static_cast<int>(std::ceil(cfg.sc.grid_worker.patrol_hours));
  p.knobs = {{"grid worker working hours", static_cast<int>(s.working_hours), std::max(1, least),
              static_cast<double>(cfg.district.grids.size()) * working_days}};
  const auto text = [s](int hours) {
    std::ostringstream o;
    o << "{ working_start_hour = " << s.working_start_hour << ", working_hours = " << hours
      << ", rest_start_hour = " << s.rest_start_hour << ", rest_hours = " << s.rest_hours << " }";
    return o.str();
  };
  p.sets = [text](const std::vector<int>& plan) {
    return std::vector<std::string>{"grid_worker.shift=" + text(plan[0])};
  };
  p.fragment = [text](const std::vector<int>& plan) {
    return "[grid_worker]\nshift = " + text(plan[0]) + "\n";
  };
  return p;
}

}  // namespace

Pool make_pool(const StaffQuery& q, const model::Scenario& base) {
  const model::RunConfig cfg(base, 0, false);
  Pool p;
  if (q.pool == "operators")
    p = operators_pool(cfg);
  else if (q.pool == "offices")
    p = offices_pool(cfg, "");
  else if (q.pool.rfind("office:", 0) == 0)
    p = offices_pool(cfg, q.pool.substr(7));
  else if (q.pool == "mediators")
    p = mediators_pool(cfg);
  else if (q.pool == "shift")
    p = shift_pool(cfg);
  else
    throw std::invalid_argument("--pool " + q.pool +
                                ": expected operators, offices, office:NAME, mediators or shift");
  p.base = base;
  return p;
}

}  // namespace gridplan::experiment::staffing
