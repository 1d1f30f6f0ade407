// The city's 12345 hotline centre as one LP (a city run): it receives the city's calls, answers a
// share itself and transfers the rest, each to its district's platform after a delay no shorter
// than the least transfer delay, the lookahead between districts (docs/model.md, "A city").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gridplan/kernel/logical_process.hpp"
#include "gridplan/kernel/random_stream.hpp"
#include "gridplan/model/arrival_process.hpp"
#include "gridplan/model/city.hpp"
#include "gridplan/model/message.hpp"

namespace gridplan::model {

/// The centre's next call is due.
struct CentreCall {
  static constexpr std::string_view kName = "CentreCall";
};

/// What the centre did over a run.
struct HotlineCentreStats {
  std::uint64_t calls = 0;                   ///< calls received within the horizon
  std::uint64_t closed_at_centre = 0;        ///< answered by the centre itself
  std::vector<std::uint64_t> transferred;    ///< by district
  std::vector<double> transfer_minutes_sum;  ///< by district
};

inline constexpr char kHotlineCentreLpKind[] = "hotline_centre";

class HotlineCentreLp final : public kernel::LogicalProcess {
 public:
  using Inbox = model::Inbox<kHotlineCentreLpKind, CentreCall>;

  /// `profile` (outliving the LP) shapes the calls' rate; `platforms[d]` is district d's
  /// platform LP; draws come from `key` (the city's seed and replication).
  HotlineCentreLp(const HotlineCentreSpec& spec, const SourceProfile* profile,
                  const kernel::RandomKey& key, std::vector<kernel::LpId> platforms);
  const std::string& name() const override { return name_; }
  void init(kernel::Context& ctx) override;
  void on_event(kernel::Context& ctx, const kernel::Event& ev) override {
    Inbox::dispatch(*this, ctx, ev);
  }
  void on(kernel::Context& ctx, const CentreCall& m);
  const HotlineCentreStats& stats() const { return stats_; }

 private:
  const HotlineCentreSpec& spec_;
  kernel::RandomKey key_;
  ArrivalProcess arrivals_;
  std::vector<kernel::LpId> platforms_;
  HotlineCentreStats stats_;
  std::string name_ = "hotline centre";
};

}  // namespace gridplan::model
