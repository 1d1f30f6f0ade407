// Tests of the HDF5 result files: tables, units and provenance come back bit for bit, equal input
// gives equal files, and a failed write leaves neither the file nor its temporary behind.
#include "gridplan/io/hdf5_writer.hpp"

#include <gtest/gtest.h>
#include <hdf5.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using gridplan::io::list_hdf5_tables;
using gridplan::io::Provenance;
using gridplan::io::read_hdf5_table;
using gridplan::io::read_provenance;
using gridplan::io::read_table_shapes;
using gridplan::io::ResultWriter;
using gridplan::io::shape_of;
using gridplan::io::TableShape;
using gridplan::io::widen;
using gridplan::io::write_hdf5;
using gridplan::kernel::Column;
using gridplan::kernel::Table;

/// A fresh directory under testing::TempDir() for one test, removed when the test ends.
class ScratchDir {
 public:
  ScratchDir() {
    const auto* test = testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::path(testing::TempDir()) /
            ("gridplan_hdf5_" + std::string(test->name()) + "_" + std::to_string(::getpid()));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  std::string file(const std::string& name) const { return (path_ / name).string(); }

  /// The names of the directory's entries, sorted.
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(path_))
      names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

 private:
  fs::path path_;
};

/// The double with IEEE 754 bit pattern `bits`.
double from_bits(std::uint64_t bits) {
  return std::bit_cast<double>(bits);
}

/// A table with every column type and the awkward values: NaN with a payload, -0.0, infinities,
/// a subnormal, the int64 extremes, empty and non-ASCII strings, trailing spaces.
Table awkward_table(const std::string& name) {
  Table t;
  t.name = name;
  t.description = "one row per run, with awkward values";
  t.add_i64("run_id", "1", "run index").i64 = {0, 1, -7, std::numeric_limits<std::int64_t>::min(),
                                               std::numeric_limits<std::int64_t>::max()};
  t.add_f64("mean_wait_hours", "hours", "mean time from report to dispatch").f64 = {
      1.5, std::numeric_limits<double>::quiet_NaN(), -0.0, -std::numeric_limits<double>::infinity(),
      std::numeric_limits<double>::denorm_min()};
  t.add_str("street", "street name").str = {"Hongqiao", "", "虹桥街道", "a", "trailing  "};
  t.add_f64("nan_payload", "1", "a NaN whose payload must survive").f64 = {
      from_bits(0x7ff8000000000123ULL), from_bits(0xfff0000000000001ULL), 0.0, 1e300, -1e-300};
  return t;
}

/// A table with three columns and no rows.
Table empty_table(const std::string& name) {
  Table t;
  t.name = name;
  t.description = "nothing happened";
  t.add_f64("time", "s", "simulated time");
  t.add_i64("count", "cases", "cases");
  t.add_str("label", "a label");
  return t;
}

/// Provenance with a scenario text too long for a fixed-length attribute.
Provenance sample_provenance() {
  Provenance p;
  p.version = "0.1.0";
  p.git_revision = "44ad5cb";
  p.command_line = "gridplan run scenarios/hongqiao-2023.toml --set whistle.first_after_hours=48";
  p.created = "2024-05-01T12:00:00Z";
  p.scenario_name = "hongqiao-2023";
  // Over 64 KiB, the limit of a fixed-length attribute in HDF5's compact storage.
  for (int i = 0; i < 4000; ++i) p.scenario_text += "# 虹桥 line " + std::to_string(i) + "\n";
  p.overrides = "whistle.first_after_hours=48\nstaff.grid_workers=3";
  p.seed = std::numeric_limits<std::uint64_t>::max() - 5;
  p.horizon_days = 365;
  return p;
}

