// Golden results: the SHA-256 of every dataset in the result files of a fixed set of runs,
// compared with the checked-in list tests/golden/digests.txt, so that a refactor of the model can
// prove its results byte-identical. Slow: it runs whole simulated years.
//
// Cases (one test each, named <scenario>_<horizon>_<engine>[_trace]):
//   - scenarios/hongqiao-2023.toml for its whole year, native engine, without and with --trace;
//   - every scenarios/*.toml for --days 60: native, native --trace, and --engine simgrid (skipped
//     when the tests are built without SimGrid); a city file with --threads 1 and --threads 2
//     (the same digests: a city's results do not depend on its threads).
//
// Digest of a dataset: SHA-256 over its rank and dimensions (each an unsigned 64-bit little-endian
// integer), then its elements in row-major order, read with the dataset's own file type
// (H5Dget_type; result files are little-endian, so these are the stored bytes). Variable-length
// strings are hashed as their length (64-bit little-endian) and bytes, variable-length sequences
// as their length and elements, also inside compound and array types. Attributes are not hashed
// (they hold the creation date, command line and git revision). /runs is skipped: it holds the
// run's wall time.
//
// digests.txt holds one line per dataset, `<case> <dataset path> <hex sha256>`, sorted, after a
// comment header. Environment:
//   GRIDPLAN_GOLDEN_UPDATE=1      write each case's lines into the list instead of comparing
//                                 (other cases' lines are kept), and pass with a note;
//   GRIDPLAN_GOLDEN_CLI=PATH      the gridplan program to run (default: the one built with the
//                                 tests), e.g. that of an unmodified checkout when regenerating;
//   GRIDPLAN_GOLDEN_DIGESTS=PATH  the list to read or write (default: tests/golden/digests.txt).
// Regenerate, from the unmodified program only (README.md in this folder):
//   GRIDPLAN_GOLDEN_UPDATE=1 GRIDPLAN_GOLDEN_CLI=/path/to/pristine/gridplan build/golden_tests
#include <fcntl.h>
#include <gtest/gtest.h>
#include <hdf5.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "bad_input/cli_support.hpp"
#include "gridplan/kernel/sha256.hpp"

namespace gridplan::golden {
namespace {

namespace fs = std::filesystem;
using bad_input::read_text;
using bad_input::shell_quote;
using kernel::Sha256;
using kernel::sha256_hex;

// ---------------------------------------------------------------------------------------------
// Configuration

std::string env_or(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::string(value) : fallback;
}

std::string cli() {
  return env_or("GRIDPLAN_GOLDEN_CLI", GRIDPLAN_CLI);
}

fs::path digests_path() {
  return env_or("GRIDPLAN_GOLDEN_DIGESTS",
                (fs::path(GRIDPLAN_SOURCE_DIR) / "tests" / "golden" / "digests.txt").string());
}

bool update_mode() {
  return env_or("GRIDPLAN_GOLDEN_UPDATE", "") == "1";
}

const char* const kHeader =
    "# Golden results (tests/golden/golden_test.cpp): <case> <dataset> <sha256>, sorted.\n"
    "# Regenerate with the UNMODIFIED program only:\n"
    "#   GRIDPLAN_GOLDEN_UPDATE=1 GRIDPLAN_GOLDEN_CLI=/path/to/pristine/gridplan "
    "build/golden_tests\n";

// ---------------------------------------------------------------------------------------------
// Cases

struct Case {
  std::string name;   ///< in test names and digests.txt
  fs::path scenario;  ///< absolute
  int days = 0;       ///< 0: the scenario's own horizon
  bool trace = false;
  std::string engine;  ///< native or simgrid
  int threads = 0;     ///< a city: --threads (0: not given)
};

/// Lets gtest show a case by its name.
void PrintTo(const Case& c, std::ostream* out) {
  *out << c.name;
}

std::string identifier(std::string text) {
  for (char& c : text)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return text;
}

std::vector<Case> golden_cases() {
  const fs::path dir = fs::path(GRIDPLAN_SOURCE_DIR) / "scenarios";
  std::vector<Case> cases;
  const fs::path baseline = dir / "hongqiao-2023.toml";
  const std::string base = identifier(baseline.stem().string()) + "_year_native";
  cases.push_back({base, baseline, 0, false, "native"});
  cases.push_back({base + "_trace", baseline, 0, true, "native"});
  std::vector<fs::path> scenarios;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(dir, error))
    if (entry.path().extension() == ".toml") scenarios.push_back(entry.path());
  std::sort(scenarios.begin(), scenarios.end());
  for (const fs::path& path : scenarios) {
    const std::string stem = identifier(path.stem().string()) + "_60d_";
    // A city runs on the parallel engine, without --trace: on one thread and on two.
    if (read_text(path).find("\n[city]") != std::string::npos) {
      cases.push_back({stem + "threads1", path, 60, false, "native", 1});
      cases.push_back({stem + "threads2", path, 60, false, "native", 2});
      continue;
    }
    cases.push_back({stem + "native", path, 60, false, "native"});
    cases.push_back({stem + "native_trace", path, 60, true, "native"});
    cases.push_back({stem + "simgrid", path, 60, false, "simgrid"});
  }
  return cases;
}

// ---------------------------------------------------------------------------------------------
// HDF5 dataset digests

/// Owns an HDF5 identifier.
class Id {
 public:
  using Closer = herr_t (*)(hid_t);
  Id(hid_t id, Closer closer, const std::string& what) : id_(id), closer_(closer) {
    if (id < 0) throw std::runtime_error("HDF5: " + what + " failed");
  }
  Id(const Id&) = delete;
  Id& operator=(const Id&) = delete;
  ~Id() { closer_(id_); }
  hid_t get() const { return id_; }

