// A street (街道) as one LP: its grid workers, who find, settle, report and verify cases in
// their grids, and its street office, which handles the cases dispatched to the street.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "gridplan/model/arrival_process.hpp"
#include "gridplan/model/mediation_centre.hpp"
#include "gridplan/model/office.hpp"
#include "gridplan/model/world.hpp"

namespace gridplan::model {

class StreetLp final : public kernel::LogicalProcess {
 public:
  StreetLp(World& world, int street);
  const std::string& name() const override { return name_; }
  void init(kernel::Context& ctx) override;
  void on_event(kernel::Context& ctx, const kernel::Event& ev) override;
  void on_finish(kernel::SimTime horizon) override;

  const Office& office() const { return office_; }
  /// Grid worker pools in grid order (pool i serves the street's i-th grid).
  const std::vector<StaffPool>& workers() const { return workers_; }

 private:
  void to_worker(kernel::Context& ctx, std::uint32_t slot);
  void mediation_event(kernel::Context& ctx, const kernel::Event& ev);
  void weekly_dispatch(kernel::Context& ctx);
  void worker_done(kernel::Context& ctx, std::uint32_t slot);
  StaffPool& worker_of(const CaseRecord& c);

  World& world_;
  int street_;
  std::string name_;
  Office office_;
  std::vector<StaffPool> workers_;
  std::vector<int> patrol_sources_;
  std::vector<ArrivalProcess> arrivals_;  // parallel to patrol_sources_
  std::uint64_t serial_ = 0;
  int first_community_ = 0;
  /// Mediation: the street's community centres, then its street centre (empty when off).
  std::vector<std::unique_ptr<MediationCentre>> centres_;

 public:
  const std::vector<std::unique_ptr<MediationCentre>>& centres() const { return centres_; }
};

}  // namespace gridplan::model
