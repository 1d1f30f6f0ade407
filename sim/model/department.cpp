// DepartmentLp construction: its office index follows the street offices.
#include "gridplan/model/department.hpp"

namespace gridplan::model {

DepartmentLp::DepartmentLp(World& world, int department)
    : name_("department:" + world.sc.departments[department].name),
      office_(world, world.n_streets + department, world.department_lp(department),
              &world.department_shifts[department], world.sc.departments[department].staff) {}

}  // namespace gridplan::model
