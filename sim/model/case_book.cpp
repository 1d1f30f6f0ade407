// CaseBook: the two moments every case passes through in the same way whoever holds it,
// creation and closing, and the open cases' count at the horizon.
#include "gridplan/model/case_book.hpp"

#include <cmath>

#include "gridplan/model/arrival_feed.hpp"
#include "gridplan/model/whistle.hpp"

namespace gridplan::model {

using kernel::kHour;

namespace {

LpStats sized_stats(const RunConfig& c) {
  LpStats st(c.sc.days, static_cast<int>(c.district.grids.size()), c.n_offices,
             static_cast<int>(c.sc.sources.size()), c.n_streets);
  st.size_mediation(c.n_centres, c.months, static_cast<int>(c.sc.mediation.types.size()),
                    static_cast<int>(c.sc.mediation.rooms.size()));
  st.offices.size_months(c.n_offices, c.months);
  return st;
}

CaseRow row_of(const CaseRecord& c) {
  return CaseRow{c.id,       c.grid,     c.category,        c.office,     c.source,
                 c.reopen,   c.t_report, c.t_triage,        c.t_dispatch, c.t_settle,
                 c.t_verify, c.t_close,  c.t_operator_queue};
}

CaseOutcome outcome_of(const CaseRecord& c) {
  return CaseOutcome{c.id, c.t_whistle, c.dispute_type};
}

}  // namespace

CaseBook::CaseBook(const RunConfig& config) : config_(config), stats_(sized_stats(config)) {}

std::uint32_t CaseBook::create(kernel::Context& ctx, int source, std::uint64_t serial, int street) {
  const std::uint64_t id = RunConfig::case_id(config_.local(ctx.self()), serial);
  const auto u = config_.attribute_uniforms(id);
  const CaseDraw d = config_.draw_case(source, u, ctx.now(), street);
  return open(ctx, source, id, u, d.category, d.grid, config_.office_for(d.category, d.grid, id));
}

std::uint32_t CaseBook::create(kernel::Context& ctx, const RecordedCase& m) {
  const std::uint64_t id = RunConfig::case_id(config_.local(ctx.self()), m.serial);
  const int office = m.department == kCategoryHandler ? config_.office_for(m.category, m.grid, id)
                     : m.department == kStreetOffice  ? config_.street_of_grid(m.grid)
                                                      : config_.n_streets + m.department;
  const std::uint32_t slot =
      open(ctx, m.source, id, config_.attribute_uniforms(id), m.category, m.grid, office);
  CaseRecord& c = cases_[slot];
  if (m.whistle_time >= 0) {
    c.t_recorded_whistle = m.whistle_time;
    ++stats_.recorded.whistles;
  }
  if (m.dispute_type >= 0) {
    // Set before mediation accepts the case, which then keeps it instead of drawing one.
    c.dispute_type = static_cast<std::int8_t>(m.dispute_type);
    ++stats_.recorded.dispute_types;
  }
  return slot;
}

std::uint32_t CaseBook::open(kernel::Context& ctx, int source, std::uint64_t id,
                             const std::array<double, 4>& u, int category, int grid, int office) {
  const Scenario& sc = config_.sc;
  const std::uint32_t slot = cases_.allocate();
  CaseRecord& c = cases_[slot];
  c.id = id;
  c.source = static_cast<std::uint8_t>(source);
  c.t_report = ctx.now();
  c.category = static_cast<std::int16_t>(category);
  c.grid = grid;
  // u[0] and u[1] chose category and grid (draw_case) unless they were recorded.
  c.settle_in_grid = u[2] < sc.categories[category].settle_in_grid;
  c.office = static_cast<std::int16_t>(office);
  c.multi_department = u[3] < sc.categories[category].multi_department_share;

  LpStats& st = stats_;
  ++st.flow.arrived;
  ++st.flow.arrived_by_source[source];
  ++st.flow.grid_arrived[c.grid];
  ++st.flow.arrivals_by_hour[static_cast<std::size_t>(ctx.now() / kHour)];
  ++st.flow.arrivals_by_day[clamp_day(ctx.now(), sc.days)];
  return slot;
}

void CaseBook::close(kernel::Context& ctx, std::uint32_t slot) {
  CaseRecord& c = cases_[slot];
  const double now = ctx.now();
  const int days = config_.sc.days;
  c.t_close = now;
  LpStats& st = stats_;
  ++st.flow.closed;
  ++st.flow.grid_closed[c.grid];
  ++st.flow.closed_by_hour[static_cast<std::size_t>(now / kHour)];
  ++st.flow.closed_by_day[clamp_day(now, days)];
  st.flow.close_hours.push_back(static_cast<float>((now - c.t_report) / kHour));
  if (!std::isnan(c.t_dispatch) && c.office >= 0) {
    ++st.flow.closed_dispatched;
    ++st.offices.closed[c.office];
    const int month = config_.month_of_day[clamp_day(now, days)];
    ++st.offices.closed_by_month[st.offices.at(c.office, month)];
    if (now <= c.deadline) {
      ++st.flow.closed_on_time;
      ++st.offices.on_time[c.office];
      ++st.offices.on_time_by_month[st.offices.at(c.office, month)];
    } else {
      // Overdue at the ends of the months from its deadline's to the one before its close.
      const int from = config_.month_of_day[clamp_day(c.deadline, days)];
      if (from < month) {
        ++st.offices.overdue_change_by_month[st.offices.at(c.office, from)];
        --st.offices.overdue_change_by_month[st.offices.at(c.office, month)];
      }
      st.flow.overdue_close_hours.push_back(static_cast<float>((now - c.t_report) / kHour));
      ++st.flow.overdue_change_by_day[clamp_day(c.deadline, days)];
      --st.flow.overdue_change_by_day[clamp_day(now, days)];
    }
  }
  if (config_.trace) st.flow.trace.push_back(row_of(c));
  if (c.whistle) record_whistle(config_, st, c, true);
  st.recorded.count_case_end(c, /*closed=*/true);
  if (config_.record_outcomes && worth_recording(c)) outcomes_.push_back(outcome_of(c));
  cases_.release(slot);
}

void CaseBook::record_open_cases() {
  LpStats& st = stats_;
  cases_.for_each_live([&](const CaseRecord& c) {
    ++st.flow.open;
    ++st.flow.grid_open[c.grid];
    if (!std::isnan(c.t_dispatch) && c.office >= 0) {
      ++st.offices.open[c.office];
      if (c.deadline < config_.horizon) {
        const int day = clamp_day(c.deadline, config_.sc.days);
        ++st.flow.overdue_change_by_day[day];
        ++st.offices.overdue_change_by_month[st.offices.at(c.office, config_.month_of_day[day])];
      }
    }
    if (c.centre >= 0) ++st.mediation.centre_open[c.centre];
    if (config_.trace) st.flow.trace.push_back(row_of(c));
    if (c.whistle) record_whistle(config_, st, c, false);
    st.recorded.count_case_end(c, /*closed=*/false);
    if (config_.record_outcomes && worth_recording(c)) outcomes_.push_back(outcome_of(c));
  });
}

}  // namespace gridplan::model