 private:
  hid_t id_;
  Closer closer_;
};

void check(herr_t status, const std::string& what) {
  if (status < 0) throw std::runtime_error("HDF5: " + what + " failed");
}

/// How to hash one element of a type, worked out once per dataset.
struct Layout {
  enum class Kind { kRaw, kVarString, kVlen, kCompound, kArray } kind = Kind::kRaw;
  std::size_t size = 0;                               ///< bytes of the element in memory
  std::vector<std::pair<std::size_t, Layout>> parts;  ///< compound: (offset, member)
  std::vector<Layout> element;                        ///< vlen, array: one entry, the base type
  std::size_t count = 0;                              ///< array: elements
  bool variable = false;                              ///< holds pointers somewhere
};

Layout layout_of(hid_t type) {
  Layout layout;
  layout.size = H5Tget_size(type);
  const H5T_class_t type_class = H5Tget_class(type);
  if (type_class == H5T_STRING) {
    const htri_t variable = H5Tis_variable_str(type);
    check(variable, "H5Tis_variable_str");
    if (variable > 0) layout.kind = Layout::Kind::kVarString, layout.variable = true;
  } else if (type_class == H5T_VLEN) {
    Id base(H5Tget_super(type), H5Tclose, "H5Tget_super");
    layout.kind = Layout::Kind::kVlen;
    layout.variable = true;
    layout.element.push_back(layout_of(base.get()));
  } else if (type_class == H5T_ARRAY) {
    Id base(H5Tget_super(type), H5Tclose, "H5Tget_super");
    const int rank = H5Tget_array_ndims(type);
    check(rank, "H5Tget_array_ndims");
    std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
    check(H5Tget_array_dims2(type, dims.data()), "H5Tget_array_dims2");
    layout.kind = Layout::Kind::kArray;
    layout.count = 1;
    for (hsize_t d : dims) layout.count *= d;
    layout.element.push_back(layout_of(base.get()));
    layout.variable = layout.element[0].variable;
  } else if (type_class == H5T_COMPOUND) {
    const int members = H5Tget_nmembers(type);
    check(members, "H5Tget_nmembers");
    layout.kind = Layout::Kind::kCompound;
    for (int i = 0; i < members; ++i) {
      Id member(H5Tget_member_type(type, static_cast<unsigned>(i)), H5Tclose, "H5Tget_member_type");
      layout.parts.emplace_back(H5Tget_member_offset(type, static_cast<unsigned>(i)),
                                layout_of(member.get()));
      layout.variable = layout.variable || layout.parts.back().second.variable;
    }
  }
  if (!layout.variable) layout.kind = Layout::Kind::kRaw;  // hash the bytes, padding included
  return layout;
}

void hash_element(Sha256& hash, const Layout& layout, const char* p) {
  switch (layout.kind) {
    case Layout::Kind::kRaw:
      hash.update(p, layout.size);
      break;
    case Layout::Kind::kVarString: {
      const char* text;
      std::memcpy(&text, p, sizeof text);
      const std::size_t length = text != nullptr ? std::strlen(text) : 0;
      hash.update_u64(length);
      hash.update(text, length);
      break;
    }
    case Layout::Kind::kVlen: {
      hvl_t sequence;
      std::memcpy(&sequence, p, sizeof sequence);
      hash.update_u64(sequence.len);
      const char* element = static_cast<const char*>(sequence.p);
      for (std::size_t i = 0; i < sequence.len; ++i, element += layout.element[0].size)
        hash_element(hash, layout.element[0], element);
      break;
    }
    case Layout::Kind::kCompound:
      for (const auto& [offset, member] : layout.parts) hash_element(hash, member, p + offset);
      break;
    case Layout::Kind::kArray:
      for (std::size_t i = 0; i < layout.count; ++i)
        hash_element(hash, layout.element[0], p + i * layout.element[0].size);
      break;
  }
}

/// The digest of dataset `path` of `file`, as described at the top of this file.
std::string dataset_digest(hid_t file, const std::string& path) {
  Id dataset(H5Dopen2(file, path.c_str(), H5P_DEFAULT), H5Dclose, "opening " + path);
  Id type(H5Dget_type(dataset.get()), H5Tclose, "H5Dget_type of " + path);
  Id space(H5Dget_space(dataset.get()), H5Sclose, "H5Dget_space of " + path);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  check(rank, "H5Sget_simple_extent_ndims of " + path);
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  check(H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr), "dims of " + path);
  Sha256 hash;
  hash.update_u64(static_cast<std::uint64_t>(rank));
  for (hsize_t d : dims) hash.update_u64(d);

