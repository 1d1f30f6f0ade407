// HDF5 result files: kernel::Tables become chunked, gzip-compressed compound datasets with units
// and descriptions, beside provenance attributes. Reading them back is hdf5_reader.cpp; these two
// are the only gridplan files that include <hdf5.h>.
#include "gridplan/io/hdf5_writer.hpp"
#include "hdf5_support.hpp"

#include "gridplan/io/output_file.hpp"
#include "gridplan/io/table_digest.hpp"

#include <hdf5.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
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

/// Checks every table and that no name repeats or is a group of another ("a" beside "a/b").
void check_tables(const std::vector<Table>& tables) {
  std::set<std::string> names;
  for (const Table& table : tables) {
    check_table(table);
    if (!names.insert(table.name).second)
      throw std::invalid_argument("table '" + table.name + "' appears twice");
  }
  for (const std::string& name : names)
    for (std::size_t slash = name.find('/'); slash != std::string::npos;
         slash = name.find('/', slash + 1))
      if (names.count(name.substr(0, slash)))
        throw std::invalid_argument("table '" + name.substr(0, slash) +
                                    "' cannot also be the group holding '" + name + "'");
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

/// The longest value of a string column, at least 1 byte (HDF5 has no empty fixed strings).
std::size_t string_width(const Column& column) {
  std::size_t width = 1;
  for (const std::string& s : column.str) width = std::max(width, s.size());
  return width;
}

/// The row layout of `table` in memory (native types) and the compound type it has in the file
/// (little-endian types, so files are the same on every machine).
RowLayout writing_layout(const Table& table, Handle& file_type) {
  std::vector<std::string> names;
  std::vector<Handle> memory_members, file_members;
  for (const Column& column : table.columns) {
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
        memory_members.push_back(string_type(string_width(column)));
        file_members.push_back(string_type(string_width(column)));
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
// The in-memory file grows by this much at a time. HDF5 zero-fills each increment, so a larger
// one costs a small file's run that much memory (16 MiB did, for a 1.6 MB file); a large file
// grows by realloc, which moves pages (mremap) rather than copying them.
constexpr std::size_t kCoreIncrement = std::size_t{1} << 20;

/// Creation properties shared by the file's root group and every group: links kept in creation
/// order (so tables list in the order written) and no timestamps (so equal input gives equal
/// bytes).
void set_group_properties(hid_t plist) {
  check(H5Pset_link_creation_order(plist, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
        "tracking link creation order");
  check(H5Pset_obj_track_times(plist, false), "turning off object timestamps");
}

/// Creates an HDF5 file in memory (the core driver, no backing store): the library never opens
/// a path, so every byte reaches the disk through OutputFile's exclusive temporary.
Handle create_file() {
  Handle fcpl = own(H5Pcreate(H5P_FILE_CREATE), H5Pclose, "creating file properties");
  set_group_properties(fcpl.get());
  Handle fapl = own(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "creating file access properties");
  // Strong close: closing the file closes anything still open.
  check(H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG), "setting the close degree");
  check(H5Pset_fapl_core(fapl.get(), kCoreIncrement, false), "choosing the in-memory driver");
  // The name is only a label: with no backing store nothing is created under it.
  return own(H5Fcreate("gridplan-result.h5", H5F_ACC_TRUNC, fcpl.get(), fapl.get()), H5Fclose,
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
}

/// The root attribute `tables` names every table. HDF5 keeps a large group's links in fractal
/// heap blocks without a checksum, where a flipped bit can hide a link from H5Literate without
/// an error; the reader compares what it finds with this list, held in the root's object
/// header, which HDF5 does checksum.
void write_table_index(hid_t file, const std::vector<Table>& tables) {
  Handle root = own(H5Gopen2(file, "/", H5P_DEFAULT), H5Gclose, "opening the root group");
  std::vector<std::string> names;
  for (const Table& table : tables) names.push_back(table.name);
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

/// One chunk as HDF5 stores it: `chunk_rows` packed rows (zeros past the table's end, as
/// HDF5 fills an edge chunk), shuffled and deflated exactly as the dataset's filters would
/// (H5Zshuffle.c, H5Zdeflate.c: compress2 at the dataset's level), so the file is the one
/// H5Dwrite would make. Empty if zlib fails (the caller reports it: this runs on TBB's threads).
std::vector<unsigned char> stored_chunk(const Table& table, const RowLayout& layout,
                                        std::size_t from, std::size_t chunk_rows) {
  const std::size_t to = std::min(table.rows(), from + chunk_rows);
  const std::size_t size = chunk_rows * layout.row_size;
  std::vector<unsigned char> packed(size, 0);
  for (std::size_t i = 0; i < table.columns.size(); ++i)
    pack_column(table.columns[i], layout, i, from, to, reinterpret_cast<char*>(packed.data()));
  // Shuffle: byte j of every row together, as HDF5's filter does for more than one row.
  std::vector<unsigned char> shuffled(size);
  if (layout.row_size > 1 && chunk_rows > 1) {
    for (std::size_t j = 0; j < layout.row_size; ++j)
      for (std::size_t r = 0; r < chunk_rows; ++r)
        shuffled[j * chunk_rows + r] = packed[r * layout.row_size + j];
  } else {
    shuffled.swap(packed);
  }
  // compressBound: room for any input, so compress2 cannot run out of it.
  uLongf room = compressBound(size);
  std::vector<unsigned char> out(room);
  if (compress2(out.data(), &room, shuffled.data(), size, kDeflateLevel) != Z_OK) return {};
  out.resize(room);
  return out;
}

/// Writes `table` as a 1-D compound dataset at "/" + table.name. The chunks are packed and
/// compressed here, in parallel, and written with H5Dwrite_chunk: through H5Dwrite, HDF5 would
/// copy every row twice more and compress on one thread (half the time of writing a trace).
void write_table(hid_t file, const Table& table) {
  Handle group = parent_group(file, table.name);
  Handle file_type;
  const RowLayout layout = writing_layout(table, file_type);
  const hsize_t rows = table.rows();
  Handle space = own(H5Screate_simple(1, &rows, nullptr), H5Sclose, "creating a dataspace");
  Handle dcpl = dataset_properties(table.rows(), layout.row_size);
  const std::string leaf = split_path(table.name).back();
  Handle dataset = own(H5Dcreate2(group.get(), leaf.c_str(), file_type.get(), space.get(),
                                  H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
                       H5Dclose, "creating dataset '/" + table.name + "'");
  hsize_t chunk_rows = 0;
  check(H5Pget_chunk(dcpl.get(), 1, &chunk_rows) == 1 ? 0 : -1, "reading the chunk size");
  const std::size_t chunks = rows == 0 ? 0 : (rows + chunk_rows - 1) / chunk_rows;
  // A batch at a time, so that memory holds a few chunks, not the whole table twice.
  constexpr std::size_t kBatch = 32;
  std::vector<std::vector<unsigned char>> batch;
  for (std::size_t first = 0; first < chunks; first += kBatch) {
    batch.assign(std::min(kBatch, chunks - first), {});
    // Isolated: while it waits, this thread takes only these chunks, never a sweep's next run.
    tbb::this_task_arena::isolate([&] {
      tbb::parallel_for(std::size_t{0}, batch.size(), [&](std::size_t i) {
        batch[i] = stored_chunk(table, layout, (first + i) * chunk_rows, chunk_rows);
      });
    });
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const hsize_t offset = (first + i) * chunk_rows;
      if (batch[i].empty()) fail("compressing dataset '/" + table.name + "' (zlib)");
      check(
          H5Dwrite_chunk(dataset.get(), H5P_DEFAULT, 0, &offset, batch[i].size(), batch[i].data()),
          "writing dataset '/" + table.name + "'");
    }
  }
  write_table_attributes(dataset.get(), table);
  write_number_attribute(dataset.get(), "digest", H5T_STD_U64LE, H5T_NATIVE_UINT64,
                         table_digest(table));
}

/// The bytes of the whole file, built in memory.
std::vector<char> file_image(const Provenance& provenance, const std::vector<Table>& tables) {
  Handle file = create_file();
  write_provenance(file.get(), provenance);
  write_table_index(file.get(), tables);
  for (const Table& table : tables) write_table(file.get(), table);
  check(H5Fflush(file.get(), H5F_SCOPE_GLOBAL), "flushing the file");
  const ssize_t size = H5Fget_file_image(file.get(), nullptr, 0);
  check(size < 0 ? -1 : 0, "sizing the file image");
  std::vector<char> image(static_cast<std::size_t>(size));
  check(H5Fget_file_image(file.get(), image.data(), image.size()) == size ? 0 : -1,
        "copying the file image");
  check(file.close(), "closing the file");
  return image;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Public interface

void write_hdf5(const std::string& path, const Provenance& provenance,
                const std::vector<Table>& tables) {
  try {
    check_tables(tables);  // a malformed table is the caller's bug: no file is created
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument("cannot write '" + path + "': " + e.what());
  }
  const QuietErrors quiet;
  std::vector<char> image;
  try {
    image = file_image(provenance, tables);
  } catch (const std::runtime_error& e) {
    throw std::runtime_error("cannot write '" + path + "': " + e.what());
  }
  OutputFile out(path);
  out.write(image.data(), image.size());
  out.commit();
}

}  // namespace gridplan::io
