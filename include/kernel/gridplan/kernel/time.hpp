// Simulated time: seconds since the scenario's start, as a double.
// Every duration in the kernel is in seconds; names carry other units explicitly.
#pragma once

namespace gridplan::kernel {

/// Simulated time in seconds since the scenario's start (local time).
using SimTime = double;

inline constexpr SimTime kSecond = 1.0;
inline constexpr SimTime kMinute = 60.0;
inline constexpr SimTime kHour = 3600.0;
inline constexpr SimTime kDay = 86400.0;

}  // namespace gridplan::kernel
