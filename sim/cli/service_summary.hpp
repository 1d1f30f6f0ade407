// The service levels on the terminal: a few lines that `gridplan show` prints for a run's
// /service/hourly and /service/offices_monthly.
#pragma once

#include <ostream>

#include "gridplan/io/hdf5_writer.hpp"

namespace gridplan::cli {

/// The names of the tables print_service_summary reads.
inline constexpr const char* kServiceTables[] = {"service/hourly", "service/offices_monthly"};

/// Per run and day type, the hour with the highest p95 wait for an operator, its share within
/// the target and the hours whose p95 is over it; the worst office-month on-time rate. Prints
/// nothing for a table the file lacks or that lacks a column (a file of an older gridplan).
void print_service_summary(std::ostream& out, const io::ResultFile& file);

}  // namespace gridplan::cli
