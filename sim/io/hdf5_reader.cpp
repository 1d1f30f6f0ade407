// Reading result files back: every structural fact read from a file (type classes, member counts
// and sizes, string widths, dataset sizes against their storage, group depth) is checked before
// it is used, and read_result_file does the reading in a child process, because the HDF5 library
// itself crashes on some damaged files (see below). With hdf5_writer.cpp, the only gridplan file
// that includes <hdf5.h>.
//
// Why a child process: HDF5 1.10 checksums most of its metadata (object headers, B-tree v2 and
// fractal heap headers), but not the global heap collections that hold variable-length strings
// (every gridplan attribute) nor the fractal heap blocks that hold a large group's links. A
// flipped bit there makes H5Aread copy from a wild pointer (H5HG_read) or H5Literate free one
// (H5G__link_release_table): a SIGSEGV inside the library that no check in front of the public
// API can see coming. The child reads everything the command needs and sends it back through a
// pipe; the parent never opens the file with HDF5, and a crash is one more message.
#include <fcntl.h>
#include <hdf5.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <limits>
#include <new>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "gridplan/io/hdf5_writer.hpp"
#include "gridplan/io/table_digest.hpp"
#include "hdf5_support.hpp"

namespace gridplan::io {
namespace {

using hdf5::error_detail;
using hdf5::Handle;
using hdf5::object_path;
using hdf5::QuietErrors;
using hdf5::split_path;
using kernel::Column;
using kernel::Table;

// Bounds on what a file may claim. gridplan writes tables of a few dozen columns, strings of a
// few hundred bytes and groups two deep; the bounds are far above that and far below what would
// make a damaged file exhaust memory or the stack.
constexpr int kMaxColumns = 4096;
constexpr std::size_t kMaxStringWidth = std::size_t{1} << 20;  // one fixed-length string
constexpr hssize_t kMaxAttributeValues = 1 << 20;              // values of one attribute
constexpr int kMaxGroupDepth = 16;
constexpr std::size_t kMaxTables = 100000;
// Deflate cannot expand more than about 1032:1, so a dataset claiming more bytes than this many
// times its storage has a damaged shape (or unwritten chunks, which gridplan never leaves).
constexpr std::uint64_t kMaxExpansion = 1100;
constexpr std::uint64_t kExpansionSlack = std::uint64_t{1} << 16;

std::atomic<bool> g_diagnostics{false};

// ---------------------------------------------------------------------------------------------
// Errors and handles

/// Throws BadResultFile saying `what` failed, with HDF5's own reason appended; with
/// set_hdf5_diagnostics(true), prints HDF5's whole error stack on stderr first.
[[noreturn]] void fail(const std::string& what) {
  if (g_diagnostics) H5Eprint2(H5E_DEFAULT, stderr);
  const std::string detail = error_detail();
  throw BadResultFile(detail.empty() ? what : what + " (HDF5: " + detail + ")");
}

/// Throws BadResultFile for a structural fact that is not what gridplan writes.
[[noreturn]] void malformed(const std::string& what) {
  throw BadResultFile(what);
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

/// Sets `product` to `a * b`; false if that overflows.
bool multiply(std::uint64_t a, std::uint64_t b, std::uint64_t& product) {
  if (a != 0 && b > std::numeric_limits<std::uint64_t>::max() / a) return false;
  product = a * b;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Types and row layout

/// A string type: fixed-length and null-padded of `size` bytes, or variable-length (and
/// null-terminated) if `size` is H5T_VARIABLE, in character set `cset`.
Handle string_type(std::size_t size, H5T_cset_t cset) {
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

/// The character set of a string type, checked (HDF5 converts only between equal sets).
H5T_cset_t string_cset(hid_t type, const std::string& what) {
  const H5T_cset_t cset = H5Tget_cset(type);
  if (cset != H5T_CSET_ASCII && cset != H5T_CSET_UTF8)
    malformed(what + " has an unknown character set");
  return cset;
}

/// Where each column sits in a packed row, and the in-memory compound type of that row.
struct RowLayout {
  std::vector<std::size_t> offsets;  ///< bytes from the row's start
  std::vector<std::size_t> sizes;    ///< bytes of each field
  std::size_t row_size = 0;
  Handle memory_type;
};

// ---------------------------------------------------------------------------------------------
// Opening

/// What kind of non-regular file `mode` is, for messages.
std::string file_kind(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "not a regular file";
}

/// Checks that `path` names a readable, non-empty regular file without ever blocking on it:
/// stat() first (a FIFO is refused before anything opens it), then open(O_NONBLOCK) and fstat()
/// of what was opened. Throws BadResultFile with the reason.
void check_input_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    const int error = errno;
    malformed(error == ENOENT ? "no such file" : std::strerror(error));
  }
  if (!S_ISREG(st.st_mode)) malformed(file_kind(st.st_mode) + ", not a gridplan result file");
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    const int error = errno;
    malformed(std::string("cannot open it: ") + std::strerror(error));
  }
  const int status = ::fstat(fd, &st);
  ::close(fd);
  if (status != 0 || !S_ISREG(st.st_mode))
    malformed("not a regular file, not a gridplan result file");
  if (st.st_size == 0) malformed("an empty file, not a gridplan result file");
}

/// Opens `path` read-only, saying plainly if it is missing, not a regular file or not HDF5.
Handle open_file(const std::string& path) {
  check_input_file(path);
  const htri_t is_hdf5 = H5Fis_hdf5(path.c_str());
  if (is_hdf5 < 0) fail("not a readable HDF5 file");
  if (is_hdf5 == 0) malformed("not an HDF5 file, so not a gridplan result file");
  return own(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose,
             "damaged or not a gridplan result file: opening it failed");
}

/// Whether every link along "a/b/c" exists (H5Lexists on "a/b" fails if "a" is missing).
bool link_path_exists(hid_t file, const std::string& name) {
  std::string prefix;
  for (const std::string& part : split_path(name)) {
    if (part.empty() || part == "." || part == "..") return false;
    prefix += prefix.empty() ? part : "/" + part;
    const htri_t exists = H5Lexists(file, prefix.c_str(), H5P_DEFAULT);
    check(exists, "looking up '" + prefix + "'");
    if (exists == 0) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Attributes

/// Opens attribute `name` of `obj`, saying which object lacks it.
Handle open_attribute(hid_t obj, const std::string& name) {
  const htri_t exists = H5Aexists(obj, name.c_str());
  check(exists, "looking up attribute '" + name + "' of " + object_path(obj));
  if (exists == 0) malformed(object_path(obj) + " has no attribute '" + name + "'");
  return own(H5Aopen(obj, name.c_str(), H5P_DEFAULT), H5Aclose,
             "opening attribute '" + name + "' of " + object_path(obj));
}

/// The number of values of an attribute (1 for a scalar), checked against kMaxAttributeValues.
hssize_t attribute_values(hid_t attr, const std::string& what) {
  Handle space = own(H5Aget_space(attr), H5Sclose, "reading the shape of " + what);
  const H5S_class_t kind = H5Sget_simple_extent_type(space.get());
  if (kind == H5S_NULL) return 0;
  if (kind != H5S_SCALAR && kind != H5S_SIMPLE) malformed(what + " has an unknown shape");
  const hssize_t count = H5Sget_simple_extent_npoints(space.get());
  if (count < 0) fail("counting the values of " + what);
  if (count > kMaxAttributeValues) malformed(what + " claims " + std::to_string(count) + " values");
  return count;
}

/// Reads a string attribute of any shape into a vector; accepts variable-length (what gridplan
/// writes) and fixed-length strings (what other tools may write), trimming trailing NULs.
std::vector<std::string> read_strings(hid_t obj, const std::string& name) {
  const std::string what = "attribute '" + name + "' of " + object_path(obj);
  Handle attr = open_attribute(obj, name);
  Handle type = own(H5Aget_type(attr.get()), H5Tclose, "reading the type of " + what);
  if (H5Tget_class(type.get()) != H5T_STRING) malformed(what + " is not a string");
  const H5T_cset_t cset = string_cset(type.get(), what);
  const hssize_t count = attribute_values(attr.get(), what);
  std::vector<std::string> values;
  if (count == 0) return values;
  const htri_t variable = H5Tis_variable_str(type.get());
  check(variable, "reading the string type of " + what);
  if (variable > 0) {
    Handle memory = string_type(H5T_VARIABLE, cset);
    std::vector<char*> texts(static_cast<std::size_t>(count), nullptr);
    const herr_t status = H5Aread(attr.get(), memory.get(), texts.data());
    for (char* text : texts) {
      if (status >= 0) values.emplace_back(text != nullptr ? text : "");
      H5free_memory(text);
    }
    check(status, "reading " + what);
  } else {
    const std::size_t width = H5Tget_size(type.get());
    if (width == 0 || width > kMaxStringWidth)
      malformed(what + " claims strings of " + std::to_string(width) + " bytes");
    Handle memory = string_type(width, cset);
    std::vector<char> buffer(static_cast<std::size_t>(count) * width);
    check(H5Aread(attr.get(), memory.get(), buffer.data()), "reading " + what);
    for (hssize_t i = 0; i < count; ++i) {
      const char* text = buffer.data() + static_cast<std::size_t>(i) * width;
      std::size_t n = width;
      while (n > 0 && text[n - 1] == '\0') --n;
      values.emplace_back(text, n);
    }
  }
  return values;
}

/// Reads a scalar string attribute.
std::string read_string(hid_t obj, const std::string& name) {
  std::vector<std::string> values = read_strings(obj, name);
  if (values.size() != 1)
    malformed("attribute '" + name + "' of " + object_path(obj) + " is not a single string");
  return std::move(values.front());
}

/// Reads a scalar integer attribute as an int64 (or uint64 if `is_unsigned`), checking that it
/// holds one integer: reading an attribute of several values into one would overrun it.
template <typename T>
T read_integer(hid_t obj, const std::string& name, hid_t memory_type) {
  const std::string what = "attribute '" + name + "' of " + object_path(obj);
  Handle attr = open_attribute(obj, name);
  Handle type = own(H5Aget_type(attr.get()), H5Tclose, "reading the type of " + what);
  if (H5Tget_class(type.get()) != H5T_INTEGER) malformed(what + " is not an integer");
  if (attribute_values(attr.get(), what) != 1) malformed(what + " is not a single integer");
  T value{};
  check(H5Aread(attr.get(), memory_type, &value), "reading " + what);
  return value;
}

// ---------------------------------------------------------------------------------------------
// Tables

/// The name of compound member `i`.
std::string member_name(hid_t compound, unsigned i) {
  char* name = H5Tget_member_name(compound, i);
  if (name == nullptr) fail("reading the name of field " + std::to_string(i));
  std::string result(name);
  H5free_memory(name);
  return result;
}

/// The in-memory type for member `i` of a file's row type; sets the column type it becomes.
Handle reading_member(hid_t compound, unsigned i, const std::string& name, Column::Type& type) {
  const std::string what = "field '" + name + "'";
  Handle member = own(H5Tget_member_type(compound, i), H5Tclose, "reading the type of " + what);
  const std::size_t size = H5Tget_size(member.get());
  if (size == 0) fail("sizing " + what);
  // Only the standard number types: a damaged type (a dataset's object header has no
  // checksum) may still decode, e.g. as an integer of 0-bit precision that reads as 0.
  switch (H5Tget_member_class(compound, i)) {
    case H5T_FLOAT:
      for (const hid_t standard : {H5T_IEEE_F64LE, H5T_IEEE_F64BE, H5T_IEEE_F32LE, H5T_IEEE_F32BE})
        if (H5Tequal(member.get(), standard) > 0) {
          type = Column::Type::kFloat64;
          return copy_type(H5T_NATIVE_DOUBLE);
        }
      malformed(what + " is not an IEEE float");
    case H5T_INTEGER:
      if (size > 8 || H5Tget_precision(member.get()) != 8 * size ||
          H5Tget_offset(member.get()) != 0)
        malformed(what + " is an integer of " + std::to_string(size) + " bytes and " +
                  std::to_string(H5Tget_precision(member.get())) + " bits");
      type = Column::Type::kInt64;
      return copy_type(H5T_NATIVE_INT64);
    case H5T_STRING: {
      const htri_t variable = H5Tis_variable_str(member.get());
      check(variable, "reading the string type of " + what);
      if (variable > 0) break;
      if (size > kMaxStringWidth)
        malformed(what + " claims strings of " + std::to_string(size) + " bytes");
      type = Column::Type::kString;
      // Same character set as the file: HDF5 will not convert between ASCII and UTF-8.
      return string_type(size, string_cset(member.get(), what));
    }
    default:
      break;
  }
  malformed(what + " has a type gridplan does not read");
}

/// Adds one column per compound member to `table` and returns the matching in-memory layout.
/// Checks what HDF5 would otherwise trust: the member count, unique non-empty names, and that
/// every member lies inside the row.
RowLayout reading_layout(hid_t file_type, Table& table) {
  const int count = H5Tget_nmembers(file_type);
  if (count < 0) fail("counting the fields");
  if (count == 0 || count > kMaxColumns)
    malformed("the row type has " + std::to_string(count) + " fields");
  const std::size_t file_row = H5Tget_size(file_type);
  if (file_row == 0) fail("sizing the row type");
  std::vector<std::string> names;
  std::vector<Handle> members;
  std::set<std::string> seen;
  std::vector<std::pair<std::size_t, std::size_t>> extents;  // (offset, size) in the file's row
  for (unsigned i = 0; i < static_cast<unsigned>(count); ++i) {
    std::string name = member_name(file_type, i);
    if (name.empty() || !seen.insert(name).second)
      malformed("field name '" + name + "' is empty or repeated");
    Handle member = own(H5Tget_member_type(file_type, i), H5Tclose, "reading field '" + name + "'");
    const std::size_t offset = H5Tget_member_offset(file_type, i);
    const std::size_t size = H5Tget_size(member.get());
    if (size == 0 || offset > file_row || size > file_row - offset)
      malformed("field '" + name + "' lies outside the row");
    extents.emplace_back(offset, size);
    Column::Type type{};
    members.push_back(reading_member(file_type, i, name, type));
    table.add(name, type, "", "");
    names.push_back(std::move(name));
  }
  // Fields may not overlap: a damaged offset would otherwise read one field's bytes as another's.
  std::sort(extents.begin(), extents.end());
  for (std::size_t i = 1; i < extents.size(); ++i)
    if (extents[i - 1].first + extents[i - 1].second > extents[i].first)
      malformed("two fields of the row type overlap");
  RowLayout layout;
  for (const Handle& member : members) {
    const std::size_t size = H5Tget_size(member.get());
    if (size == 0) fail("sizing a field type");
    layout.offsets.push_back(layout.row_size);
    layout.sizes.push_back(size);
    layout.row_size += size;
  }
  layout.memory_type =
      own(H5Tcreate(H5T_COMPOUND, layout.row_size), H5Tclose, "creating a row type");
  for (std::size_t i = 0; i < names.size(); ++i)
    check(
        H5Tinsert(layout.memory_type.get(), names[i].c_str(), layout.offsets[i], members[i].get()),
        "adding field '" + names[i] + "' to the row type");
  return layout;
}

/// Copies field `field` of each of `count` packed rows into `column`.
void unpack_column(const char* rows, std::size_t count, const RowLayout& layout, std::size_t field,
                   Column& column) {
  const char* in = rows + layout.offsets[field];
  const std::size_t stride = layout.row_size;
  switch (column.type) {
    case Column::Type::kFloat64:
      column.f64.resize(count);
      for (std::size_t r = 0; r < count; ++r, in += stride)
        std::memcpy(&column.f64[r], in, sizeof(double));
      break;
    case Column::Type::kInt64:
      column.i64.resize(count);
      for (std::size_t r = 0; r < count; ++r, in += stride)
        std::memcpy(&column.i64[r], in, sizeof(std::int64_t));
      break;
    case Column::Type::kString:
      column.str.reserve(count);
      for (std::size_t r = 0; r < count; ++r, in += stride) {
        std::size_t n = layout.sizes[field];
        while (n > 0 && in[n - 1] == '\0') --n;  // null padding, not data
        column.str.emplace_back(in, n);
      }
      break;
  }
}

/// A per-column string array attribute, or empty strings if the file has none.
std::vector<std::string> read_column_strings(hid_t dataset, const std::string& name,
                                             std::size_t columns) {
  const htri_t exists = H5Aexists(dataset, name.c_str());
  check(exists, "looking up attribute '" + name + "'");
  if (exists == 0) return std::vector<std::string>(columns);
  std::vector<std::string> values = read_strings(dataset, name);
  if (values.size() != columns)
    malformed("attribute '" + name + "' has " + std::to_string(values.size()) + " entries for " +
              std::to_string(columns) + " columns");
  return values;
}

/// Fills in the table description and each column's unit and description, where present.
/// The column names, stored twice (the row type's fields and the "columns" attribute), must
/// agree: neither copy has a checksum.
void read_table_attributes(hid_t dataset, Table& table) {
  const htri_t has_description = H5Aexists(dataset, "description");
  check(has_description, "looking up attribute 'description'");
  if (has_description > 0) table.description = read_string(dataset, "description");
  const std::size_t count = table.columns.size();
  const htri_t has_columns = H5Aexists(dataset, "columns");
  check(has_columns, "looking up attribute 'columns'");
  if (has_columns > 0) {
    const std::vector<std::string> names = read_column_strings(dataset, "columns", count);
    for (std::size_t i = 0; i < count; ++i)
      if (names[i] != table.columns[i].name)
        malformed("field " + std::to_string(i) + " is '" + table.columns[i].name +
                  "' but attribute 'columns' says '" + names[i] + "'");
  }
  const std::vector<std::string> units = read_column_strings(dataset, "units", count);
  const std::vector<std::string> descriptions =
      read_column_strings(dataset, "column_descriptions", count);
  for (std::size_t i = 0; i < count; ++i) {
    table.columns[i].unit = units[i];
    table.columns[i].description = descriptions[i];
  }
}

/// The number of rows of a 1-D dataset.
std::size_t dataset_rows(hid_t dataset) {
  Handle space = own(H5Dget_space(dataset), H5Sclose, "reading the dataset's shape");
  const int dims = H5Sget_simple_extent_ndims(space.get());
  if (dims < 0) fail("reading the dataset's rank");
  if (dims != 1) malformed("the dataset is not one-dimensional");
  hsize_t rows = 0;
  check(H5Sget_simple_extent_dims(space.get(), &rows, nullptr), "reading the dataset's size");
  return rows;
}

/// Refuses a dataset whose shape does not match its storage: more bytes than its storage could
/// hold compressed (a damaged size would make us allocate, and HDF5 fill, gigabytes), or, for a
/// chunked dataset, not exactly the chunks its rows need (gridplan writes every chunk; a row
/// count damaged by a few would otherwise read as rows of fill values, or lose rows).
void check_dataset_size(hid_t dataset, std::size_t rows, std::size_t file_row,
                        std::size_t memory_row) {
  std::uint64_t file_bytes = 0, memory_bytes = 0;
  if (!multiply(rows, file_row, file_bytes) || !multiply(rows, memory_row, memory_bytes) ||
      memory_bytes > std::numeric_limits<std::size_t>::max() / 2)
    malformed("the dataset claims " + std::to_string(rows) + " rows, more than can exist");
  const std::uint64_t stored = H5Dget_storage_size(dataset);
  std::uint64_t bound = 0;
  if (rows > 0 && multiply(stored, kMaxExpansion, bound) && file_bytes > bound + kExpansionSlack)
    malformed("the dataset claims " + std::to_string(rows) + " rows (" +
              std::to_string(file_bytes) + " bytes) but stores " + std::to_string(stored) +
              " bytes");
  Handle dcpl = own(H5Dget_create_plist(dataset), H5Pclose, "reading the dataset's properties");
  const H5D_layout_t layout = H5Pget_layout(dcpl.get());
  if (layout < 0) fail("reading the dataset's layout");
  if (layout == H5D_CONTIGUOUS && rows > 0 && stored != file_bytes)
    malformed("the dataset claims " + std::to_string(rows) + " rows (" +
              std::to_string(file_bytes) + " bytes) but stores " + std::to_string(stored) +
              " bytes");
  if (layout != H5D_CHUNKED) return;
  hsize_t chunk_rows = 0;
  if (H5Pget_chunk(dcpl.get(), 1, &chunk_rows) != 1 || chunk_rows == 0)
    malformed("the dataset's chunks are not one-dimensional");
  hsize_t chunks = 0;
  Handle space = own(H5Dget_space(dataset), H5Sclose, "reading the dataset's shape");
  check(H5Dget_num_chunks(dataset, space.get(), &chunks), "counting the dataset's chunks");
  const std::uint64_t needed = rows / chunk_rows + (rows % chunk_rows != 0);
  if (chunks != needed)
    malformed("the dataset claims " + std::to_string(rows) + " rows, which need " +
              std::to_string(needed) + " chunks of " + std::to_string(chunk_rows) +
              ", but it stores " + std::to_string(chunks));
}

/// Reads table `name` from an open file: its rows and attributes, or with `rows_too` false
/// everything but the rows (the checks of its metadata, without decompressing its data). With
/// `shape`, also sets its rows and string widths (the columns are the table returned).
Table read_table(hid_t file, const std::string& name, bool rows_too = true,
                 TableShape* shape = nullptr) {
  if (name.empty() || !link_path_exists(file, name)) malformed("no such table");
  // Opened as an object first so that a group gets a plain answer, not HDF5's.
  Handle dataset = own(H5Oopen(file, name.c_str(), H5P_DEFAULT), H5Oclose, "opening it");
  const H5I_type_t kind = H5Iget_type(dataset.get());
  if (kind != H5I_DATASET)
    malformed(kind == H5I_GROUP ? "it is a group, not a table" : "not a dataset");
  Handle file_type = own(H5Dget_type(dataset.get()), H5Tclose, "reading the dataset's type");
  if (H5Tget_class(file_type.get()) != H5T_COMPOUND)
    malformed("the dataset is not a compound table");
  Table table;
  table.name = name;
  const RowLayout layout = reading_layout(file_type.get(), table);
  const std::size_t rows = dataset_rows(dataset.get());
  check_dataset_size(dataset.get(), rows, H5Tget_size(file_type.get()), layout.row_size);
  if (shape) {
    shape->rows = rows;
    shape->widths.clear();
    for (std::size_t i = 0; i < table.columns.size(); ++i)
      shape->widths.push_back(table.columns[i].type == Column::Type::kString ? layout.sizes[i] : 0);
  }
  if (!rows_too) {
    read_table_attributes(dataset.get(), table);
    return table;
  }
  std::vector<char> packed(rows * layout.row_size);
  if (rows > 0)
    check(H5Dread(dataset.get(), layout.memory_type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT,
                  packed.data()),
          "reading the dataset");
  for (std::size_t i = 0; i < table.columns.size(); ++i)
    unpack_column(packed.data(), rows, layout, i, table.columns[i]);
  read_table_attributes(dataset.get(), table);
  // gridplan writes a checksum of each table (table_digest.hpp); other tools' files have none.
  const htri_t has_digest = H5Aexists(dataset.get(), "digest");
  check(has_digest, "looking up attribute 'digest'");
  if (has_digest > 0) {
    const auto digest = read_integer<std::uint64_t>(dataset.get(), "digest", H5T_NATIVE_UINT64);
    // Files written before tables could be written in pieces hold the whole-table form.
    if (digest != table_digest(table) && digest != table_digest_whole(table))
      malformed("its " + std::to_string(rows) +
                " rows do not match the checksum written with them (attribute 'digest')");
  }
  return table;
}

/// The hard links directly in `group`, in creation order where the group tracks it.
std::vector<std::string> link_names(hid_t group) {
  Handle gcpl = own(H5Gget_create_plist(group), H5Pclose, "reading group properties");
  unsigned order = 0;
  check(H5Pget_link_creation_order(gcpl.get(), &order), "reading link creation order");
  const H5_index_t index =
      (order & H5P_CRT_ORDER_TRACKED) != 0 ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME;
  std::vector<std::string> names;
  // No exception may cross HDF5's C frames: a failed push_back stops the iteration instead.
  auto collect = [](hid_t, const char* name, const H5L_info_t* info, void* out) -> herr_t {
    try {
      auto* list = static_cast<std::vector<std::string>*>(out);
      if (list->size() >= kMaxTables) return -1;
      if (info->type == H5L_TYPE_HARD) list->push_back(name);
      return 0;
    } catch (...) {
      return -1;
    }
  };
  check(H5Literate(group, index, H5_ITER_INC, nullptr, collect, &names),
        "listing group " + object_path(group));
  return names;
}

/// Whether `dataset` has a compound type, i.e. is a table.
bool is_compound_dataset(hid_t dataset) {
  Handle type = own(H5Dget_type(dataset), H5Tclose, "reading a dataset's type");
  return H5Tget_class(type.get()) == H5T_COMPOUND;
}

/// Appends the tables under `group` (depth first, creation order), named `prefix` + link name.
/// A damaged file may link a group into itself: the depth is bounded.
void collect_tables(hid_t group, const std::string& prefix, std::vector<std::string>& tables,
                    int depth) {
  if (depth > kMaxGroupDepth) malformed("groups nest deeper than " + std::to_string(depth));
  for (const std::string& name : link_names(group)) {
    if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..")
      malformed("a link has the name '" + name + "'");
    Handle object =
        own(H5Oopen(group, name.c_str(), H5P_DEFAULT), H5Oclose, "opening '" + prefix + name + "'");
    const H5I_type_t kind = H5Iget_type(object.get());
    if (kind == H5I_GROUP) collect_tables(object.get(), prefix + name + "/", tables, depth + 1);
    if (kind == H5I_DATASET && is_compound_dataset(object.get())) tables.push_back(prefix + name);
    if (tables.size() > kMaxTables)
      malformed("more than " + std::to_string(kMaxTables) + " tables");
  }
}

/// The tables of an open file. When the root's attribute `tables` is there (gridplan writes it;
/// other tools may not), the links found must be exactly the tables it names: HDF5 can lose a
/// link in a damaged group without an error (hdf5_writer.cpp, write_table_index).
std::vector<std::string> list_tables(hid_t file) {
  Handle root = own(H5Gopen2(file, "/", H5P_DEFAULT), H5Gclose, "opening the root group");
  std::vector<std::string> tables;
  collect_tables(root.get(), "", tables, 0);
  const htri_t indexed = H5Aexists(root.get(), "tables");
  check(indexed, "looking up attribute 'tables' of '/'");
  if (indexed == 0) return tables;
  std::vector<std::string> listed = read_strings(root.get(), "tables");
  std::vector<std::string> found = tables;
  std::sort(listed.begin(), listed.end());
  std::sort(found.begin(), found.end());
  std::vector<std::string> missing, extra;
  std::set_difference(listed.begin(), listed.end(), found.begin(), found.end(),
                      std::back_inserter(missing));
  std::set_difference(found.begin(), found.end(), listed.begin(), listed.end(),
                      std::back_inserter(extra));
  if (!missing.empty())
    malformed("the root attribute 'tables' names '/" + missing.front() +
              "', which the file does not link");
  if (!extra.empty())
    malformed("the file links table '/" + extra.front() +
              "', which the root attribute 'tables' does not name");
  return tables;
}

/// The provenance attributes of an open file.
Provenance provenance_of(hid_t file) {
  Handle root = own(H5Gopen2(file, "/", H5P_DEFAULT), H5Gclose, "opening the root group");
  Provenance p;
  p.version = read_string(root.get(), "gridplan_version");
  p.git_revision = read_string(root.get(), "git_revision");
  p.created = read_string(root.get(), "created");
  p.command_line = read_string(root.get(), "command_line");
  if (!link_path_exists(file, "scenario")) malformed("no group '/scenario'");
  Handle scenario = own(H5Gopen2(file, "scenario", H5P_DEFAULT), H5Gclose, "opening '/scenario'");
  p.scenario_name = read_string(scenario.get(), "name");
  p.scenario_text = read_string(scenario.get(), "source_toml");
  p.overrides = read_string(scenario.get(), "overrides");
  p.seed = read_integer<std::uint64_t>(scenario.get(), "seed", H5T_NATIVE_UINT64);
  const std::int64_t days =
      read_integer<std::int64_t>(scenario.get(), "horizon_days", H5T_NATIVE_INT64);
  if (days < 0 || days > std::numeric_limits<int>::max())
    malformed("attribute 'horizon_days' of '/scenario' is " + std::to_string(days));
  p.horizon_days = static_cast<int>(days);
  const htri_t replayed = H5Aexists(scenario.get(), "replay_log");
  check(replayed, "looking up attribute 'replay_log' of '/scenario'");
  if (replayed > 0) {  // a replay (files before issue 21 have none of these)
    p.replay_log = read_string(scenario.get(), "replay_log");
    p.replay_log_bytes =
        read_integer<std::uint64_t>(scenario.get(), "replay_log_bytes", H5T_NATIVE_UINT64);
    p.replay_log_sha256 = read_string(scenario.get(), "replay_log_sha256");
    p.replay_options = read_string(scenario.get(), "replay_options");
  }
  return p;
}

/// Everything read_result_file returns, read in this process.
ResultFile read_here(const std::string& path,
                     const std::function<bool(const std::string&)>& wanted) {
  const QuietErrors quiet;
  ResultFile f;
  f.path = path;
  Handle file = open_file(path);
  try {
    f.provenance = provenance_of(file.get());
  } catch (const BadResultFile& e) {
    throw BadResultFile(std::string("damaged or not a gridplan result file: provenance: ") +
                        e.what());
  }
  try {
    f.names = list_tables(file.get());
  } catch (const BadResultFile& e) {
    throw BadResultFile(std::string("damaged or not a gridplan result file: listing its tables: ") +
                        e.what());
  }
  // The tables not wanted are checked too, all but their compressed rows: damaged metadata
  // anywhere in the file is found by every command, at little cost.
  for (const std::string& name : f.names) {
    const bool read_rows = !wanted || wanted(name);
    try {
      Table table = read_table(file.get(), name, read_rows);
      if (read_rows) f.tables.push_back(std::move(table));
    } catch (const BadResultFile& e) {
      throw BadResultFile("damaged or not a gridplan result file: table '/" + name +
                          "': " + e.what());
    }
  }
  return f;
}

// ---------------------------------------------------------------------------------------------
// The child process and what it sends back

/// Appends values to a byte string in this machine's byte order (parent and child share it).
class Encoder {
 public:
  void u64(std::uint64_t v) { raw(&v, sizeof v); }
  void str(const std::string& s) {
    u64(s.size());
    bytes_.append(s);
  }
  void raw(const void* data, std::size_t size) {
    if (size > 0) bytes_.append(static_cast<const char*>(data), size);  // data() may be null
  }
  void table(const Table& t) {
    str(t.name);
    str(t.description);
    u64(t.columns.size());
    for (const Column& c : t.columns) {
      str(c.name);
      str(c.unit);
      str(c.description);
      u64(static_cast<std::uint64_t>(c.type));
      u64(c.size());
      switch (c.type) {
        case Column::Type::kFloat64:
          raw(c.f64.data(), c.f64.size() * sizeof(double));
          break;
        case Column::Type::kInt64:
          raw(c.i64.data(), c.i64.size() * sizeof(std::int64_t));
          break;
        case Column::Type::kString:
          for (const std::string& s : c.str) str(s);
          break;
      }
    }
  }
  std::string& bytes() { return bytes_; }

 private:
  std::string bytes_;
};

/// Reads what Encoder wrote; throws std::runtime_error if the bytes end early.
class Decoder {
 public:
  explicit Decoder(const std::string& bytes, std::size_t pos) : bytes_(bytes), pos_(pos) {}
  std::uint64_t u64() {
    std::uint64_t v = 0;
    raw(&v, sizeof v);
    return v;
  }
  std::string str() {
    const std::uint64_t n = u64();
    need(n);
    std::string s = bytes_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  void raw(void* out, std::size_t size) {
    need(size);
    if (size == 0) return;  // `out` may be an empty vector's null data()
    std::memcpy(out, bytes_.data() + pos_, size);
    pos_ += size;
  }
  Table table() {
    Table t;
    t.name = str();
    t.description = str();
    const std::uint64_t columns = u64();
    need(columns);  // at least a byte each: bounds the reserve
    t.columns.reserve(columns);
    for (std::uint64_t i = 0; i < columns; ++i) {
      std::string name = str(), unit = str(), description = str();
      const std::uint64_t type = u64();
      if (type > static_cast<std::uint64_t>(Column::Type::kString)) truncated();
      Column& c = t.add(std::move(name), static_cast<Column::Type>(type), std::move(unit),
                        std::move(description));
      const std::uint64_t rows = u64();
      need(rows);  // at least a byte per value
      switch (c.type) {
        case Column::Type::kFloat64:
          need(rows * sizeof(double));
          c.f64.resize(rows);
          raw(c.f64.data(), rows * sizeof(double));
          break;
        case Column::Type::kInt64:
          need(rows * sizeof(std::int64_t));
          c.i64.resize(rows);
          raw(c.i64.data(), rows * sizeof(std::int64_t));
          break;
        case Column::Type::kString:
          c.str.reserve(rows);
          for (std::uint64_t r = 0; r < rows; ++r) c.str.push_back(str());
          break;
      }
    }
    return t;
  }
  bool done() const { return pos_ == bytes_.size(); }

 private:
  void need(std::uint64_t n) const {
    if (n > bytes_.size() - pos_) truncated();
  }
  [[noreturn]] static void truncated() {
    throw std::runtime_error("the reading process sent a truncated answer");
  }
  const std::string& bytes_;
  std::size_t pos_;
};

/// The first byte of the child's answer.
enum Answer : char {
  kAnswerFile = 'F',     ///< the ResultFile follows
  kAnswerBad = 'B',      ///< BadResultFile: its message follows
  kAnswerMemory = 'M',   ///< out of memory
  kAnswerFailure = 'X',  ///< another error: its message follows
};

std::string encode_file(const ResultFile& f) {
  Encoder e;
  e.raw("F", 1);
  const Provenance& p = f.provenance;
  for (const std::string* s :
       {&p.version, &p.git_revision, &p.command_line, &p.created, &p.scenario_name,
        &p.scenario_text, &p.overrides, &p.replay_log, &p.replay_log_sha256, &p.replay_options})
    e.str(*s);
  e.u64(p.seed);
  e.u64(static_cast<std::uint64_t>(p.horizon_days));
  e.u64(p.replay_log_bytes);
  e.u64(f.names.size());
  for (const std::string& name : f.names) e.str(name);
  e.u64(f.tables.size());
  for (const Table& t : f.tables) e.table(t);
  return std::move(e.bytes());
}

ResultFile decode_file(const std::string& path, const std::string& bytes) {
  Decoder d(bytes, 1);
  ResultFile f;
  f.path = path;
  Provenance& p = f.provenance;
  for (std::string* s :
       {&p.version, &p.git_revision, &p.command_line, &p.created, &p.scenario_name,
        &p.scenario_text, &p.overrides, &p.replay_log, &p.replay_log_sha256, &p.replay_options})
    *s = d.str();
  p.seed = d.u64();
  p.horizon_days = static_cast<int>(d.u64());
  p.replay_log_bytes = d.u64();
  const std::uint64_t names = d.u64();
  for (std::uint64_t i = 0; i < names; ++i) f.names.push_back(d.str());
  const std::uint64_t tables = d.u64();
  for (std::uint64_t i = 0; i < tables; ++i) f.tables.push_back(d.table());
  if (!d.done()) throw std::runtime_error("the reading process sent more than a file");
  return f;
}

/// Writes all of `bytes` to `fd`, retrying after interruptions; false on failure.
bool write_all(int fd, const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

/// How long the child may take to read `path`: 10 s plus 1 s per 4 MiB of file, about 15
/// times what a year's trace takes (43 MB in 1.3 s); GRIDPLAN_READ_TIMEOUT (seconds) instead,
/// if set. HDF5 loops for ever on some damaged files (H5HG__cache_heap_deserialize on a global
/// heap object of size 0): only a deadline ends that.
std::chrono::milliseconds read_deadline(const std::string& path) {
  if (const char* env = std::getenv("GRIDPLAN_READ_TIMEOUT")) {
    char* end = nullptr;
    const double seconds = std::strtod(env, &end);
    if (end != env && *end == '\0' && seconds > 0)
      return std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000));
  }
  struct stat st {};
  const std::int64_t size = ::stat(path.c_str(), &st) == 0 ? st.st_size : 0;
  return std::chrono::milliseconds(10'000 + size / ((4 << 20) / 1000));
}

/// Reads `fd` to its end, retrying after interruptions; false if `deadline` passed first.
bool read_all(int fd, std::chrono::steady_clock::time_point deadline, std::string& bytes) {
  char buffer[1 << 16];
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    struct pollfd ready {
      fd, POLLIN, 0
    };
    const int polled =
        ::poll(&ready, 1, static_cast<int>(std::min<std::int64_t>(left.count(), 1000)));
    if (polled < 0 && errno != EINTR) return true;  // the read below reports nothing more
    if (polled <= 0) continue;
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return true;
    bytes.append(buffer, static_cast<std::size_t>(n));
  }
}

/// The child: reads the file, writes the answer to `fd` and ends with _exit, whatever happens:
/// no exception and no destructor of the parent's objects may run in it.
[[noreturn]] void child_main(int fd, const std::string& path,
                             const std::function<bool(const std::string&)>& wanted) {
  // A crash is expected here, not a bug to debug: no core file, and without --verbose nothing
  // on stderr (glibc's "free(): invalid pointer" before an abort): the parent says it in one line.
  const struct rlimit no_core { 0, 0 };
  setrlimit(RLIMIT_CORE, &no_core);
  if (!g_diagnostics) {
    const int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (null >= 0) ::dup2(null, STDERR_FILENO);
  }
  std::string answer;
  try {
    try {
      answer = encode_file(read_here(path, wanted));
    } catch (const BadResultFile& e) {
      answer = std::string(1, kAnswerBad) + e.what();
    } catch (const std::bad_alloc&) {
      answer = std::string(1, kAnswerMemory);
    } catch (const std::exception& e) {
      answer = std::string(1, kAnswerFailure) + e.what();
    }
    write_all(fd, answer);
  } catch (...) {
    _exit(3);
  }
  _exit(0);
}

/// "SIGSEGV" for the signals a crash raises.
std::string signal_name(int signal) {
  switch (signal) {
    case SIGSEGV:
      return "SIGSEGV";
    case SIGBUS:
      return "SIGBUS";
    case SIGABRT:
      return "SIGABRT";
    case SIGFPE:
      return "SIGFPE";
    case SIGILL:
      return "SIGILL";
    case SIGKILL:
      return "SIGKILL";
    default:
      return "signal " + std::to_string(signal);
  }
}

bool is_crash(int signal) {
  return signal == SIGSEGV || signal == SIGBUS || signal == SIGABRT || signal == SIGFPE ||
         signal == SIGILL || signal == SIGSYS || signal == SIGTRAP;
}

/// One line: HDF5's descriptions never span lines, but a file's names might.
std::string one_line(std::string text) {
  for (char& c : text)
    if (c == '\n' || c == '\r') c = ' ';
  return text;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Public interface

void set_hdf5_diagnostics(bool on) {
  g_diagnostics = on;
}

bool hdf5_diagnostics() {
  return g_diagnostics;
}

const Table* ResultFile::find(const std::string& name) const {
  for (const Table& t : tables)
    if (t.name == name) return &t;
  return nullptr;
}

bool ResultFile::lists(const std::string& name) const {
  for (const std::string& n : names)
    if (n == name) return true;
  return false;
}

const Table& ResultFile::table(const std::string& name) const {
  const Table* t = find(name);
  if (t == nullptr) bad("it has no table '/" + name + "'");
  return *t;
}

const Column& ResultFile::column(const Table& t, const std::string& name, Column::Type type) const {
  static const char* const kTypeNames[] = {"a float", "an integer", "a string"};
  for (const Column& c : t.columns)
    if (c.name == name) {
      if (c.type != type)
        bad("column '" + name + "' of '/" + t.name + "' is not " +
            kTypeNames[static_cast<int>(type)] + " column");
      return c;
    }
  bad("table '/" + t.name + "' has no column '" + name + "'");
}

void ResultFile::require_rows(const Table& t, std::size_t rows) const {
  if (t.rows() != rows)
    bad("table '/" + t.name + "' has " + std::to_string(t.rows()) + " rows, not " +
        std::to_string(rows));
}

void ResultFile::bad(const std::string& problem) const {
  throw BadResultFile(path + ": not a usable gridplan result file: " + problem);
}

ResultFile read_result_file(const std::string& path,
                            const std::function<bool(const std::string&)>& wanted) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    const int error = errno;
    throw std::runtime_error("cannot read " + path + ": pipe: " + std::strerror(error));
  }
  const pid_t pid = ::fork();
  if (pid < 0) {
    const int error = errno;
    ::close(fds[0]);
    ::close(fds[1]);
    throw std::runtime_error("cannot read " + path + ": fork: " + std::strerror(error));
  }
  if (pid == 0) {
    // Dies with this process (a second Ctrl-C, a kill): no reader is left looping on its own.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    ::close(fds[0]);
    child_main(fds[1], path, wanted);
  }
  ::close(fds[1]);
  const auto allowed = read_deadline(path);
  std::string answer;
  const bool in_time = read_all(fds[0], std::chrono::steady_clock::now() + allowed, answer);
  ::close(fds[0]);
  if (!in_time) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) throw std::runtime_error("cannot read " + path + ": waitpid failed");
  if (!in_time)
    throw BadResultFile(path + ": damaged: reading it did not end within " +
                        std::to_string(allowed.count() / 1000) +
                        " s (the HDF5 library loops on some damaged files; on a very slow file "
                        "system, GRIDPLAN_READ_TIMEOUT=SECONDS allows more)");

  if (WIFSIGNALED(status)) {
    const int signal = WTERMSIG(status);
    if (is_crash(signal))
      throw BadResultFile(path + ": damaged: reading it crashed the HDF5 library (" +
                          signal_name(signal) + " in the process reading it)");
    throw std::runtime_error("cannot read " + path + ": the process reading it was killed (" +
                             signal_name(signal) + ")");
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || answer.empty())
    throw std::runtime_error("cannot read " + path + ": the process reading it stopped (exit " +
                             std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")");
  switch (answer.front()) {
    case kAnswerFile:
      return decode_file(path, answer);
    case kAnswerBad:
      throw BadResultFile(path + ": " + one_line(answer.substr(1)));
    case kAnswerMemory:
      throw std::runtime_error("cannot read " + path + ": out of memory");
    default:
      throw std::runtime_error("cannot read " + path + ": " + one_line(answer.substr(1)));
  }
}

Table read_hdf5_table(const std::string& path, const std::string& name) {
  const QuietErrors quiet;
  try {
    Handle file = open_file(path);
    return read_table(file.get(), name);
  } catch (const BadResultFile& e) {
    throw BadResultFile("cannot read table '" + name + "' from '" + path + "': " + e.what());
  }
}

std::vector<TableShape> read_table_shapes(const std::string& path) {
  const QuietErrors quiet;
  std::vector<TableShape> shapes;
  std::string name;
  try {
    Handle file = open_file(path);
    for (const std::string& listed : list_tables(file.get())) {
      name = listed;
      TableShape shape;
      shape.columns = read_table(file.get(), name, false, &shape);  // checks the metadata
      shapes.push_back(std::move(shape));
    }
  } catch (const BadResultFile& e) {
    throw BadResultFile("cannot read the shape of " +
                        (name.empty() ? "the tables" : "table '" + name + "'") + " of '" + path +
                        "': " + e.what());
  }
  return shapes;
}

std::vector<std::string> list_hdf5_tables(const std::string& path) {
  const QuietErrors quiet;
  try {
    Handle file = open_file(path);
    return list_tables(file.get());
  } catch (const BadResultFile& e) {
    throw BadResultFile("cannot list the tables of '" + path + "': " + e.what());
  }
}

Provenance read_provenance(const std::string& path) {
  const QuietErrors quiet;
  try {
    Handle file = open_file(path);
    return provenance_of(file.get());
  } catch (const BadResultFile& e) {
    throw BadResultFile("cannot read the provenance of '" + path + "': " + e.what());
  }
}

}  // namespace gridplan::io
