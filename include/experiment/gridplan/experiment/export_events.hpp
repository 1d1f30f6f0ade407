// `gridplan export-events`: a scenario's generated arrivals as an event log (docs/event-log.md),
// optionally with what the model made of each case (first whistle, dispute type), so that
// `gridplan run --replay` of the log reproduces the generated run with those columns present.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "gridplan/model/scenario.hpp"

namespace gridplan::experiment {

/// Writes replication `replication` of `scenario`'s generated arrivals to `path`. With
/// `recorded_columns`, first runs the model (native engine) and writes each case's first
/// whistle time and dispute type in the columns whistle and dispute_type. Returns the rows
/// written. Throws io::WriteStopped (nothing written) once `stop` returns true.
std::uint64_t export_events(const model::Scenario& scenario, std::uint64_t replication,
                            const std::string& path, bool recorded_columns,
                            const std::function<bool()>& stop = {});

}  // namespace gridplan::experiment
