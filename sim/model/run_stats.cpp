// LpStats sizing and the element-wise merge of LPs' observations.
#include "gridplan/model/run_stats.hpp"

namespace gridplan::model {

LpStats::LpStats(int days, int grids, int offices, int sources, int streets)
    : arrived_by_source(sources),
      arrivals_by_hour(days * 24 + 1),
      closed_by_hour(days * 24 + 1),
      arrivals_by_day(days + 1),
      settled_by_day(days + 1),
      dispatched_by_day(days + 1),
      closed_by_day(days + 1),
      overdue_change_by_day(days + 2),
      triage_wait_sum_by_day(days + 1),
      triage_count_by_day(days + 1),
      operator_busy_by_day(days + 1),
      worker_busy_by_day(days + 1),
      office_busy_by_day(days + 1),
      grid_arrived(grids),
      grid_settled(grids),
      grid_dispatched(grids),
      grid_closed(grids),
      office_received(offices),
      office_closed(offices),
      office_on_time(offices),
      office_reopened(offices),
      office_lead_seconds(offices),
      whistles_by_day(days + 1),
      second_whistles_by_day(days + 1),
      whistles_by_street(streets),
      whistles_by_rule(4),
      office_whistles(offices),
      office_reports_on_time(offices),
      office_whistle_failed(offices),
      office_report_seconds(offices) {}

void LpStats::size_mediation(int centres, int month_count, int types) {
  months = month_count;
  for (auto* v : {&centre_accepted, &centre_resolved, &centre_escalated, &centre_to_legal,
                  &centre_moved_in, &centre_moved_out})
    v->assign(centres, 0);
  centre_days.assign(centres, {});
  for (auto* v : {&monthly_accepted, &monthly_resolved, &monthly_escalated, &monthly_to_legal})
    v->assign(static_cast<std::size_t>(centres * month_count), 0);
  for (auto* v : {&type_accepted, &type_resolved, &type_ended}) v->assign(types, 0);
  type_days.assign(types, 0.0);
}

namespace {
template <class T>
void add_into(std::vector<T>& a, const std::vector<T>& b) {
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) a[i] += b[i];
}
template <class T>
void append(std::vector<T>& a, const std::vector<T>& b) {
  a.insert(a.end(), b.begin(), b.end());
}
}  // namespace

void LpStats::merge(const LpStats& o) {
  arrived += o.arrived;
  closed += o.closed;
  settled_in_grid += o.settled_in_grid;
  dispatched += o.dispatched;
  reopened += o.reopened;
  closed_dispatched += o.closed_dispatched;
  closed_on_time += o.closed_on_time;
  add_into(arrived_by_source, o.arrived_by_source);
  add_into(arrivals_by_hour, o.arrivals_by_hour);
  add_into(closed_by_hour, o.closed_by_hour);
  add_into(arrivals_by_day, o.arrivals_by_day);
  add_into(settled_by_day, o.settled_by_day);
  add_into(dispatched_by_day, o.dispatched_by_day);
  add_into(closed_by_day, o.closed_by_day);
  add_into(overdue_change_by_day, o.overdue_change_by_day);
  add_into(triage_wait_sum_by_day, o.triage_wait_sum_by_day);
  add_into(triage_count_by_day, o.triage_count_by_day);
  add_into(operator_busy_by_day, o.operator_busy_by_day);
  add_into(worker_busy_by_day, o.worker_busy_by_day);
  add_into(office_busy_by_day, o.office_busy_by_day);
  append(close_hours, o.close_hours);
  append(overdue_close_hours, o.overdue_close_hours);
  append(triage_waits, o.triage_waits);
  add_into(grid_arrived, o.grid_arrived);
  add_into(grid_settled, o.grid_settled);
  add_into(grid_dispatched, o.grid_dispatched);
  add_into(grid_closed, o.grid_closed);
  add_into(office_received, o.office_received);
  add_into(office_closed, o.office_closed);
  add_into(office_on_time, o.office_on_time);
  add_into(office_reopened, o.office_reopened);
  add_into(office_lead_seconds, o.office_lead_seconds);
  append(trace, o.trace);
  whistles_first += o.whistles_first;
  whistles_second += o.whistles_second;
  whistles_settled += o.whistles_settled;
  whistle_report_count += o.whistle_report_count;
  whistle_settle_count += o.whistle_settle_count;
  whistle_report_seconds += o.whistle_report_seconds;
  whistle_settle_seconds += o.whistle_settle_seconds;
  add_into(whistles_by_day, o.whistles_by_day);
  add_into(second_whistles_by_day, o.second_whistles_by_day);
  add_into(whistles_by_street, o.whistles_by_street);
  add_into(whistles_by_rule, o.whistles_by_rule);
  add_into(office_whistles, o.office_whistles);
  add_into(office_reports_on_time, o.office_reports_on_time);
  add_into(office_whistle_failed, o.office_whistle_failed);
  add_into(office_report_seconds, o.office_report_seconds);
  append(whistles, o.whistles);
  disputes_accepted += o.disputes_accepted;
  disputes_resolved += o.disputes_resolved;
  disputes_to_legal += o.disputes_to_legal;
  disputes_ended += o.disputes_ended;
  disputes_reassigned += o.disputes_reassigned;
  referred_to_mediation += o.referred_to_mediation;
  dispute_seconds += o.dispute_seconds;
  for (auto [a, b] :
       {std::pair{&centre_accepted, &o.centre_accepted},
        std::pair{&centre_resolved, &o.centre_resolved},
        std::pair{&centre_escalated, &o.centre_escalated},
        std::pair{&centre_to_legal, &o.centre_to_legal},
        std::pair{&centre_moved_in, &o.centre_moved_in},
        std::pair{&centre_moved_out, &o.centre_moved_out},
        std::pair{&monthly_accepted, &o.monthly_accepted},
        std::pair{&monthly_resolved, &o.monthly_resolved},
        std::pair{&monthly_escalated, &o.monthly_escalated},
        std::pair{&monthly_to_legal, &o.monthly_to_legal},
        std::pair{&type_accepted, &o.type_accepted}, std::pair{&type_resolved, &o.type_resolved},
        std::pair{&type_ended, &o.type_ended}})
    add_into(*a, *b);
  add_into(type_days, o.type_days);
  for (std::size_t i = 0; i < centre_days.size() && i < o.centre_days.size(); ++i)
    append(centre_days[i], o.centre_days[i]);
}

}  // namespace gridplan::model
