// HDF5 result files: kernel::Tables become chunked, gzip-compressed compound datasets with units
// and descriptions, beside provenance attributes. Reading them back is hdf5_reader.cpp; these two
// are the only gridplan files that include <hdf5.h>.
#include "gridplan/io/hdf5_writer.hpp"
#include "hdf5_support.hpp"

#include "gridplan/io/output_file.hpp"
#include "gridplan/io/table_digest.hpp"

#include <hdf5.h>
#include <libdeflate.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace gridplan::io {
namespace {

using hdf5::error_detail;
using hdf5::Handle;
using hdf5::object_path;
using hdf5::QuietErrors;
using hdf5::split_path;
using kernel::Column;
using kernel::Table;

// ---------------------------------------------------------------------------------------------
// Errors and handles

/// Throws std::runtime_error saying `what` failed, with HDF5's own reason appended.
[[noreturn]] void fail(const std::string& what) {
  const std::string detail = error_detail();
  throw std::runtime_error(detail.empty() ? what : what + " (HDF5: " + detail + ")");
}

/// Checks an herr_t or htri_t result; negative means the call failed.
void check(herr_t status, const std::string& what) {
  if (status < 0) fail(what);
}

/// Takes ownership of `id`, or throws saying `what` failed if the call that made it did.
Handle own(hid_t id, Handle::Closer closer, const std::string& what) {
  if (id < 0) fail(what);
  return Handle(id, closer);
}

// ---------------------------------------------------------------------------------------------
// Checking tables before anything touches the disk

/// Rejects names HDF5 cannot hold as "/a/b": empty, absolute, or with empty or dot components.
void check_table_name(const std::string& name) {
  for (const std::string& part : split_path(name))
    if (part.empty() || part == "." || part == "..")
      throw std::invalid_argument("table name '" + name +
                                  "' is not a relative path like 'timeseries/daily'");
  if (name == "scenario")
    throw std::invalid_argument("table name 'scenario' is taken by the provenance group");
}

/// Rejects string values a fixed-length, null-padded HDF5 string would not give back intact.
void check_strings(const Table& table, const Column& column) {
  for (std::size_t row = 0; row < column.str.size(); ++row)
    if (column.str[row].find('\0') != std::string::npos)
      throw std::invalid_argument("table '" + table.name + "', column '" + column.name + "', row " +
                                  std::to_string(row) + ": a NUL byte cannot be stored");
}

/// Rejects a table that cannot become one compound dataset: no columns, duplicate column
/// names (compound members must be unique), or columns of unequal length.
void check_table(const Table& table) {
  check_table_name(table.name);
  if (table.columns.empty())
    throw std::invalid_argument("table '" + table.name + "' has no columns");
  std::set<std::string> names;
  const Column& first = table.columns.front();
  for (const Column& column : table.columns) {
    if (column.name.empty() || !names.insert(column.name).second)
      throw std::invalid_argument("table '" + table.name + "': column name '" + column.name +
                                  "' is empty or repeated");
    if (column.size() != first.size())
      throw std::invalid_argument("table '" + table.name + "': column '" + column.name + "' has " +
                                  std::to_string(column.size()) + " rows but '" + first.name +
                                  "' has " + std::to_string(first.size()));
    if (column.type == Column::Type::kString) check_strings(table, column);
  }
}

/// Rejects `name` if it repeats one of `names` or is a group of one ("a" beside "a/b"), then
/// adds it.
void check_new_name(std::set<std::string>& names, const std::string& name) {
  if (names.count(name)) throw std::invalid_argument("table '" + name + "' appears twice");
  for (const std::string& other : names) {
    const auto holds = [](const std::string& group, const std::string& table) {
      return table.size() > group.size() && table.compare(0, group.size(), group) == 0 &&
             table[group.size()] == '/';
    };
    if (holds(other, name) || holds(name, other)) {
      const bool other_is_group = holds(other, name);
      throw std::invalid_argument("table '" + (other_is_group ? other : name) +
                                  "' cannot also be the group holding '" +
                                  (other_is_group ? name : other) + "'");
    }
  }
  names.insert(name);
}

// ---------------------------------------------------------------------------------------------
// Types and row layout

/// A UTF-8 string type: fixed-length and null-padded of `size` bytes, or variable-length
/// (and null-terminated) if `size` is H5T_VARIABLE.
Handle string_type(std::size_t size, H5T_cset_t cset = H5T_CSET_UTF8) {
  Handle type = own(H5Tcopy(H5T_C_S1), H5Tclose, "copying the string type");
  check(H5Tset_size(type.get(), size), "sizing a string type");
  if (size != H5T_VARIABLE)
    check(H5Tset_strpad(type.get(), H5T_STR_NULLPAD), "padding a string type");
  check(H5Tset_cset(type.get(), cset), "setting a string type's character set");
  return type;
}

/// A copy of a predefined type, so every member type is owned the same way.
Handle copy_type(hid_t predefined) {
  return own(H5Tcopy(predefined), H5Tclose, "copying a predefined type");
}

/// Where each column sits in a packed row, and the in-memory compound type of that row.
struct RowLayout {
  std::vector<std::size_t> offsets;  ///< bytes from the row's start
  std::vector<std::size_t> sizes;    ///< bytes of each field
  std::size_t row_size = 0;
  Handle memory_type;
};

/// A packed compound type: member i is `names[i]` of type `members[i]` at `layout.offsets[i]`.
Handle compound_type(const std::vector<std::string>& names, const std::vector<Handle>& members,
                     const RowLayout& layout) {
  Handle type = own(H5Tcreate(H5T_COMPOUND, layout.row_size), H5Tclose, "creating a row type");
  for (std::size_t i = 0; i < names.size(); ++i)
    check(H5Tinsert(type.get(), names[i].c_str(), layout.offsets[i], members[i].get()),
          "adding field '" + names[i] + "' to the row type");
  return type;
}

/// Sets offsets, sizes and row_size from the member types, packed without padding.
void pack_offsets(const std::vector<Handle>& members, RowLayout& layout) {
  for (const Handle& member : members) {
    const std::size_t size = H5Tget_size(member.get());
    if (size == 0) fail("sizing a field type");
    layout.offsets.push_back(layout.row_size);
    layout.sizes.push_back(size);
    layout.row_size += size;
  }
}

/// The row layout of `shape`'s table in memory (native types) and the compound type it has in
/// the file (little-endian types, so files are the same on every machine).
RowLayout writing_layout(const TableShape& shape, Handle& file_type) {
  std::vector<std::string> names;
  std::vector<Handle> memory_members, file_members;
  for (std::size_t i = 0; i < shape.columns.columns.size(); ++i) {
    const Column& column = shape.columns.columns[i];
    names.push_back(column.name);
    switch (column.type) {
      case Column::Type::kFloat64:
        memory_members.push_back(copy_type(H5T_NATIVE_DOUBLE));
        file_members.push_back(copy_type(H5T_IEEE_F64LE));
        break;
      case Column::Type::kInt64:
        memory_members.push_back(copy_type(H5T_NATIVE_INT64));
        file_members.push_back(copy_type(H5T_STD_I64LE));
        break;
      case Column::Type::kString:
        memory_members.push_back(string_type(shape.widths[i]));
        file_members.push_back(string_type(shape.widths[i]));
        break;
    }
  }
  RowLayout layout;
  pack_offsets(memory_members, layout);
  layout.memory_type = compound_type(names, memory_members, layout);
  file_type = compound_type(names, file_members, layout);
  return layout;
}

/// Copies rows [from, to) of `column` into field `field` of consecutive packed rows.
void pack_column(const Column& column, const RowLayout& layout, std::size_t field, std::size_t from,
                 std::size_t to, char* rows) {
  char* out = rows + layout.offsets[field];
  const std::size_t stride = layout.row_size;
  switch (column.type) {
    case Column::Type::kFloat64:
      for (std::size_t r = from; r < to; ++r, out += stride)
        std::memcpy(out, &column.f64[r], sizeof(double));
      break;
    case Column::Type::kInt64:
      for (std::size_t r = from; r < to; ++r, out += stride)
        std::memcpy(out, &column.i64[r], sizeof(std::int64_t));
      break;
    case Column::Type::kString:
      for (std::size_t r = from; r < to; ++r, out += stride)
        std::memcpy(out, column.str[r].data(), column.str[r].size());
      break;
  }
}

// ---------------------------------------------------------------------------------------------
// Writing

/// HDF5 caps a chunk at 4 GiB; 8192 rows keep a typical row's chunk near the 1 MiB chunk cache.
constexpr hsize_t kChunkRows = 8192;
constexpr hsize_t kMaxChunkBytes = (hsize_t{1} << 32) - 1;
// Level 1: a 1.2 M-row trace writes in about half the time of level 4, for a ~20% larger file.
constexpr unsigned kDeflateLevel = 1;

/// Creation properties shared by the file's root group and every group: links kept in creation
/// order (so tables list in the order written) and no timestamps (so equal input gives equal
/// bytes).
void set_group_properties(hid_t plist) {
  check(H5Pset_link_creation_order(plist, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
        "tracking link creation order");
  check(H5Pset_obj_track_times(plist, false), "turning off object timestamps");
}

/// Creates the HDF5 file in `out`'s temporary, through the descriptor OutputFile opened
/// exclusively: /proc/self/fd/N names that very file, so the library never opens a path that
/// could have been replaced (a symlink) since it was made.
Handle create_file(const OutputFile& out) {
  Handle fcpl = own(H5Pcreate(H5P_FILE_CREATE), H5Pclose, "creating file properties");
  set_group_properties(fcpl.get());
  Handle fapl = own(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "creating file access properties");
  // Strong close: closing the file closes anything still open.
  check(H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG), "setting the close degree");
  const std::string name = "/proc/self/fd/" + std::to_string(out.descriptor());
  return own(H5Fcreate(name.c_str(), H5F_ACC_TRUNC, fcpl.get(), fapl.get()), H5Fclose,
             "creating the HDF5 file");
}

/// Opens group `name` in `parent`, creating it if absent.
Handle open_or_create_group(hid_t parent, const std::string& name) {
  const htri_t exists = H5Lexists(parent, name.c_str(), H5P_DEFAULT);
  check(exists, "looking up group '" + name + "'");
  if (exists > 0)
    return own(H5Gopen2(parent, name.c_str(), H5P_DEFAULT), H5Gclose,
               "opening group '" + name + "'");
  Handle gcpl = own(H5Pcreate(H5P_GROUP_CREATE), H5Pclose, "creating group properties");
  set_group_properties(gcpl.get());
  return own(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, gcpl.get(), H5P_DEFAULT), H5Gclose,
             "creating group '" + name + "'");
}

