// A functional department (police, city management, housing, ...) as one LP: an office whose
// staff handle the cases the platform dispatches to it.
#pragma once

#include <string>

#include "gridplan/model/case_book.hpp"
#include "gridplan/model/handling_office.hpp"
#include "gridplan/model/message.hpp"

namespace gridplan::model {

inline constexpr char kDepartmentLpKind[] = "department";

class DepartmentLp final : public kernel::LogicalProcess {
 public:
  using Inbox =
      model::Inbox<kDepartmentLpKind, ToOffice, WhistleJob, StaffDone, StaffWake, OverdueCheck>;

  DepartmentLp(const RunConfig& config, int department);
  const std::string& name() const override { return name_; }
  void init(kernel::Context&) override {}
  void on_event(kernel::Context& ctx, const kernel::Event& ev) override {
    Inbox::dispatch(*this, ctx, ev);
  }
  void on_unreceived(kernel::Context& ctx, const kernel::Event& ev) override;
  void on_finish(kernel::SimTime horizon) override;

  template <class M>
  void on(kernel::Context& ctx, const M& m) {
    office_.on(ctx, m);
  }

  const CaseBook& book() const { return book_; }
  CaseBook& book() { return book_; }
  const HandlingOffice& office() const { return office_; }

 private:
  std::string name_;
  CaseBook book_;
  HandlingOffice office_;
};

}  // namespace gridplan::model
