// `gridplan show`'s service-level lines, read off /service/hourly and /service/offices_monthly.
#include "service_summary.hpp"

#include <cmath>
#include <cstdio>
#include <string>

namespace gridplan::cli {

namespace {

/// Whether `table` has column `name` of `type`.
bool has(const kernel::Table& table, const char* name, kernel::Column::Type type) {
  for (const auto& c : table.columns)
    if (c.name == name) return c.type == type;
  return false;
}

bool has_all(const kernel::Table& table,
             std::initializer_list<std::pair<const char*, kernel::Column::Type>> columns) {
  for (const auto& [name, type] : columns)
    if (!has(table, name, type)) return false;
  return true;
}

constexpr auto kInt = kernel::Column::Type::kInt64;
constexpr auto kFloat = kernel::Column::Type::kFloat64;
constexpr auto kText = kernel::Column::Type::kString;

std::string printf_text(const char* format, double a, double b = 0, double c = 0) {
  char text[128];
  std::snprintf(text, sizeof text, format, a, b, c);
  return text;
}

void print_hourly(std::ostream& out, const kernel::Table& t) {
  if (!has_all(t, {{"run", kInt},
                   {"day_type", kText},
                   {"hour", kInt},
                   {"filing_wait_hours_p95", kFloat},
                   {"share_within_target", kFloat},
                   {"service_target_minutes", kFloat}}))
    return;
  const auto& run = t.column("run").i64;
  const auto& type = t.column("day_type").str;
  const auto& hour = t.column("hour").i64;
  const auto& p95 = t.column("filing_wait_hours_p95").f64;
  const auto& share = t.column("share_within_target").f64;
  const auto& target = t.column("service_target_minutes").f64;
  out << "\nservice/hourly (wait for a seat operator by the hour a case joined the queue):\n";
  // Rows come in blocks of one run and day type (24 hours each).
  for (std::size_t first = 0; first < t.rows();) {
    std::size_t last = first;
    while (last < t.rows() && run[last] == run[first] && type[last] == type[first]) ++last;
    std::size_t worst = last;
    int over = 0, with_cases = 0;
    for (std::size_t r = first; r < last; ++r) {
      if (std::isnan(p95[r])) continue;
      ++with_cases;
      over += p95[r] * 60 > target[r];
      if (worst == last || p95[r] > p95[worst]) worst = r;
    }
    out << "  run " << run[first] << ", " << type[first] << " days: ";
    if (worst == last) {
      out << "no case filed\n";
    } else {
      out << printf_text("worst hour %02.0f:00, p95 %.1f min, %.2f%% within the target",
                         static_cast<double>(hour[worst]), p95[worst] * 60, share[worst] * 100)
          << printf_text(" of %g min; p95 over the target in %.0f of %.0f hours\n", target[worst],
                         over, with_cases);
    }
    first = last;
  }
}

void print_offices_monthly(std::ostream& out, const kernel::Table& t) {
  if (!has_all(t, {{"run", kInt},
                   {"year_month", kInt},
                   {"name", kText},
                   {"closed", kInt},
                   {"on_time_rate", kFloat}}))
    return;
  const auto& rate = t.column("on_time_rate").f64;
  std::size_t worst = t.rows();
  for (std::size_t r = 0; r < t.rows(); ++r)
    if (!std::isnan(rate[r]) && (worst == t.rows() || rate[r] < rate[worst])) worst = r;
  if (worst == t.rows()) return;
  const std::int64_t ym = t.column("year_month").i64[worst];
  out << "\nservice/offices_monthly: worst on-time rate " << printf_text("%.3f", rate[worst])
      << " (" << t.column("name").str[worst] << ", "
      << printf_text("%04.0f-%02.0f", static_cast<double>(ym / 100), static_cast<double>(ym % 100))
      << ", run " << t.column("run").i64[worst] << ", " << t.column("closed").i64[worst]
      << " closed)\n";
}

}  // namespace

void print_service_summary(std::ostream& out, const io::ResultFile& file) {
  if (const kernel::Table* t = file.find("service/hourly")) print_hourly(out, *t);
  if (const kernel::Table* t = file.find("service/offices_monthly")) print_offices_monthly(out, *t);
}

}  // namespace gridplan::cli
