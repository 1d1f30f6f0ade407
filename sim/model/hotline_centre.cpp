// HotlineCentreLp: one call at a time, answered at the centre or transferred to its district.
#include "gridplan/model/hotline_centre.hpp"

#include <cmath>

#include "gridplan/kernel/time.hpp"
#include "gridplan/model/platform.hpp"
#include "gridplan/model/random_purpose.hpp"

namespace gridplan::model {

HotlineCentreLp::HotlineCentreLp(const HotlineCentreSpec& spec, const SourceProfile* profile,
                                 const kernel::RandomKey& key, std::vector<kernel::LpId> platforms)
    : spec_(spec),
      key_(key),
      arrivals_(profile, 1.0, kernel::RandomStream(key, kCentreArrivals, 0)),
      platforms_(std::move(platforms)) {
  stats_.transferred.assign(platforms_.size(), 0);
  stats_.transfer_minutes_sum.assign(platforms_.size(), 0.0);
}

void HotlineCentreLp::init(kernel::Context& ctx) {
  Inbox::schedule_at(ctx, arrivals_.next_after(0.0), CentreCall{});
}

void HotlineCentreLp::on(kernel::Context& ctx, const CentreCall& m) {
  // A call's fate is keyed by its number alone: answered here, its district, its delay.
  const auto u = key_.block(kCentreCall, stats_.calls++, 0);
  if (kernel::to_unit_open(u[0]) < spec_.closed_at_centre) {
    ++stats_.closed_at_centre;
  } else {
    const int d = pick_index(spec_.district_shares, kernel::to_unit_open(u[1]));
    const double minutes = spec_.transfer_min_minutes -
                           spec_.transfer_extra_mean_minutes * std::log(kernel::to_unit_open(u[2]));
    ++stats_.transferred[d];
    stats_.transfer_minutes_sum[d] += minutes;
    PlatformLp::Inbox::send(ctx, platforms_[d], minutes * kernel::kMinute, TransferredCall{});
  }
  Inbox::schedule_at(ctx, arrivals_.next_after(ctx.now()), m);
}

}  // namespace gridplan::model
