// Slices of a sweep (--shard i/n) merged with `gridplan merge` give the one-process file; slices
// of another sweep, overlapping slices and missing runs are refused with exit code 2.
#include "gridplan/experiment/shard_merge.hpp"

#include <gtest/gtest.h>

#include "cli_sweep_support.hpp"

namespace gridplan::testing {
namespace {

/// 2 points x 6 replications of 3 baseline days: 12 short runs; kSweep with a warm-up day.
const std::string kBase = "sweep " + baseline_path() +
                          " --days 3 --replications 6 --grid departments.police.staff=20,30 "
                          "--threads 1 --quiet";
const std::string kSweep = kBase + " --warmup-days 1";

/// Runs the three shards of kSweep (plus `extra` options) into part-I.h5 in `dir`.
void run_shards(const std::filesystem::path& dir, const std::string& extra = "") {
  for (int i = 0; i < 3; ++i) {
    const Command shard = gridplan_cli(dir, kSweep + extra + " --shard " + std::to_string(i) +
                                                "/3 --out part-" + std::to_string(i) + ".h5");
    ASSERT_EQ(shard.exit_code, 0) << shard.err;
  }
}

TEST(shard_merge, three_shards_merge_into_the_one_process_file) {
  const auto dir = scratch_dir("shards");
  ASSERT_EQ(gridplan_cli(dir, kSweep + " --out one.h5").exit_code, 0);
  run_shards(dir);
  const auto shard = io::read_hdf5_table((dir / "part-1.h5").string(), "shard");
  EXPECT_EQ(shard.column("shard").i64, (std::vector<std::int64_t>{1}));
  EXPECT_EQ(shard.column("shards").i64, (std::vector<std::int64_t>{3}));
  EXPECT_EQ(io::read_hdf5_table((dir / "part-1.h5").string(), "runs").column("run").i64,
            (std::vector<std::int64_t>{1, 4, 7, 10}));  // run % 3 == 1
  EXPECT_NE(file_text(source_path("output/README.md")).find("### `/shard`"), std::string::npos);

  // Any order of the inputs gives the same file.
  const Command merge = gridplan_cli(dir, "merge part-2.h5 part-0.h5 part-1.h5 --out all.h5");
  ASSERT_EQ(merge.exit_code, 0) << merge.err;
  EXPECT_NE(merge.out.find("Merged 3 files: 2 points, 12 runs"), std::string::npos) << merge.out;
  EXPECT_EQ(dataset_difference((dir / "one.h5").string(), (dir / "all.h5").string()), "");
  const Command show = gridplan_cli(dir, "show part-0.h5");
  EXPECT_NE(show.out.find("shard      0/3: 4 of 4 runs"), std::string::npos) << show.out;
}

TEST(shard_merge, overlapping_foreign_and_missing_slices_are_refused) {
  const auto dir = scratch_dir("refused");
  run_shards(dir);
  const Command overlap = gridplan_cli(dir, "merge part-0.h5 part-1.h5 part-1.h5 --out x.h5");
  EXPECT_EQ(overlap.exit_code, 2);
  EXPECT_NE(overlap.err.find("run 1 is in both shard 1/3 (part-1.h5) and shard 1/3"),
            std::string::npos)
      << overlap.err;

  const Command missing = gridplan_cli(dir, "merge part-0.h5 part-2.h5 --out x.h5");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("4 of 12 runs are missing: 1, 4, 7, 10 (shard 1/3)"),
            std::string::npos)
      << missing.err;

  // The same shard of a sweep with other police staff values: another fingerprint.
  const Command other = gridplan_cli(
      dir, "sweep " + baseline_path() +
               " --days 3 --replications 6 --grid departments.police.staff=20,40 --quiet "
               "--threads 1 --shard 1/3 --out foreign-1.h5");
  ASSERT_EQ(other.exit_code, 0) << other.err;
  const Command foreign = gridplan_cli(dir, "merge part-0.h5 foreign-1.h5 part-2.h5 --out x.h5");
  EXPECT_EQ(foreign.exit_code, 2);
  EXPECT_NE(foreign.err.find("is a slice of another sweep"), std::string::npos) << foreign.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "x.h5"));

  const Command not_sweep = gridplan_cli(dir, "merge out.txt --out x.h5");
  EXPECT_EQ(not_sweep.exit_code, 2) << not_sweep.err;
}

TEST(shard_merge, an_interrupted_shard_resumes_and_warmup_must_agree) {
  const auto dir = scratch_dir("resume");
  const std::string shard1 = kSweep + " --shard 1/3 --out part-1.h5";
  const Command stopped = gridplan_cli(dir, shard1 + " --stop-after 2");
  EXPECT_EQ(stopped.exit_code, 130);
  EXPECT_NE(stopped.err.find("2 of 4 runs done"), std::string::npos) << stopped.err;
  const Command resumed = gridplan_cli(dir, shard1 + " --resume");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(io::read_hdf5_table((dir / "part-1.h5").string(), "runs").rows(), 4u);
  // A complete shard resumed again is left alone; another shard's file is not taken for it.
  EXPECT_EQ(gridplan_cli(dir, shard1 + " --resume").exit_code, 0);
  const Command wrong = gridplan_cli(dir, kSweep + " --shard 2/3 --out part-1.h5 --resume");
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_NE(wrong.err.find("holds shard 1/3, not shard 2/3"), std::string::npos) << wrong.err;

  ASSERT_EQ(gridplan_cli(dir, kSweep + " --shard 0/3 --out part-0.h5").exit_code, 0);
  ASSERT_EQ(gridplan_cli(dir, kBase + " --shard 2/3 --out part-2.h5 --warmup-days 2").exit_code, 0);
  const Command disagree = gridplan_cli(dir, "merge part-*.h5 --out x.h5");
  EXPECT_EQ(disagree.exit_code, 2);
  EXPECT_NE(disagree.err.find("--warmup-days"), std::string::npos) << disagree.err;
  const Command given = gridplan_cli(dir, "merge part-*.h5 --out x.h5 --warmup-days 1 --quiet");
  EXPECT_EQ(given.exit_code, 0) << given.err;
  EXPECT_EQ(io::read_hdf5_table((dir / "x.h5").string(), "sweep").column("warmup_days").i64[0], 1);
}

TEST(shard_merge, runs_are_listed_as_ranges) {
  EXPECT_EQ(experiment::format_runs({}), "");
  EXPECT_EQ(experiment::format_runs({3}), "3");
  EXPECT_EQ(experiment::format_runs({0, 1, 2, 5, 7, 8, 9, 11, 12}), "0-2, 5, 7-9, 11, 12");
}

}  // namespace
}  // namespace gridplan::testing