/// Expects equal names, types, units, descriptions and bit-identical values.
void expect_same_table(const Table& expected, const Table& actual) {
  EXPECT_EQ(expected.name, actual.name);
  EXPECT_EQ(expected.description, actual.description);
  ASSERT_EQ(expected.columns.size(), actual.columns.size());
  for (std::size_t i = 0; i < expected.columns.size(); ++i) {
    const Column& e = expected.columns[i];
    const Column& a = actual.columns[i];
    SCOPED_TRACE("column " + e.name);
    EXPECT_EQ(e.name, a.name);
    EXPECT_EQ(e.unit, a.unit);
    EXPECT_EQ(e.description, a.description);
    EXPECT_EQ(e.type, a.type);
    ASSERT_EQ(e.size(), a.size());
    for (std::size_t r = 0; r < e.f64.size(); ++r)
      EXPECT_EQ(std::bit_cast<std::uint64_t>(e.f64[r]), std::bit_cast<std::uint64_t>(a.f64[r]))
          << "row " << r;
    EXPECT_EQ(e.i64, a.i64);
    EXPECT_EQ(e.str, a.str);
  }
}

/// The whole content of a file.
std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Whether a command-line tool is on PATH.
bool have_tool(const std::string& tool) {
  return std::system(("command -v " + tool + " > /dev/null 2>&1").c_str()) == 0;
}

/// Runs a shell command and returns its exit code (-1 if it did not exit normally).
int exit_code(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/// Runs a shell command and returns what it printed.
std::string output_of(const std::string& command) {
  std::string out;
  if (std::FILE* pipe = ::popen(command.c_str(), "r")) {
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;)
      out.append(buffer, n);
    ::pclose(pipe);
  }
  return out;
}

TEST(hdf5_writer, round_trip_keeps_bits_units_and_descriptions) {
  ScratchDir dir;
  const std::string path = dir.file("results.h5");
  const std::vector<Table> tables = {awkward_table("kpi"), empty_table("cases")};
  write_hdf5(path, sample_provenance(), tables);

  expect_same_table(tables[0], read_hdf5_table(path, "kpi"));
  expect_same_table(tables[1], read_hdf5_table(path, "cases"));
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"results.h5"});  // the temp file is gone
}

TEST(hdf5_writer, nested_names_become_groups_and_list_in_creation_order) {
  ScratchDir dir;
  const std::string path = dir.file("results.h5");
  // Not alphabetical, so a name-ordered listing would fail.
  std::vector<Table> tables = {empty_table("runs"), awkward_table("kpi"),
                               awkward_table("timeseries/daily"), empty_table("grids")};
  write_hdf5(path, sample_provenance(), tables);

  EXPECT_EQ(list_hdf5_tables(path),
            (std::vector<std::string>{"runs", "kpi", "timeseries/daily", "grids"}));
  expect_same_table(tables[2], read_hdf5_table(path, "timeseries/daily"));
}

/// Opens `path` read-write with HDF5 and applies `change` to its root group.
template <typename Change>
void edit_root(const std::string& path, Change change) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  ASSERT_GE(change(file), 0);
  ASSERT_GE(H5Fclose(file), 0);
}

// A damaged group can lose a link without an error from HDF5 (the blocks that hold a large
// group's links carry no checksum): the root attribute `tables` lets the reader see it.
TEST(hdf5_writer, a_table_missing_from_its_group_is_refused) {
  ScratchDir dir;
  const std::string path = dir.file("results.h5");
  write_hdf5(path, sample_provenance(), {awkward_table("kpi"), awkward_table("timeseries/daily")});
  edit_root(path, [](hid_t file) { return H5Ldelete(file, "timeseries/daily", H5P_DEFAULT); });
  try {
    list_hdf5_tables(path);
    ADD_FAILURE() << "expected BadResultFile";
  } catch (const gridplan::io::BadResultFile& e) {
    EXPECT_NE(std::string(e.what()).find("'tables' names '/timeseries/daily'"), std::string::npos)
        << e.what();
  }
}

// A dataset's shape has no checksum in HDF5's default format: a table that reads back with
// fewer rows than were written is refused by the digest written with it.
TEST(hdf5_writer, a_table_read_back_shorter_is_refused) {
  ScratchDir dir;
  const std::string path = dir.file("results.h5");
  write_hdf5(path, sample_provenance(), {awkward_table("kpi")});
  edit_root(path, [](hid_t file) {
    const hid_t dataset = H5Dopen2(file, "kpi", H5P_DEFAULT);
    const hsize_t rows = 4;  // of 5
    const herr_t status = H5Dset_extent(dataset, &rows);
    H5Dclose(dataset);
    return status;
  });
  try {
    read_hdf5_table(path, "kpi");
    ADD_FAILURE() << "expected BadResultFile";
  } catch (const gridplan::io::BadResultFile& e) {
    EXPECT_NE(std::string(e.what()).find("4 rows do not match the checksum"), std::string::npos)
        << e.what();
  }
  // Without the digest (a file from another tool) the same table reads, one row short.
  edit_root(path, [](hid_t file) { return H5Adelete_by_name(file, "kpi", "digest", H5P_DEFAULT); });
  EXPECT_EQ(read_hdf5_table(path, "kpi").rows(), 4u);
}

