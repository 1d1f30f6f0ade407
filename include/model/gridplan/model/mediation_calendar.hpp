// The calendar side of mediation (docs/model.md, "Mediation"): when a profession next sits at a
// street centre (the weekly rota), and when the next daily review (日研判) takes place.
#pragma once

#include "gridplan/kernel/calendar.hpp"
#include "gridplan/model/scenario.hpp"

namespace gridplan::model {

/// Whether `profession` sits at street centres on `day`.
bool sits_on(const kernel::Calendar& calendar, const ProfessionSpec& profession, int day);

/// The earliest time >= t at which `profession` sits during the centres' working-day opening
/// hours (`hours`); +infinity if not within a year.
double next_sitting(const kernel::Calendar& calendar, const ShiftSpec& hours,
                    const ProfessionSpec& profession, double t);

/// The first daily review at or after t: `review_hour` on a working day.
double next_review(const kernel::Calendar& calendar, double review_hour, double t);

}  // namespace gridplan::model
