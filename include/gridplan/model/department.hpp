// A functional department (police, city management, housing, ...) as one LP: an office whose
// staff handle the cases the platform dispatches to it.
#pragma once

#include <string>

#include "gridplan/model/office.hpp"

namespace gridplan::model {

class DepartmentLp final : public kernel::LogicalProcess {
 public:
  DepartmentLp(World& world, int department);
  const std::string& name() const override { return name_; }
  void init(kernel::Context&) override {}
  void on_event(kernel::Context& ctx, const kernel::Event& ev) override { office_.handle(ctx, ev); }
  void on_finish(kernel::SimTime horizon) override { office_.finish(horizon); }
  const Office& office() const { return office_; }

 private:
  std::string name_;
  Office office_;
};

}  // namespace gridplan::model