// A file from another tool has no attribute `tables`: its links are all there is to go by.
TEST(hdf5_writer, a_file_without_the_table_list_is_read_by_its_links) {
  ScratchDir dir;
  const std::string path = dir.file("results.h5");
  write_hdf5(path, sample_provenance(), {awkward_table("kpi"), empty_table("runs")});
  edit_root(path, [](hid_t file) { return H5Adelete(file, "tables"); });
  EXPECT_EQ(list_hdf5_tables(path), (std::vector<std::string>{"kpi", "runs"}));
}

TEST(hdf5_writer, provenance_round_trips) {
  ScratchDir dir;
  const std::string path = dir.file("results.h5");
  const Provenance written = sample_provenance();
  write_hdf5(path, written, {awkward_table("kpi")});

  const Provenance read = read_provenance(path);
  EXPECT_EQ(written.version, read.version);
  EXPECT_EQ(written.git_revision, read.git_revision);
  EXPECT_EQ(written.command_line, read.command_line);
  EXPECT_EQ(written.created, read.created);
  EXPECT_EQ(written.scenario_name, read.scenario_name);
  EXPECT_EQ(written.scenario_text, read.scenario_text);
  EXPECT_EQ(written.overrides, read.overrides);
  EXPECT_EQ(written.seed, read.seed);
  EXPECT_EQ(written.horizon_days, read.horizon_days);
}

TEST(hdf5_writer, equal_tables_give_identical_files) {
  ScratchDir dir;
  const std::string first = dir.file("first.h5");
  const std::string second = dir.file("second.h5");
  const std::vector<Table> tables = {awkward_table("kpi"), awkward_table("timeseries/daily"),
                                     empty_table("cases")};
  write_hdf5(first, sample_provenance(), tables);
  write_hdf5(second, sample_provenance(), tables);

  for (const Table& table : tables)
    expect_same_table(read_hdf5_table(first, table.name), read_hdf5_table(second, table.name));
  // No timestamps are stored, so with equal provenance the files are equal byte for byte: the
  // determinism tests can compare whole files.
  EXPECT_EQ(file_bytes(first), file_bytes(second));
  if (!have_tool("h5diff")) GTEST_SKIP() << "h5diff not installed";
  EXPECT_EQ(exit_code("h5diff '" + first + "' '" + second + "' > /dev/null 2>&1"), 0);
}

TEST(hdf5_writer, datasets_are_chunked_compressed_little_endian_compounds) {
  if (!have_tool("h5dump")) GTEST_SKIP() << "h5dump not installed";
  ScratchDir dir;
  const std::string path = dir.file("results.h5");
  write_hdf5(path, sample_provenance(), {awkward_table("kpi")});

  const std::string header = output_of("h5dump -p -H -d /kpi '" + path + "'");
  for (const char* expected :
       {"H5T_STD_I64LE \"run_id\"", "H5T_IEEE_F64LE \"mean_wait_hours\"", "STRSIZE 12",
        "STRPAD H5T_STR_NULLPAD", "CHUNKED ( 5 )", "SHUFFLE", "DEFLATE { LEVEL 1 }",
        "ATTRIBUTE \"units\"", "ATTRIBUTE \"description\"", "ATTRIBUTE \"columns\"",
        "ATTRIBUTE \"column_descriptions\""})
    EXPECT_NE(header.find(expected), std::string::npos) << expected << " missing in:\n" << header;
}