  const Layout layout = layout_of(type.get());
  if (layout.size == 0) throw std::runtime_error("HDF5: H5Tget_size of " + path + " failed");
  const H5S_class_t extent = H5Sget_simple_extent_type(space.get());
  if (extent == H5S_NULL) return hash.hex_digest();

  // Read in blocks of whole rows (dimension 0), about 8 MiB each, to bound memory.
  hsize_t rows = 1, row_elements = 1;
  if (rank > 0) {
    rows = dims[0];
    for (int i = 1; i < rank; ++i) row_elements *= dims[static_cast<std::size_t>(i)];
  }
  if (rows == 0 || row_elements == 0) return hash.hex_digest();
  const std::size_t row_bytes = static_cast<std::size_t>(row_elements) * layout.size;
  const hsize_t block_rows =
      std::min<hsize_t>(rows, std::max<std::size_t>(1, (std::size_t{8} << 20) / row_bytes));
  std::vector<char> buffer(static_cast<std::size_t>(block_rows) * row_bytes);
  for (hsize_t first = 0; first < rows; first += block_rows) {
    const hsize_t count_rows = std::min(block_rows, rows - first);
    std::vector<hsize_t> start(dims.size(), 0), count = dims;
    hid_t file_space = H5S_ALL, memory_space = H5S_ALL;
    std::unique_ptr<Id> memory;
    if (rank > 0) {
      start[0] = first;
      count[0] = count_rows;
      check(H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(),
                                nullptr),
            "selecting rows of " + path);
      memory = std::make_unique<Id>(H5Screate_simple(rank, count.data(), nullptr), H5Sclose,
                                    "H5Screate_simple");
      file_space = space.get();
      memory_space = memory->get();
    }
    check(H5Dread(dataset.get(), type.get(), memory_space, file_space, H5P_DEFAULT, buffer.data()),
          "reading " + path);
    const std::size_t elements = static_cast<std::size_t>(count_rows * row_elements);
    if (!layout.variable) {
      hash.update(buffer.data(), elements * layout.size);
    } else {
      for (std::size_t i = 0; i < elements; ++i)
        hash_element(hash, layout, buffer.data() + i * layout.size);
#if H5_VERSION_GE(1, 12, 0)
      check(
          H5Treclaim(type.get(), rank > 0 ? memory_space : space.get(), H5P_DEFAULT, buffer.data()),
          "reclaiming the variable-length data of " + path);
#else
      check(H5Dvlen_reclaim(type.get(), rank > 0 ? memory_space : space.get(), H5P_DEFAULT,
                            buffer.data()),
            "reclaiming the variable-length data of " + path);
#endif
    }
  }
  return hash.hex_digest();
}