/// The group that holds table `name` ("timeseries/daily" -> /timeseries), created as needed.
Handle parent_group(hid_t file, const std::string& name) {
  Handle group = own(H5Gopen2(file, "/", H5P_DEFAULT), H5Gclose, "opening the root group");
  const std::vector<std::string> parts = split_path(name);
  for (std::size_t i = 0; i + 1 < parts.size(); ++i)
    group = open_or_create_group(group.get(), parts[i]);
  return group;
}

/// The variable-length UTF-8 string type. Attributes use it throughout: a fixed-length
/// attribute cannot hold a scenario text over 64 KiB, and h5py reads these as str.
Handle vlen_string_type() {
  return string_type(H5T_VARIABLE);
}

/// Creates attribute `name` on `obj` with `type` and `space`.
Handle create_attribute(hid_t obj, const std::string& name, hid_t type, hid_t space) {
  return own(H5Acreate2(obj, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
             "creating attribute '" + name + "' on " + object_path(obj));
}

/// Writes a scalar string attribute.
void write_string_attribute(hid_t obj, const std::string& name, const std::string& value) {
  Handle type = vlen_string_type();
  Handle space = own(H5Screate(H5S_SCALAR), H5Sclose, "creating a scalar dataspace");
  Handle attr = create_attribute(obj, name, type.get(), space.get());
  const char* text = value.c_str();
  check(H5Awrite(attr.get(), type.get(), &text), "writing attribute '" + name + "'");
}

/// Writes a one-dimensional string array attribute.
void write_strings_attribute(hid_t obj, const std::string& name,
                             const std::vector<std::string>& values) {
  Handle type = vlen_string_type();
  const hsize_t count = values.size();
  Handle space = own(H5Screate_simple(1, &count, nullptr), H5Sclose, "creating a dataspace");
  Handle attr = create_attribute(obj, name, type.get(), space.get());
  std::vector<const char*> texts;
  for (const std::string& v : values) texts.push_back(v.c_str());
  check(H5Awrite(attr.get(), type.get(), texts.data()), "writing attribute '" + name + "'");
}

/// Writes a scalar numeric attribute stored as `file_type`, from a value of `memory_type`.
template <typename T>
void write_number_attribute(hid_t obj, const std::string& name, hid_t file_type, hid_t memory_type,
                            T value) {
  Handle space = own(H5Screate(H5S_SCALAR), H5Sclose, "creating a scalar dataspace");
  Handle attr = create_attribute(obj, name, file_type, space.get());
  check(H5Awrite(attr.get(), memory_type, &value), "writing attribute '" + name + "'");
}

/// Root attributes say which gridplan wrote the file; /scenario holds what it simulated.
void write_provenance(hid_t file, const Provenance& p) {
  Handle root = own(H5Gopen2(file, "/", H5P_DEFAULT), H5Gclose, "opening the root group");
  write_string_attribute(root.get(), "gridplan_version", p.version);
  write_string_attribute(root.get(), "git_revision", p.git_revision);
  write_string_attribute(root.get(), "created", p.created);
  write_string_attribute(root.get(), "command_line", p.command_line);
  Handle scenario = open_or_create_group(root.get(), "scenario");
  write_string_attribute(scenario.get(), "name", p.scenario_name);
  write_string_attribute(scenario.get(), "source_toml", p.scenario_text);
  write_string_attribute(scenario.get(), "overrides", p.overrides);
  write_number_attribute(scenario.get(), "seed", H5T_STD_U64LE, H5T_NATIVE_UINT64, p.seed);
  write_number_attribute(scenario.get(), "horizon_days", H5T_STD_I32LE, H5T_NATIVE_INT,
                         p.horizon_days);
  if (p.replay_log.empty()) return;
  write_string_attribute(scenario.get(), "replay_log", p.replay_log);
  write_number_attribute(scenario.get(), "replay_log_bytes", H5T_STD_U64LE, H5T_NATIVE_UINT64,
                         p.replay_log_bytes);
  write_string_attribute(scenario.get(), "replay_log_sha256", p.replay_log_sha256);
  write_string_attribute(scenario.get(), "replay_options", p.replay_options);
}

/// The root attribute `tables` names every table. HDF5 keeps a large group's links in fractal
/// heap blocks without a checksum, where a flipped bit can hide a link from H5Literate without
/// an error; the reader compares what it finds with this list, held in the root's object
/// header, which HDF5 does checksum.
void write_table_index(hid_t file, const std::vector<std::string>& names) {
  Handle root = own(H5Gopen2(file, "/", H5P_DEFAULT), H5Gclose, "opening the root group");
  write_strings_attribute(root.get(), "tables", names);
}

/// Chunked, shuffled and deflated, with no timestamps so that equal tables give equal bytes.
Handle dataset_properties(std::size_t rows, std::size_t row_size) {
  Handle dcpl = own(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "creating dataset properties");
  const hsize_t chunk = std::max<hsize_t>(
      1, std::min<hsize_t>({static_cast<hsize_t>(rows), kChunkRows, kMaxChunkBytes / row_size}));
  check(H5Pset_chunk(dcpl.get(), 1, &chunk), "setting the chunk size");
  check(H5Pset_shuffle(dcpl.get()), "adding the shuffle filter");
  check(H5Pset_deflate(dcpl.get(), kDeflateLevel), "adding the deflate filter");
  check(H5Pset_obj_track_times(dcpl.get(), false), "turning off object timestamps");
  return dcpl;
}

/// The dataset's self-description: table description, column names, units and descriptions.
void write_table_attributes(hid_t dataset, const Table& table) {
  std::vector<std::string> names, units, descriptions;
  for (const Column& column : table.columns) {
    names.push_back(column.name);
    units.push_back(column.unit);
    descriptions.push_back(column.description);
  }
  write_string_attribute(dataset, "description", table.description);
  write_strings_attribute(dataset, "columns", names);
  write_strings_attribute(dataset, "units", units);
  write_strings_attribute(dataset, "column_descriptions", descriptions);
}

/// Packs rows [from, to) of `table` into consecutive rows at `out`, which is zeroed (string
/// fields are null-padded by what is not written).
void pack_rows(const Table& table, const RowLayout& layout, std::size_t from, std::size_t to,
               unsigned char* out) {
  for (std::size_t i = 0; i < table.columns.size(); ++i)
    pack_column(table.columns[i], layout, i, from, to, reinterpret_cast<char*>(out));
}

/// One chunk as HDF5 stores it: `packed`, `chunk_rows` packed rows (zeros past the table's
/// end, as HDF5 fills an edge chunk), shuffled as the dataset's filter would (H5Zshuffle.c) and
/// deflated into a zlib stream at the dataset's level, as its deflate filter reads it
/// (H5Zdeflate.c). libdeflate, not zlib: half the time, other bytes, the same content. Empty if
/// compressing fails (the caller reports it: this runs on TBB's threads).
std::vector<unsigned char> stored_chunk(const unsigned char* packed, const RowLayout& layout,
                                        std::size_t chunk_rows) {
  const std::size_t size = chunk_rows * layout.row_size;
  // Shuffle: byte j of every row together, as HDF5's filter does for more than one row.
  std::vector<unsigned char> shuffled;
  const unsigned char* input = packed;
  if (layout.row_size > 1 && chunk_rows > 1) {
    shuffled.resize(size);
    // In blocks of 64 rows: a block's rows (64 x row size bytes) stay in the L1 cache while
    // each of their byte planes is written, 64 bytes at a time. Row by row over the whole
    // chunk (0.9 MB for /cases), every byte plane would read the chunk from memory again.
    constexpr std::size_t kBlock = 64;
    for (std::size_t r0 = 0; r0 < chunk_rows; r0 += kBlock) {
      const std::size_t r1 = std::min(chunk_rows, r0 + kBlock);
      for (std::size_t j = 0; j < layout.row_size; ++j) {
        unsigned char* plane = shuffled.data() + j * chunk_rows;
        for (std::size_t r = r0; r < r1; ++r) plane[r] = packed[r * layout.row_size + j];
      }
    }
    input = shuffled.data();
  }
  // A compressor per thread, made once (it holds its hash tables).
  struct Free {
    void operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }
  };
  thread_local const std::unique_ptr<libdeflate_compressor, Free> compressor(
      libdeflate_alloc_compressor(static_cast<int>(kDeflateLevel)));
  if (!compressor) return {};
  // The bound is room for any input, so compressing cannot run out of it.
  std::vector<unsigned char> out(libdeflate_zlib_compress_bound(compressor.get(), size));
  const std::size_t n =
      libdeflate_zlib_compress(compressor.get(), input, size, out.data(), out.size());
  if (n == 0) return {};
  out.resize(n);
  return out;
}

