// A city assembled for one run: every district's LPs (as GovernanceModel builds them, ids one
// district after another) and the hotline centre's, the partition of LPs by district for the
// parallel engine, and the city's result tables: the districts' tables with a district column,
// /districts (each district's KPIs), a city /kpi row and /hotline_centre.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "gridplan/kernel/logical_process.hpp"
#include "gridplan/kernel/table.hpp"
#include "gridplan/model/arrival_process.hpp"
#include "gridplan/model/city.hpp"
#include "gridplan/model/governance_model.hpp"

namespace gridplan::model {

class HotlineCentreLp;

class CityModel {
 public:
  /// `scenario.city` must be set (a city file). Tracing is not offered for a city.
  CityModel(const Scenario& scenario, std::uint64_t replication);
  ~CityModel();
  CityModel(const CityModel&) = delete;
  CityModel& operator=(const CityModel&) = delete;

  /// The LPs in id order: district 0's, district 1's, ..., then the hotline centre.
  std::vector<kernel::LogicalProcess*> lps();
  /// The partition of each LP: its district's index; the centre's is the number of districts.
  std::vector<std::uint32_t> partition_of() const;
  /// By partition, the partitions that may send to it: a district's is the centre; the centre
  /// hears from none (its calls come from outside).
  std::vector<std::vector<std::uint32_t>> senders() const;
  /// The least delay of a message between partitions, seconds: the centre's least transfer
  /// delay (without a centre nothing crosses: the horizon, plus a second).
  double between_partitions_seconds() const;
  double horizon_seconds() const;
  /// The least message delay inside a district (the districts' smallest lookahead).
  double lookahead_seconds() const;
  std::uint64_t cases_so_far() const;
  /// The tables of the run (names as GovernanceModel::results, plus "districts" and
  /// "hotline_centre"); call once, after the engine has finished.
  std::vector<kernel::Table> results(std::int64_t run_id, std::uint64_t events);

 private:
  const City& city_;
  std::vector<std::unique_ptr<GovernanceModel>> districts_;
  std::vector<std::size_t> lp_counts_;  ///< by district
  SourceProfile centre_profile_;
  std::unique_ptr<HotlineCentreLp> centre_;
};

}  // namespace gridplan::model