herr_t collect_dataset(hid_t group, const char* name, const H5L_info_t* info, void* data) {
  if (info->type != H5L_TYPE_HARD) return 0;
  const hid_t object = H5Oopen(group, name, H5P_DEFAULT);
  if (object < 0) return -1;
  const bool is_dataset = H5Iget_type(object) == H5I_DATASET;
  H5Oclose(object);
  if (is_dataset) static_cast<std::vector<std::string>*>(data)->push_back("/" + std::string(name));
  return 0;
}

/// Dataset path -> digest, for every dataset of `file_name` but /runs (wall time).
std::map<std::string, std::string> file_digests(const fs::path& file_name) {
  Id file(H5Fopen(file_name.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose,
          "opening " + file_name.string());
  std::vector<std::string> datasets;
  check(H5Lvisit(file.get(), H5_INDEX_NAME, H5_ITER_INC, collect_dataset, &datasets),
        "listing the datasets of " + file_name.string());
  std::sort(datasets.begin(), datasets.end());
  std::map<std::string, std::string> digests;
  for (const std::string& path : datasets)
    if (path != "/runs") digests[path] = dataset_digest(file.get(), path);
  return digests;
}

// ---------------------------------------------------------------------------------------------
// The digest list

struct Line {
  std::string case_name, dataset, digest;
};

/// The lines of the list at `path` (none if it does not exist), comments and blanks left out.
std::vector<Line> read_list(const fs::path& path) {
  std::vector<Line> lines;
  if (!fs::exists(path)) return lines;
  std::istringstream text(read_text(path));
  int number = 0;
  for (std::string row; std::getline(text, row);) {
    ++number;
    if (row.empty() || row[0] == '#') continue;
    std::istringstream fields(row);
    Line line;
    std::string rest;
    if (!(fields >> line.case_name >> line.dataset >> line.digest) || (fields >> rest))
      throw std::runtime_error(path.string() + ":" + std::to_string(number) +
                               ": not `<case> <dataset> <sha256>`: " + row);
    lines.push_back(line);
  }
  return lines;
}

/// Replaces the lines of `case_name` in the list at `path` by `digests`, keeping every other
/// line; writes a temporary file and renames it, holding a lock on the folder meanwhile, so that
/// test processes run in parallel (ctest -j) do not lose each other's lines.
void update_list(const fs::path& path, const std::string& case_name,
                 const std::map<std::string, std::string>& digests) {
  const fs::path dir = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  const int lock = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (lock < 0 || ::flock(lock, LOCK_EX) != 0) {
    if (lock >= 0) ::close(lock);
    throw std::runtime_error("cannot lock " + dir.string());
  }
  struct Unlock {
    int fd;
    ~Unlock() { ::close(fd); }
  } unlock{lock};
  std::vector<std::string> rows;
  for (const Line& line : read_list(path))
    if (line.case_name != case_name)
      rows.push_back(line.case_name + " " + line.dataset + " " + line.digest);
  for (const auto& [dataset, digest] : digests)
    rows.push_back(case_name + " " + dataset + " " + digest);
  std::sort(rows.begin(), rows.end());
  const fs::path temporary = path.string() + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << kHeader;
    for (const std::string& row : rows) out << row << '\n';
    out.close();
    if (!out) throw std::runtime_error("cannot write " + temporary.string());
  }
  fs::rename(temporary, path);
}

