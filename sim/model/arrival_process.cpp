// Arrival generation by inversion of the cumulative intensity: one exponential draw per case,
// walked across hourly segments, so no candidate is ever thinned away.
#include "gridplan/model/arrival_process.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace gridplan::model {

bool in_heating_season(const Scenario& sc, const kernel::Calendar& calendar, int day) {
  const Date d = calendar.date_of_day(day);
  const int md = d.month * 100 + d.day;
  const int from = sc.heating_start_month * 100 + sc.heating_start_day;
  const int to = sc.heating_end_month * 100 + sc.heating_end_day;
  return from <= to ? (md >= from && md <= to) : (md >= from || md <= to);
}

namespace {
// Share of hour h of a day covered by a duty window starting at `start` for `hours`.
double duty_share(double start, double hours, int h) {
  const double lo = std::max(start, static_cast<double>(h));
  const double hi = std::min(start + hours, h + 1.0);
  return hi > lo ? hi - lo : 0.0;
}
}  // namespace

SourceProfile build_source_profile(const Scenario& sc, const SourceSpec& src,
                                   const kernel::Calendar& calendar, int days,
                                   const ShiftSpec* duty) {
  SourceProfile p;
  for (int h = 0; h < 24; ++h) {
    p.hour_factor[0][h] = src.hour_factors[h];
    p.hour_factor[1][h] = src.hour_factors[h];
    if (duty) {
      p.hour_factor[0][h] *= duty_share(duty->rest_start_hour, duty->rest_hours, h);
      p.hour_factor[1][h] *= duty_share(duty->working_start_hour, duty->working_hours, h);
    }
  }
  const std::size_t nc = sc.categories.size();
  p.shares_out.assign(nc, 0.0);
  p.shares_in.assign(nc, 0.0);
  double season_mult = 0;  // relative rate in season: sum of share x category factor
  for (std::size_t c = 0; c < nc; ++c) {
    const double share = c < src.category_shares.size() ? src.category_shares[c] : 0.0;
    p.shares_out[c] = share;
    p.shares_in[c] = share * sc.categories[c].heating_season_factor;
    season_mult += p.shares_in[c];
  }
  const int tab_days = days > 365 ? days : 365;
  p.day_factor.resize(tab_days + 1);
  p.in_season.resize(tab_days + 1);
  p.working.resize(tab_days + 1);
  for (int d = 0; d <= tab_days; ++d) {
    p.in_season[d] = in_heating_season(sc, calendar, d);
    p.working[d] = calendar.is_working_day(d);
    const double f = p.working[d] ? src.working_day_factor : src.rest_day_factor;
    p.day_factor[d] = f * (p.in_season[d] ? season_mult : 1.0);
  }
  double hour_sum[2] = {0, 0};
  for (int k = 0; k < 2; ++k)
    for (double h : p.hour_factor[k]) hour_sum[k] += h;
  double units = 0;  // sum over the reference year of day factor x hour factor x 1 hour
  for (int d = 0; d < 365; ++d)
    units += p.day_factor[d] * hour_sum[p.working[d] ? 1 : 0] * kernel::kHour;
  p.rate_per_unit = units > 0 ? src.per_year / units : 0.0;
  return p;
}

double ArrivalProcess::next_after(double t) {
  const double rate_scale = profile_->rate_per_unit * share_;
  if (!(rate_scale > 0)) return std::numeric_limits<double>::infinity();
  double need = -std::log(stream_.uniform());  // Exp(1) mass of cumulative intensity
  const int last_day = static_cast<int>(profile_->day_factor.size()) - 1;
  for (;;) {
    const int day = kernel::Calendar::day_of(t);
    if (day >= last_day) return std::numeric_limits<double>::infinity();
    const int hour = static_cast<int>((t - day * kernel::kDay) / kernel::kHour);
    const double hour_end = day * kernel::kDay + (hour + 1) * kernel::kHour;
    const double rate =
        rate_scale * profile_->day_factor[day] *
        profile_->hour_factor[profile_->working[day] ? 1 : 0][hour > 23 ? 23 : hour];
    if (rate > 0) {
      const double mass = rate * (hour_end - t);
      if (need <= mass) return t + need / rate;
      need -= mass;
    }
    t = hour_end;
  }
}

int pick_index(const std::vector<double>& weights, double u) {
  double total = 0;
  for (double w : weights) total += w;
  double x = u * total;
  const int n = static_cast<int>(weights.size());
  for (int i = 0; i < n; ++i) {
    if (x < weights[i]) return i;
    x -= weights[i];
  }
  for (int i = n - 1; i >= 0; --i)
    if (weights[i] > 0) return i;
  return 0;
}

}  // namespace gridplan::model