/// The columns of `table` without its rows.
Table without_rows(const Table& table) {
  Table header;
  header.name = table.name;
  header.description = table.description;
  for (const Column& c : table.columns) header.add(c.name, c.type, c.unit, c.description);
  return header;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Shapes

TableShape shape_of(const Table& table) {
  TableShape shape{without_rows(table), table.rows(), {}};
  for (const Column& column : table.columns) {
    // At least 1 byte: HDF5 has no empty fixed-length strings.
    std::size_t width = column.type == Column::Type::kString ? 1 : 0;
    for (const std::string& value : column.str) width = std::max(width, value.size());
    shape.widths.push_back(width);
  }
  return shape;
}

namespace {

/// Throws std::invalid_argument unless `other` has `table`'s column names and types, in order.
void check_same_columns(const Table& table, const Table& other) {
  const auto& mine = table.columns;
  const auto& theirs = other.columns;
  if (mine.size() != theirs.size())
    throw std::invalid_argument("table '" + table.name + "': " + std::to_string(theirs.size()) +
                                " columns, not " + std::to_string(mine.size()));
  for (std::size_t i = 0; i < mine.size(); ++i)
    if (mine[i].name != theirs[i].name || mine[i].type != theirs[i].type)
      throw std::invalid_argument("table '" + table.name + "': column mismatch at '" +
                                  mine[i].name + "'");
}

}  // namespace

void widen(TableShape& shape, const TableShape& more) {
  check_same_columns(shape.columns, more.columns);
  shape.rows += more.rows;
  for (std::size_t i = 0; i < shape.widths.size(); ++i)
    shape.widths[i] = std::max(shape.widths[i], more.widths[i]);
}

// ---------------------------------------------------------------------------------------------
// ResultWriter

namespace {

/// A table being written: its dataset, and the rows of the chunk not yet full.
struct OpenTable {
  TableShape shape;
  Handle dataset;
  RowLayout layout;
  hsize_t chunk_rows = 1;
  std::size_t written = 0;     ///< rows appended so far
  std::size_t next_chunk = 0;  ///< index of the next chunk to store
  /// Chunk next_chunk as far as it has come: pending_rows (< chunk_rows) packed rows, then
  /// zeros; allocated only while a chunk is part-filled.
  std::vector<unsigned char> pending;
  std::size_t pending_rows = 0;
  TableDigest digest;

  OpenTable(TableShape s, TableDigest d) : shape(std::move(s)), digest(std::move(d)) {}
};

/// Stores `chunks` as the table's next chunks (in order).
void store(OpenTable& t, const std::vector<std::vector<unsigned char>>& chunks) {
  for (const std::vector<unsigned char>& chunk : chunks) {
    const hsize_t offset = t.next_chunk * t.chunk_rows;
    if (chunk.empty()) fail("compressing dataset '/" + t.shape.columns.name + "' (libdeflate)");
    check(H5Dwrite_chunk(t.dataset.get(), H5P_DEFAULT, 0, &offset, chunk.size(), chunk.data()),
          "writing dataset '/" + t.shape.columns.name + "'");
    ++t.next_chunk;
  }
}

/// Stores `count` whole chunks of `source`, from row `from`, as the table's next chunks. They
/// are packed and compressed here, in parallel, and written with H5Dwrite_chunk: through
/// H5Dwrite, HDF5 would copy every row twice more and compress on one thread.
void store_chunks(OpenTable& t, const Table& source, std::size_t from, std::size_t count) {
  // A batch at a time, so that memory holds a few chunks, not the whole table twice.
  constexpr std::size_t kBatch = 32;
  std::vector<std::vector<unsigned char>> batch;
  for (std::size_t first = 0; first < count; first += kBatch) {
    batch.assign(std::min(kBatch, count - first), {});
    // Isolated: while it waits, this thread takes only these chunks, never a sweep's next run.
    tbb::this_task_arena::isolate([&] {
      tbb::parallel_for(std::size_t{0}, batch.size(), [&](std::size_t i) {
        const std::size_t row = from + (first + i) * t.chunk_rows;
        std::vector<unsigned char> packed(t.chunk_rows * t.layout.row_size, 0);
        pack_rows(source, t.layout, row, row + t.chunk_rows, packed.data());
        batch[i] = stored_chunk(packed.data(), t.layout, t.chunk_rows);
      });
    });
    store(t, batch);
  }
}

/// Packs rows [from, to) of `source` after the part-filled chunk's rows; stores the chunk when
/// it is full or the table complete.
void add_pending(OpenTable& t, const Table& source, std::size_t from, std::size_t to) {
  if (t.pending.empty()) t.pending.assign(t.chunk_rows * t.layout.row_size, 0);
  pack_rows(source, t.layout, from, to, t.pending.data() + t.pending_rows * t.layout.row_size);
  t.pending_rows += to - from;
  // The table's last chunk is zero-filled past its end, as HDF5 fills an edge chunk.
  const bool last = t.written + (to - from) == t.shape.rows;
  if (t.pending_rows == t.chunk_rows || (last && t.pending_rows > 0)) {
    store(t, {stored_chunk(t.pending.data(), t.layout, t.chunk_rows)});
    std::vector<unsigned char>().swap(t.pending);
    t.pending_rows = 0;
  }
}

}  // namespace

struct ResultWriter::State {
  explicit State(const std::string& path) : out(path) {}
  OutputFile out;
  Handle file;
  std::vector<std::unique_ptr<OpenTable>> tables;
  std::set<std::string> names;
};

ResultWriter::ResultWriter(const std::string& path, const Provenance& provenance) : path_(path) {
  const QuietErrors quiet;
  try {
    state_ = std::make_unique<State>(path);
    state_->file = create_file(state_->out);
    write_provenance(state_->file.get(), provenance);
  } catch (const std::runtime_error& e) {
    state_.reset();
    throw std::runtime_error("cannot write '" + path + "': " + e.what());
  }
}

ResultWriter::~ResultWriter() {
  const QuietErrors quiet;
  state_.reset();  // closes the file, then removes the temporary
}

void ResultWriter::open(const TableShape& shape) {
  const Table& header = shape.columns;
  try {
    check_table(header);
    if (shape.widths.size() != header.columns.size())
      throw std::invalid_argument("table '" + header.name + "': a width for every column");
    for (std::size_t i = 0; i < shape.widths.size(); ++i)
      if ((header.columns[i].type == Column::Type::kString) != (shape.widths[i] > 0))
        throw std::invalid_argument("table '" + header.name + "', column '" +
                                    header.columns[i].name +
                                    "': a width for a string column, and only for one");
    check_new_name(state_->names, header.name);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument("cannot write '" + path_ + "': " + e.what());
  }
  const QuietErrors quiet;
  try {
    auto t = std::make_unique<OpenTable>(shape, TableDigest(header, shape.rows));
    Handle group = parent_group(state_->file.get(), header.name);
    Handle file_type;
    t->layout = writing_layout(shape, file_type);
    const hsize_t rows = shape.rows;
    Handle space = own(H5Screate_simple(1, &rows, nullptr), H5Sclose, "creating a dataspace");
    Handle dcpl = dataset_properties(shape.rows, t->layout.row_size);
    const std::string leaf = split_path(header.name).back();
    t->dataset = own(H5Dcreate2(group.get(), leaf.c_str(), file_type.get(), space.get(),
                                H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
                     H5Dclose, "creating dataset '/" + header.name + "'");
    check(H5Pget_chunk(dcpl.get(), 1, &t->chunk_rows) == 1 ? 0 : -1, "reading the chunk size");
    write_table_attributes(t->dataset.get(), header);
    state_->tables.push_back(std::move(t));
  } catch (const std::runtime_error& e) {
    throw std::runtime_error("cannot write '" + path_ + "': " + e.what());
  }
}

void ResultWriter::append(const Table& piece) {
  OpenTable* found = nullptr;
  for (const auto& t : state_->tables)
    if (t->shape.columns.name == piece.name) found = t.get();
  try {
    if (found == nullptr) throw std::invalid_argument("table '" + piece.name + "' was not opened");
    OpenTable& t = *found;
    check_table(piece);
    check_same_columns(t.shape.columns, piece);
    const TableShape more = shape_of(piece);
    for (std::size_t i = 0; i < more.widths.size(); ++i)
      if (more.widths[i] > t.shape.widths[i])
        throw std::invalid_argument("table '" + piece.name + "', column '" + piece.columns[i].name +
                                    "': a value of " + std::to_string(more.widths[i]) +
                                    " bytes, wider than the table's " +
                                    std::to_string(t.shape.widths[i]));
    if (piece.rows() > t.shape.rows - t.written)
      throw std::invalid_argument("table '" + piece.name + "': more than its " +
                                  std::to_string(t.shape.rows) + " rows");
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument("cannot write '" + path_ + "': " + e.what());
  }
  OpenTable& t = *found;
  const QuietErrors quiet;
  try {
    const std::size_t n = piece.rows();
    t.digest.add(piece, 0, n);
    std::size_t at = 0;
    if (t.pending_rows > 0) {  // first the chunk begun by earlier pieces
      at = std::min<std::size_t>(n, t.chunk_rows - t.pending_rows);
      add_pending(t, piece, 0, at);
      t.written += at;
    }
    const std::size_t whole = (n - at) / t.chunk_rows;
    store_chunks(t, piece, at, whole);
    t.written += whole * t.chunk_rows;
    at += whole * t.chunk_rows;
    if (at < n) add_pending(t, piece, at, n);
    t.written += n - at;
  } catch (const std::runtime_error& e) {
    throw std::runtime_error("cannot write '" + path_ + "': " + e.what());
  }
}

void ResultWriter::commit() {
  const QuietErrors quiet;
  try {
    std::vector<std::string> names;
    for (const auto& t : state_->tables) {
      if (t->written != t->shape.rows)
        throw std::logic_error("cannot write '" + path_ + "': table '" + t->shape.columns.name +
                               "': " + std::to_string(t->written) + " of its " +
                               std::to_string(t->shape.rows) + " rows were written");
      write_number_attribute(t->dataset.get(), "digest", H5T_STD_U64LE, H5T_NATIVE_UINT64,
                             t->digest.value());
      check(t->dataset.close(), "closing dataset '/" + t->shape.columns.name + "'");
      names.push_back(t->shape.columns.name);
    }
    write_table_index(state_->file.get(), names);
    check(state_->file.close(), "closing the file");
  } catch (const std::runtime_error& e) {
    throw std::runtime_error("cannot write '" + path_ + "': " + e.what());
  }
  state_->out.commit();
}

// ---------------------------------------------------------------------------------------------
// Public interface

void write_hdf5(const std::string& path, const Provenance& provenance,
                const std::vector<Table>& tables) {
  write_hdf5(path, provenance, tables, {});
}

void write_hdf5(const std::string& path, const Provenance& provenance,
                const std::vector<Table>& tables, const std::vector<kernel::TableSource>& sources) {
  std::vector<TableShape> shapes;
  try {
    // A malformed table is the caller's bug: no file is created.
    std::set<std::string> names;
    for (const Table& table : tables) {
      check_table(table);
      check_new_name(names, table.name);
      shapes.push_back(shape_of(table));
    }
    for (const kernel::TableSource& source : sources) {
      check_table(source.columns);
      check_new_name(names, source.columns.name);
      for (const Column& column : source.columns.columns)
        if (column.type == Column::Type::kString)
          throw std::invalid_argument("table '" + source.columns.name + "', column '" +
                                      column.name + "': a string column cannot be made on demand");
      shapes.push_back(TableShape{source.columns, source.rows,
                                  std::vector<std::size_t>(source.columns.columns.size(), 0)});
    }
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument("cannot write '" + path + "': " + e.what());
  }
  ResultWriter writer(path, provenance);
  for (const TableShape& shape : shapes) writer.open(shape);
  for (const Table& table : tables) writer.append(table);
  // A chunk per thread at a time: all compress in parallel, little is held beside the source.
  const std::size_t piece_rows =
      kChunkRows * static_cast<std::size_t>(std::max(2, tbb::this_task_arena::max_concurrency()));
  for (const kernel::TableSource& source : sources)
    for (std::size_t from = 0; from < source.rows; from += piece_rows) {
      Table piece = source.columns;
      source.fill(from, std::min(source.rows, from + piece_rows), piece);
      writer.append(piece);
    }
  writer.commit();
}

}  // namespace gridplan::io