/// Every difference between the listed and the computed digests, one line each; "" if none.
std::string differences(const std::map<std::string, std::string>& expected,
                        const std::map<std::string, std::string>& actual) {
  std::ostringstream out;
  for (const auto& [dataset, digest] : expected) {
    const auto found = actual.find(dataset);
    if (found == actual.end())
      out << "  missing: " << dataset << " (listed, but not in the result file)\n";
    else if (found->second != digest)
      out << "  differs: " << dataset << "\n      listed   " << digest << "\n      computed "
          << found->second << "\n";
  }
  for (const auto& [dataset, digest] : actual)
    if (!expected.count(dataset))
      out << "  extra:   " << dataset << " " << digest << " (in the result file, not listed)\n";
  return out.str();
}

// ---------------------------------------------------------------------------------------------
// The tests

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

class GoldenTest : public ::testing::TestWithParam<Case> {
 protected:
  /// This process's scratch folder, removed when the suite ends.
  static fs::path& scratch() {
    static fs::path dir;
    return dir;
  }
  static void SetUpTestSuite() {
    scratch() = fs::path(::testing::TempDir()) / ("gridplan_golden_" + std::to_string(::getpid()));
    fs::remove_all(scratch());
    fs::create_directories(scratch());
  }
  static void TearDownTestSuite() {
    std::error_code ignored;
    fs::remove_all(scratch(), ignored);
  }
};

TEST_P(GoldenTest, DigestsMatch) {
  const Case& c = GetParam();
#ifndef GRIDPLAN_WITH_SIMGRID
  if (c.engine == "simgrid") GTEST_SKIP() << "built without SimGrid";
#endif
  const fs::path out = scratch() / (c.name + ".h5"), err = scratch() / (c.name + ".err");
  std::string command = shell_quote(cli()) + " run " + shell_quote(c.scenario.string());
  if (c.days > 0) command += " --days " + std::to_string(c.days);
  if (c.trace) command += " --trace";
  if (c.engine != "native") command += " --engine " + c.engine;
  if (c.threads > 0) command += " --threads " + std::to_string(c.threads);
  command += " --out " + shell_quote(out.string()) + " --quiet";
  const std::string line = "cd " + shell_quote(scratch().string()) + " && " + command + " > " +
                           shell_quote(err.string()) + " 2>&1 < /dev/null";

  const auto start = std::chrono::steady_clock::now();
  const int status = std::system(line.c_str());
  const double run_seconds = seconds_since(start);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << command << "\nfailed:\n"
                                                             << read_text(err);

  const auto digest_start = std::chrono::steady_clock::now();
  std::map<std::string, std::string> actual;
  try {
    actual = file_digests(out);
  } catch (const std::exception& e) {
    FAIL() << e.what();
  }
  const double digest_seconds = seconds_since(digest_start);
  fs::remove(out);
  fs::remove(err);
  std::printf("[ golden   ] %s: run %.1f s, digests %.1f s, %zu datasets\n", c.name.c_str(),
              run_seconds, digest_seconds, actual.size());
  ASSERT_FALSE(actual.empty()) << out << " holds no dataset but /runs";

  const fs::path list = digests_path();
  if (update_mode()) {
    update_list(list, c.name, actual);
    std::printf("[ golden   ] GRIDPLAN_GOLDEN_UPDATE=1: wrote %zu digests of %s into %s\n",
                actual.size(), c.name.c_str(), list.c_str());
    return;
  }
  std::map<std::string, std::string> expected;
  std::vector<Line> lines;
  try {
    lines = read_list(list);
  } catch (const std::exception& e) {
    FAIL() << e.what();
  }
  for (const Line& l : lines)
    if (l.case_name == c.name) expected[l.dataset] = l.digest;
  ASSERT_FALSE(expected.empty())
      << list << " lists no digest for case " << c.name
      << "; if the case is new, add its digests, computed with the unmodified program: "
         "GRIDPLAN_GOLDEN_UPDATE=1 GRIDPLAN_GOLDEN_CLI=/path/to/pristine/gridplan golden_tests "
         "--gtest_filter='*/"
      << c.name << "'";
  const std::string diff = differences(expected, actual);
  EXPECT_TRUE(diff.empty()) << "case " << c.name << " (" << command
                            << ") differs from the golden digests in " << list << ":\n"
                            << diff
                            << "If the change of results is intended, regenerate the list (see "
                               "tests/golden/README.md).";
}