TEST(hdf5_writer, missing_directory_throws_naming_the_path_and_leaves_nothing) {
  ScratchDir dir;
  const std::string path = dir.file("no-such-dir/x.h5");
  try {
    write_hdf5(path, sample_provenance(), {awkward_table("kpi")});
    FAIL() << "expected std::runtime_error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("'" + path + "'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("No such file or directory"), std::string::npos)
        << e.what();
  }
  EXPECT_FALSE(fs::exists(path));
  EXPECT_FALSE(fs::exists(path + ".tmp"));
  EXPECT_TRUE(dir.entries().empty());
}

TEST(hdf5_writer, unequal_columns_throw_before_any_file_exists) {
  ScratchDir dir;
  Table bad = awkward_table("kpi");
  bad.columns[1].f64.pop_back();
  EXPECT_THROW(write_hdf5(dir.file("x.h5"), sample_provenance(), {bad}), std::invalid_argument);
  EXPECT_TRUE(dir.entries().empty());
}

TEST(hdf5_writer, malformed_tables_are_rejected) {
  ScratchDir dir;
  const std::string path = dir.file("x.h5");
  const Provenance p = sample_provenance();
  for (const char* name : {"", "/kpi", "kpi/", "a//b", "a/./b", "scenario"})
    EXPECT_THROW(write_hdf5(path, p, {awkward_table(name)}), std::invalid_argument) << name;
  EXPECT_THROW(write_hdf5(path, p, {awkward_table("kpi"), empty_table("kpi")}),
               std::invalid_argument);
  EXPECT_THROW(write_hdf5(path, p, {awkward_table("a"), empty_table("a/b")}),
               std::invalid_argument);
  Table repeated = awkward_table("kpi");
  repeated.columns[1].name = repeated.columns[0].name;
  EXPECT_THROW(write_hdf5(path, p, {repeated}), std::invalid_argument);
  Table nul = awkward_table("kpi");
  nul.columns[2].str[0] = std::string("a\0b", 3);
  EXPECT_THROW(write_hdf5(path, p, {nul}), std::invalid_argument);
  Table no_columns;
  no_columns.name = "kpi";
  EXPECT_THROW(write_hdf5(path, p, {no_columns}), std::invalid_argument);
  EXPECT_TRUE(dir.entries().empty());
}

TEST(hdf5_writer, failure_after_writing_removes_the_temp_file) {
  ScratchDir dir;
  // The target is a directory: the whole file is written, then the rename fails.
  const std::string path = dir.file("taken");
  fs::create_directory(path);
  try {
    write_hdf5(path, sample_provenance(), {awkward_table("kpi")});
    FAIL() << "expected std::runtime_error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("'" + path + "'"), std::string::npos) << e.what();
  }
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"taken"});
  EXPECT_TRUE(fs::is_empty(path));
}

TEST(hdf5_writer, rewriting_replaces_the_earlier_file) {
  ScratchDir dir;
  const std::string path = dir.file("results.h5");
  write_hdf5(path, sample_provenance(), {awkward_table("kpi")});
  write_hdf5(path, sample_provenance(), {empty_table("runs")});
  EXPECT_EQ(list_hdf5_tables(path), std::vector<std::string>{"runs"});
}

TEST(hdf5_writer, reading_what_is_not_there_names_file_and_table) {
  ScratchDir dir;
  const std::string path = dir.file("results.h5");
  write_hdf5(path, sample_provenance(), {awkward_table("kpi")});
  for (const std::string name : {"nope", "timeseries/daily", "scenario"}) {
    try {
      read_hdf5_table(path, name);
      ADD_FAILURE() << "expected std::runtime_error for " << name;
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find("'" + path + "'"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("'" + name + "'"), std::string::npos) << e.what();
    }
  }
  const std::string missing = dir.file("missing.h5");
  EXPECT_THROW(read_hdf5_table(missing, "kpi"), std::runtime_error);
  EXPECT_THROW(list_hdf5_tables(missing), std::runtime_error);
  EXPECT_THROW(read_provenance(missing), std::runtime_error);
  std::ofstream(dir.file("text.h5")) << "not hdf5\n";
  EXPECT_THROW(read_provenance(dir.file("text.h5")), std::runtime_error);
}

