// Specialist mediation rooms (docs/model.md, "Mediation"): a street's resolution rate follows
// from the rooms its centres host. Twin runs under common random numbers: the same replication
// gives the same disputes, types and outcome draws, so only the room makes them differ.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "test_support.hpp"

namespace gridplan::testing {
namespace {

model::Scenario scenario(const std::string& file, std::vector<std::string> sets) {
  sets.push_back("scenario.days=365");
  return io::load_scenario(source_path(file), sets);
}

/// A street's disputes resolved at its own centres (community and street), and accepted at its
/// community centres (where every dispute starts).
struct StreetDisputes {
  std::int64_t accepted = 0, resolved = 0, room_accepted = 0;
  double share() const { return static_cast<double>(resolved) / static_cast<double>(accepted); }
};

StreetDisputes street_disputes(const experiment::RunOutput& out, const std::string& street) {
  const auto& m = table_of(out, "mediation");
  StreetDisputes d;
  for (std::size_t i = 0; i < m.rows(); ++i) {
    if (m.column("street").str[i] != street) continue;
    if (m.column("level").str[i] == "community") d.accepted += m.column("accepted").i64[i];
    d.resolved += m.column("resolved").i64[i];
    d.room_accepted += m.column("room_accepted").i64[i];
  }
  return d;
}

TEST(mediation_rooms, a_matching_room_raises_its_streets_resolution_share) {
  // System: the baseline with every dispute a neighbour dispute; Heyuan's neighbour workroom
  // (p_resolve 0.75 against the street level's 0.50) also at Xigu's street centre, or not.
  // Expectation: Xigu's disputes are the same in both runs and every one the general mediator
  // resolves (draw u < 0.50) the room resolves too (u < 0.75), so Xigu resolves about
  // 0.25 x (disputes in the room) more, within 4 binomial standard deviations (plus 2 for
  // disputes whose outcome moves past the horizon); other streets' centres are untouched.
  const std::vector<std::string> neighbour_only = {
      "mediation.dispute_types.neighbour.share=1",     "mediation.dispute_types.family.share=0",
      "mediation.dispute_types.property.share=0",      "mediation.dispute_types.damages.share=0",
      "mediation.dispute_types.contract.share=0",      "mediation.dispute_types.labour.share=0",
      "mediation.dispute_types.administrative.share=0"};
  auto with_room = neighbour_only;
  with_room.push_back("mediation.rooms.shijie.streets=\"heyuan+xigu\"");
  const auto without = run(scenario("scenarios/hongqiao-2023.toml", neighbour_only));
  const auto with = run(scenario("scenarios/hongqiao-2023.toml", with_room));
  const StreetDisputes a = street_disputes(without, "xigu"), b = street_disputes(with, "xigu");
  std::printf(
      "Xigu: %lld disputes; resolved %lld without the room, %lld with it (%lld in it): "
      "share %.3f -> %.3f\n",
      static_cast<long long>(a.accepted), static_cast<long long>(a.resolved),
      static_cast<long long>(b.resolved), static_cast<long long>(b.room_accepted), a.share(),
      b.share());
  EXPECT_EQ(a.accepted, b.accepted);  // same arrivals
  EXPECT_EQ(a.room_accepted, 0);
  ASSERT_GT(b.room_accepted, 30);
  const double n = static_cast<double>(b.room_accepted);
  EXPECT_GT(b.share(), a.share());
  EXPECT_NEAR(static_cast<double>(b.resolved - a.resolved), 0.25 * n,
              4 * std::sqrt(n * 0.25 * 0.75) + 2);
  for (const char* other : {"dingzigu", "jieyuan"}) {
    EXPECT_EQ(street_disputes(without, other).resolved, street_disputes(with, other).resolved)
        << other;
  }
}

TEST(mediation_rooms, heyuans_rooms_everywhere_raise_the_district_rate) {
  // System: the baseline and scenarios/mediation-heyuan-rooms-everywhere.toml, 5 replications
  // of a year each, paired by replication (common random numbers).
  // Expectation: the paired difference of dispute_resolution_rate is positive with 95%
  // confidence, because neighbour and family disputes at every street centre meet a room that
  // resolves more often, and nothing else changes.
  std::vector<double> diffs;
  for (std::uint64_t rep = 0; rep < 5; ++rep) {
    const double base =
        kpi(run(scenario("scenarios/hongqiao-2023.toml", {}), rep), "dispute_resolution_rate");
    const double what_if =
        kpi(run(scenario("scenarios/mediation-heyuan-rooms-everywhere.toml", {}), rep),
            "dispute_resolution_rate");
    std::printf("replication %llu: %.4f -> %.4f\n", static_cast<unsigned long long>(rep), base,
                what_if);
    diffs.push_back(what_if - base);
  }
  const Interval d = interval95(diffs);
  std::printf("Expectation > 0; Actual %.4f +- %.4f (95%%, 4 df)\n", d.mean, d.half_width);
  EXPECT_GT(d.mean - d.half_width, 0);
}

}  // namespace
}  // namespace gridplan::testing
