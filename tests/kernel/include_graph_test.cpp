// The layers' include graph: cli -> experiment -> {model, io} -> kernel, io may use model types.
// The build already refuses an upward include (each layer's headers are exported only by its own
// library); this test names the offending line as well, and keeps libraries out of the layers
// that must not know them (the model knows nothing of SimGrid, HDF5, TOML or the command line).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

const std::map<std::string, std::set<std::string>> kMayInclude = {
    {"kernel", {"kernel"}},
    {"model", {"model", "kernel"}},
    {"io", {"io", "model", "kernel"}},
    {"experiment", {"experiment", "io", "model", "kernel"}},
    {"cli", {"experiment", "io", "model", "kernel"}},
};

// System headers a layer must not see (prefix of the <...> include). io may use TBB, and only
// hdf5_writer.cpp does: to compress a table's chunks in parallel, which nests in a sweep's
// task arena instead of adding threads of its own.
const std::map<std::string, std::vector<std::string>> kForbiddenSystem = {
    {"kernel", {"hdf5", "H5", "toml", "boost/program_options", "mpi.h", "tbb/"}},
    {"model", {"simgrid", "hdf5", "H5", "toml", "boost/program_options", "mpi.h", "tbb/"}},
    {"io", {"simgrid", "boost/program_options", "mpi.h"}},
};

std::vector<fs::path> layer_files(const std::string& layer) {
  const fs::path root(GRIDPLAN_SOURCE_DIR);
  std::vector<fs::path> files;
  for (const fs::path& dir : {root / "include" / layer, root / "sim" / layer}) {
    if (!fs::exists(dir)) continue;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
      const auto ext = e.path().extension();
      if (e.is_regular_file() && (ext == ".hpp" || ext == ".cpp")) files.push_back(e.path());
    }
  }
  return files;
}

TEST(IncludeGraph, EveryLayerIncludesOnlyItselfAndTheLayersBelow) {
  const std::regex project(R"re(^\s*#\s*include\s*"gridplan/([a-z_]+)/)re");
  const std::regex system(R"re(^\s*#\s*include\s*<([^>]+)>)re");
  std::size_t files = 0;
  for (const auto& [layer, allowed] : kMayInclude) {
    for (const fs::path& f : layer_files(layer)) {
      ++files;
      std::ifstream in(f);
      std::string line;
      for (int n = 1; std::getline(in, line); ++n) {
        std::smatch m;
        if (std::regex_search(line, m, project)) {
          EXPECT_TRUE(allowed.count(m[1].str()))
              << f.string() << ":" << n << ": the " << layer << " layer includes " << m[1].str();
        } else if (std::regex_search(line, m, system) && kForbiddenSystem.count(layer)) {
          for (const std::string& bad : kForbiddenSystem.at(layer))
            EXPECT_NE(m[1].str().rfind(bad, 0), 0u) << f.string() << ":" << n << ": the " << layer
                                                    << " layer includes <" << m[1].str() << ">";
        }
      }
    }
  }
  EXPECT_GT(files, 100u) << "the layer folders were not found under " << GRIDPLAN_SOURCE_DIR;
}

TEST(IncludeGraph, LayerHeadersLiveInTheirLayersIncludeDirectory) {
  const fs::path root(GRIDPLAN_SOURCE_DIR);
  EXPECT_FALSE(fs::exists(root / "include" / "gridplan"))
      << "headers under include/gridplan/ would be visible to every layer";
  for (const auto& [layer, allowed] : kMayInclude) {
    if (layer == "cli") continue;
    const fs::path dir = root / "include" / layer;
    ASSERT_TRUE(fs::is_directory(dir / "gridplan" / layer)) << dir;
    for (const auto& e : fs::directory_iterator(dir))
      EXPECT_EQ(e.path().filename(), "gridplan")
          << e.path() << " is outside include/<layer>/gridplan";
    for (const auto& e : fs::directory_iterator(dir / "gridplan"))
      EXPECT_EQ(e.path().filename(), layer) << e.path() << " belongs to another layer";
  }
}

}  // namespace