INSTANTIATE_TEST_SUITE_P(Runs, GoldenTest, ::testing::ValuesIn(golden_cases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return info.param.name;
                         });

TEST(GoldenList, ListsOnlyKnownCases) {
  std::set<std::string> known, stale;
  for (const Case& c : golden_cases()) known.insert(c.name);
  for (const Line& line : read_list(digests_path()))
    if (!known.count(line.case_name)) stale.insert(line.case_name);
  std::string names;
  for (const std::string& name : stale) names += " " + name;
  EXPECT_TRUE(stale.empty()) << digests_path() << " lists cases that no longer exist (a scenario "
                             << "was removed or renamed?); delete their lines:" << names;
}

// The digest of a compound dataset with a variable-length string member: the dimensions, then per
// row the fixed member's bytes and the string's length and bytes (not its pointer).
TEST(GoldenDigest, HashesVariableLengthStringsByValue) {
  const fs::path path = fs::path(::testing::TempDir()) /
                        ("gridplan_golden_vlen_" + std::to_string(::getpid()) + ".h5");
  struct Row {
    std::int64_t n;
    const char* s;
  };
  const Row rows[] = {{1, "ab"}, {2, ""}, {-3, "\xe4\xb8\xad"}};
  {
    Id file(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose,
            "H5Fcreate");
    Id string(H5Tcopy(H5T_C_S1), H5Tclose, "H5Tcopy");
    check(H5Tset_size(string.get(), H5T_VARIABLE), "H5Tset_size");
    Id memory(H5Tcreate(H5T_COMPOUND, sizeof(Row)), H5Tclose, "H5Tcreate");
    check(H5Tinsert(memory.get(), "n", HOFFSET(Row, n), H5T_NATIVE_INT64), "H5Tinsert");
    check(H5Tinsert(memory.get(), "s", HOFFSET(Row, s), string.get()), "H5Tinsert");
    Id stored(H5Tcreate(H5T_COMPOUND, 8 + sizeof(hvl_t)), H5Tclose, "H5Tcreate");
    check(H5Tinsert(stored.get(), "n", 0, H5T_STD_I64LE), "H5Tinsert");
    check(H5Tinsert(stored.get(), "s", 8, string.get()), "H5Tinsert");
    const hsize_t count = 3;
    Id space(H5Screate_simple(1, &count, nullptr), H5Sclose, "H5Screate_simple");
    Id dataset(H5Dcreate2(file.get(), "t", stored.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT,
                          H5P_DEFAULT),
               H5Dclose, "H5Dcreate2");
    check(H5Dwrite(dataset.get(), memory.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, rows), "H5Dwrite");
  }
  Sha256 expected;
  expected.update_u64(1);
  expected.update_u64(3);
  for (const Row& row : rows) {
    expected.update_u64(static_cast<std::uint64_t>(row.n));  // little-endian, as stored
    expected.update_u64(std::strlen(row.s));
    expected.update(row.s, std::strlen(row.s));
  }
  const auto digests = file_digests(path);
  fs::remove(path);
  ASSERT_EQ(digests.size(), 1u);
  EXPECT_EQ(digests.at("/t"), expected.hex_digest());
}

TEST(GoldenSha256, StandardVectors) {
  // FIPS 180-4 examples (NIST CSRC "SHA256.pdf", "SHA256_2.pdf") and the empty message.
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  // A million 'a', fed in uneven pieces to exercise the block buffering.
  Sha256 hash;
  const std::string a(1000, 'a');
  for (std::size_t done = 0, piece = 1; done < 1000000; piece = piece % 997 + 1) {
    const std::size_t n = std::min({piece, a.size(), 1000000 - done});
    hash.update(a.data(), n);
    done += n;
  }
  EXPECT_EQ(hash.hex_digest(), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

}  // namespace
}  // namespace gridplan::golden
