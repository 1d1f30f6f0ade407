// The parts directory of a sweep in progress: one atomically written HDF5 file per finished run,
// tagged with the sweep's fingerprint, checked by --resume and read back in run order.
#include "gridplan/experiment/sweep_parts.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include "gridplan/experiment/sweep_plan.hpp"

namespace gridplan::experiment {

namespace {

namespace fs = std::filesystem;

constexpr const char* kPartTable = "part";

/// The run id of a part's file name ("run-000042.h5" -> 42); false for any other name.
bool run_of_name(const std::string& name, std::size_t& run) {
  const std::string prefix = "run-", suffix = ".h5";
  if (name.size() <= prefix.size() + suffix.size() || name.rfind(prefix, 0) != 0 ||
      name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
    return false;
  const std::string digits =
      name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
  if (digits.find_first_not_of("0123456789") != std::string::npos) return false;
  run = std::stoull(digits);
  return true;
}

}  // namespace

SweepParts::SweepParts(std::string out_path, std::string fingerprint)
    : directory_(std::move(out_path) + ".parts"), fingerprint_(std::move(fingerprint)) {}

bool SweepParts::exists() const {
  std::error_code ec;
  return fs::is_directory(directory_, ec);
}

void SweepParts::create() const {
  std::error_code ec;
  fs::create_directory(directory_, ec);
  if (ec) throw std::runtime_error("cannot create " + directory_ + ": " + ec.message());
}

std::string SweepParts::path_of(std::size_t run) const {
  char name[40];
  std::snprintf(name, sizeof name, "/run-%06zu.h5", run);
  return directory_ + name;
}

void SweepParts::write(std::size_t run, const io::Provenance& provenance,
                       const std::vector<kernel::Table>& tables) const {
  std::vector<kernel::Table> with_tag = tables;
  kernel::Table tag;
  tag.name = kPartTable;
  tag.description = "one finished run of a sweep in progress, and the sweep it belongs to";
  tag.add_i64("run", "", "run id").i64.push_back(static_cast<std::int64_t>(run));
  tag.add_str("fingerprint", "the sweep's fingerprint (scenario, sets, axes, replications)")
      .str.push_back(fingerprint_);
  with_tag.push_back(std::move(tag));
  io::write_hdf5(path_of(run), provenance, with_tag);
}

std::vector<std::size_t> SweepParts::finished_runs(std::size_t total) const {
  std::vector<std::size_t> runs;
  if (!exists()) return runs;
  for (const fs::directory_entry& entry : fs::directory_iterator(directory_)) {
    const std::string name = entry.path().filename().string();
    if (name.find(".tmp.") != std::string::npos) {
      // A write that a crash cut short (the caller holds the directory's lock, so no live
      // process owns it): that run is redone.
      fs::remove(entry.path());
      continue;
    }
    std::size_t run = 0;
    if (!run_of_name(name, run)) continue;
    const std::string path = entry.path().string();
    kernel::Table tag;
    try {
      tag = io::read_hdf5_table(path, kPartTable);
    } catch (const std::runtime_error& e) {
      throw SweepError(path + " is not a part of a sweep (" + e.what() +
                       "): delete it, or the whole " + directory_);
    }
    const auto& fingerprint = tag.column("fingerprint").str;
    if (fingerprint.size() != 1 || fingerprint[0] != fingerprint_)
      throw SweepError(path + " belongs to another sweep (fingerprint " +
                       (fingerprint.empty() ? std::string("?") : fingerprint[0]) + ", this one " +
                       fingerprint_ +
                       "): the scenario text, --set, --grid, --days, --replications or "
                       "--independent differ. Repeat the original command with --resume, or "
                       "delete " +
                       directory_ + " to start again");
    const auto& tagged = tag.column("run").i64;
    if (tagged.size() != 1 || tagged[0] != static_cast<std::int64_t>(run))
      throw SweepError(path + " holds another run than its name says: delete it");
    if (run >= total)
      throw SweepError(path + " is run " + std::to_string(run) + ", but the sweep has " +
                       std::to_string(total) + " runs: delete " + directory_);
    runs.push_back(run);
  }
  std::sort(runs.begin(), runs.end());
  return runs;
}

std::vector<kernel::Table> SweepParts::read(std::size_t run) const {
  const std::string path = path_of(run);
  std::vector<kernel::Table> tables;
  for (const std::string& name : io::list_hdf5_tables(path))
    if (name != kPartTable) tables.push_back(io::read_hdf5_table(path, name));
  return tables;
}

std::vector<io::TableShape> SweepParts::shapes(std::size_t run) const {
  std::vector<io::TableShape> shapes = io::read_table_shapes(path_of(run));
  std::erase_if(shapes, [](const io::TableShape& s) { return s.columns.name == kPartTable; });
  return shapes;
}

void SweepParts::remove() const {
  std::error_code ec;
  fs::remove_all(directory_, ec);
  if (ec) throw std::runtime_error("cannot remove " + directory_ + ": " + ec.message());
}

}  // namespace gridplan::experiment
