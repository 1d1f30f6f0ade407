// DepartmentLp: its office index follows the street offices.
#include "gridplan/model/department.hpp"

namespace gridplan::model {

DepartmentLp::DepartmentLp(const RunConfig& config, int department)
    : name_("department:" + config.sc.departments[department].name),
      book_(config),
      office_(book_, config.n_streets + department, &config.department_shifts[department],
              config.sc.departments[department].staff,
              {Inbox::kind_of<StaffDone>(), Inbox::kind_of<StaffWake>(),
               Inbox::kind_of<OverdueCheck>()}) {}

void DepartmentLp::on_unreceived(kernel::Context& ctx, const kernel::Event& ev) {
  // Cases on their way here at the horizon are open (the overdue check's copy is not a case).
  if (Inbox::is<ToOffice>(ev))
    book_.cases().adopt(Inbox::open<ToOffice>(ctx, ev).c);
  else if (Inbox::is<WhistleJob>(ev))
    book_.cases().adopt(Inbox::open<WhistleJob>(ctx, ev).c);
}

void DepartmentLp::on_finish(kernel::SimTime horizon) {
  office_.finish(horizon);
  book_.record_open_cases();
}

}  // namespace gridplan::model