/// A year of cases at city scale: 1.2 million rows of 14 columns (about 130 MB).
Table large_table() {
  constexpr std::size_t kRows = 1'200'000;
  Table t;
  t.name = "cases";
  t.description = "one row per case";
  for (int c = 0; c < 7; ++c) {
    Column& column = t.add_f64("time_" + std::to_string(c), "s", "a time");
    column.f64.resize(kRows);
    for (std::size_t r = 0; r < kRows; ++r) column.f64[r] = r * 26.28 + c * 3600.0 + (r % 97) * 0.1;
  }
  for (int c = 0; c < 6; ++c) {
    Column& column = t.add_i64("id_" + std::to_string(c), "1", "an id");
    column.i64.resize(kRows);
    for (std::size_t r = 0; r < kRows; ++r)
      column.i64[r] = static_cast<std::int64_t>(r * (c + 1) % 4093);
  }
  Column& category = t.add_str("category", "case category");
  const std::vector<std::string> names = {"sanitation", "noise", "parking", "repair", "dispute"};
  category.str.resize(kRows);
  for (std::size_t r = 0; r < kRows; ++r) category.str[r] = names[r % names.size()];
  return t;
}

/// A zlib stream's content; empty if `bytes` is not one that inflates to exactly `size` bytes.
std::vector<char> inflated(const std::vector<char>& bytes, std::size_t size) {
  std::vector<char> out(size + 1);
  uLongf length = out.size();
  if (uncompress(reinterpret_cast<Bytef*>(out.data()), &length,
                 reinterpret_cast<const Bytef*>(bytes.data()), bytes.size()) != Z_OK ||
      length != size)
    return {};
  out.resize(length);
  return out;
}

