// Landing an event on a recorded time to the bit (replay): the kernel stamps an event at
// now + delay, which can round off the time wanted.
#pragma once

#include <cmath>

namespace gridplan::model {

/// The delay from `now` that lands exactly on `t`: t - now, nudged by an ulp where
/// now + (t - now) would round off t.
inline double exact_delay(double now, double t) {
  double d = t - now;
  for (int k = 0; k < 4 && now + d != t; ++k)
    d = std::nextafter(d, now + d < t ? HUGE_VAL : -HUGE_VAL);
  return d;
}

}  // namespace gridplan::model