// gridplan packs, shuffles and deflates chunks itself (on several threads, with libdeflate) and
// hands them to H5Dwrite_chunk; each stored chunk must be a zlib stream (what HDF5's deflate
// filter reads) of the very bytes HDF5's own filters deflate from H5Dwrite: the packed rows, the
// edge chunk zero-filled, shuffled. The compressed bytes differ from zlib's; their content not.
TEST(hdf5_writer, chunks_hold_what_hdf5_filters_would_deflate) {
  ScratchDir dir;
  const std::string path = dir.file("ours.h5");
  // 20,000 rows: two full chunks of 8192 and an edge chunk, whose rest HDF5 fills with zeros.
  Table table = large_table();
  for (Column& column : table.columns) {
    column.f64.resize(std::min<std::size_t>(column.f64.size(), 20000));
    column.i64.resize(std::min<std::size_t>(column.i64.size(), 20000));
    column.str.resize(std::min<std::size_t>(column.str.size(), 20000));
  }
  write_hdf5(path, sample_provenance(), {table});

  const hid_t ours = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(ours, 0);
  const hid_t dataset = H5Dopen2(ours, "cases", H5P_DEFAULT);
  const hid_t type = H5Dget_type(dataset), dcpl = H5Dget_create_plist(dataset);
  const hid_t space = H5Dget_space(dataset);
  std::vector<char> rows(table.rows() * H5Tget_size(type));
  ASSERT_GE(H5Dread(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows.data()), 0);
  // The reference: the same rows, type and filters, written the ordinary way.
  const std::string reference = dir.file("reference.h5");
  const hid_t ref = H5Fcreate(reference.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  const hid_t ref_dataset = H5Dcreate2(ref, "cases", type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
  ASSERT_GE(H5Dwrite(ref_dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows.data()), 0);
  hsize_t chunk_rows = 0;
  ASSERT_EQ(H5Pget_chunk(dcpl, 1, &chunk_rows), 1);
  EXPECT_EQ(chunk_rows, 8192u);
  const std::size_t chunk_bytes = chunk_rows * H5Tget_size(type);
  for (hsize_t offset = 0; offset < table.rows(); offset += chunk_rows) {
    hsize_t size = 0, ref_size = 0;
    ASSERT_GE(H5Dget_chunk_storage_size(dataset, &offset, &size), 0);
    ASSERT_GE(H5Dget_chunk_storage_size(ref_dataset, &offset, &ref_size), 0);
    std::vector<char> bytes(size), ref_bytes(ref_size);
    std::uint32_t mask = 1, ref_mask = 1;
    ASSERT_GE(H5Dread_chunk(dataset, H5P_DEFAULT, &offset, &mask, bytes.data()), 0);
    ASSERT_GE(H5Dread_chunk(ref_dataset, H5P_DEFAULT, &offset, &ref_mask, ref_bytes.data()), 0);
    EXPECT_EQ(mask, ref_mask) << "chunk at row " << offset;
    const std::vector<char> content = inflated(bytes, chunk_bytes);
    ASSERT_FALSE(content.empty()) << "chunk at row " << offset << " is not a zlib stream";
    EXPECT_TRUE(content == inflated(ref_bytes, chunk_bytes)) << "chunk at row " << offset;
  }
  for (const hid_t id : {dataset, ref_dataset}) H5Dclose(id);
  H5Tclose(type), H5Pclose(dcpl), H5Sclose(space);
  H5Fclose(ref), H5Fclose(ours);
}

/// Rows [from, to) of `table`, as a table of their own.
Table rows_of(const Table& table, std::size_t from, std::size_t to) {
  Table piece = table;
  for (Column& column : piece.columns) {
    const auto cut = [&](auto& values) {
      if (values.empty()) return;
      values.erase(values.begin() + to, values.end());
      values.erase(values.begin(), values.begin() + from);
    };
    cut(column.f64), cut(column.i64), cut(column.str);
  }
  return piece;
}

/// Every stored chunk of dataset `name` of `path`, as bytes, and the dataset's type's size.
std::vector<std::vector<char>> stored_chunks(const std::string& path, const std::string& name,
                                             std::size_t& row_size) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const hid_t dataset = H5Dopen2(file, name.c_str(), H5P_DEFAULT);
  const hid_t type = H5Dget_type(dataset);
  row_size = H5Tget_size(type);
  const hid_t space = H5Dget_space(dataset);
  hsize_t chunks = 0;
  H5Dget_num_chunks(dataset, space, &chunks);
  std::vector<std::vector<char>> out;
  for (hsize_t i = 0; i < chunks; ++i) {
    hsize_t offset = 0, size = 0;
    H5Dget_chunk_info(dataset, space, i, &offset, nullptr, nullptr, &size);
    std::vector<char> bytes(size);
    std::uint32_t mask = 0;
    H5Dread_chunk(dataset, H5P_DEFAULT, &offset, &mask, bytes.data());
    out.push_back(std::move(bytes));
  }
  H5Sclose(space), H5Tclose(type), H5Dclose(dataset), H5Fclose(file);
  return out;
}

// A sweep's file is written run by run: rows arriving in pieces, with string columns whose
// longest value comes late, must give the dataset write_hdf5 makes of the whole table.
TEST(result_writer, rows_in_pieces_give_the_dataset_of_the_whole_table) {
  ScratchDir dir;
  Table table = rows_of(large_table(), 0, 20000);
  for (std::size_t r = 0; r < 9000; ++r) table.columns.back().str[r] = "x";  // widest later
  write_hdf5(dir.file("whole.h5"), sample_provenance(), {table});

  const std::vector<std::size_t> cuts = {0, 1, 8191, 8200, 8200, 20000};
  std::vector<Table> pieces;
  for (std::size_t i = 0; i + 1 < cuts.size(); ++i)
    pieces.push_back(rows_of(table, cuts[i], cuts[i + 1]));
  TableShape shape = shape_of(pieces.front());
  for (std::size_t i = 1; i < pieces.size(); ++i) widen(shape, shape_of(pieces[i]));
  EXPECT_EQ(shape.rows, 20000u);
  {
    ResultWriter writer(dir.file("pieces.h5"), sample_provenance());
    writer.open(shape);
    for (const Table& piece : pieces) writer.append(piece);
    writer.commit();
  }
  std::size_t whole_row = 0, pieces_row = 0;
  const auto whole = stored_chunks(dir.file("whole.h5"), "cases", whole_row);
  const auto in_pieces = stored_chunks(dir.file("pieces.h5"), "cases", pieces_row);
  EXPECT_EQ(whole_row, pieces_row);
  ASSERT_EQ(whole.size(), 3u);
  EXPECT_TRUE(whole == in_pieces);
  // Read back (which checks the digest written from the pieces), equal to the table.
  expect_same_table(table, read_hdf5_table(dir.file("pieces.h5"), "cases"));
  const std::vector<TableShape> shapes = read_table_shapes(dir.file("pieces.h5"));
  ASSERT_EQ(shapes.size(), 1u);
  EXPECT_EQ(shapes[0].rows, 20000u);
  EXPECT_EQ(shapes[0].widths, shape.widths);
}

TEST(result_writer, refuses_rows_that_do_not_fit_and_leaves_nothing) {
  ScratchDir dir;
  const Table table = awkward_table("kpi");
  const TableShape shape = shape_of(table);
  {
    ResultWriter writer(dir.file("out.h5"), sample_provenance());
    writer.open(shape);
    EXPECT_THROW(writer.open(shape), std::invalid_argument);  // twice
    Table other = table;
    other.name = "runs";
    EXPECT_THROW(writer.append(other), std::invalid_argument);  // not opened
    Table wider = table;
    for (Column& column : wider.columns)
      if (column.type == Column::Type::kString) column.str[0] += "and more";
    EXPECT_THROW(writer.append(wider), std::invalid_argument);
    Table renamed = table;
    renamed.columns[0].name = "other";
    EXPECT_THROW(writer.append(renamed), std::invalid_argument);
    writer.append(rows_of(table, 0, 1));
    EXPECT_THROW(writer.append(table), std::invalid_argument);  // one row too many
    EXPECT_THROW(writer.commit(), std::logic_error);            // rows missing
    EXPECT_EQ(dir.entries().size(), 1u);                        // the temporary, until the end
  }
  EXPECT_TRUE(dir.entries().empty());
}

// A traced run's /cases is written from its case rows a few chunks at a time
// (kernel::TableSource): the file must be the one the whole table gives.
TEST(result_writer, a_table_made_on_demand_gives_the_dataset_of_the_whole_table) {
  ScratchDir dir;
  const Table large = rows_of(large_table(), 0, 40000);
  Table whole;  // its numeric columns
  whole.name = large.name;
  whole.description = large.description;
  for (const Column& column : large.columns)
    if (column.type != Column::Type::kString) whole.columns.push_back(column);
  gridplan::kernel::TableSource source;
  source.columns = rows_of(whole, 0, 0);
  source.rows = whole.rows();
  std::size_t next = 0;  // the writer asks for the rows in order, each once
  source.fill = [&](std::size_t from, std::size_t to, Table& piece) {
    EXPECT_EQ(from, next);
    next = to;
    const Table rows = rows_of(whole, from, to);
    piece.append(rows);
  };
  write_hdf5(dir.file("whole.h5"), sample_provenance(), {awkward_table("kpi"), whole});
  write_hdf5(dir.file("source.h5"), sample_provenance(), {awkward_table("kpi")}, {source});
  EXPECT_EQ(next, whole.rows());
  EXPECT_EQ(list_hdf5_tables(dir.file("source.h5")), list_hdf5_tables(dir.file("whole.h5")));
  std::size_t a = 0, b = 0;
  EXPECT_TRUE(stored_chunks(dir.file("whole.h5"), "cases", a) ==
              stored_chunks(dir.file("source.h5"), "cases", b));
  expect_same_table(whole, read_hdf5_table(dir.file("source.h5"), "cases"));
  next = 0;
  expect_same_table(whole, source.table());

  // A string column's width needs every row first: refused before any file exists.
  gridplan::kernel::TableSource strings = source;
  strings.columns.add_str("label", "a label");
  EXPECT_THROW(write_hdf5(dir.file("strings.h5"), sample_provenance(), {}, {strings}),
               std::invalid_argument);
  EXPECT_FALSE(fs::exists(dir.file("strings.h5")));
}

TEST(hdf5_writer, large_table_writes_in_about_a_second) {
  ScratchDir dir;
  const std::string path = dir.file("large.h5");
  const Table table = large_table();
  const auto start = std::chrono::steady_clock::now();
  write_hdf5(path, sample_provenance(), {table});
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  RecordProperty("write_seconds", std::to_string(seconds));
  RecordProperty("file_bytes", std::to_string(fs::file_size(path)));
  // Generous bound: shared CI machines are slow; the point is "not minutes".
  EXPECT_LT(seconds, 10.0);
  expect_same_table(table, read_hdf5_table(path, "cases"));
}

}  // namespace
