// Tables as bytes: a format tag, then each table and column as length-prefixed fields, values
// copied raw so that a decoded run writes the same datasets as the run itself.
#include "gridplan/experiment/table_codec.hpp"

#include <cstdint>
#include <cstring>

namespace gridplan::experiment {

namespace {

using kernel::Column;
using kernel::Table;

/// Identifies the format; a new layout gets a new tag, so old and new ranks never mix silently.
constexpr char kTag[8] = {'G', 'P', 'T', 'A', 'B', 'L', '0', '1'};

void put_u64(std::string& out, std::uint64_t v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

void put_str(std::string& out, const std::string& s) {
  put_u64(out, s.size());
  out += s;
}

/// Reads the encoding front to back, refusing to read past its end.
class Reader {
 public:
  explicit Reader(const std::string& bytes) : bytes_(bytes) {}

  const char* take(std::size_t n) {
    if (n > bytes_.size() - pos_) throw TableCodecError("encoded tables: truncated");
    const char* p = bytes_.data() + pos_;
    pos_ += n;
    return p;
  }
  std::uint64_t u64() {
    std::uint64_t v;
    std::memcpy(&v, take(sizeof v), sizeof v);
    return v;
  }
  /// A count of items of `item_bytes` each, checked against what is left before allocating.
  std::size_t count(std::size_t item_bytes) {
    const std::uint64_t n = u64();
    if (item_bytes > 0 && n > (bytes_.size() - pos_) / item_bytes)
      throw TableCodecError("encoded tables: a count exceeds the data");
    return static_cast<std::size_t>(n);
  }
  std::string str() {
    const std::size_t n = count(1);
    return std::string(take(n), n);
  }
  bool at_end() const { return pos_ == bytes_.size(); }

 private:
  const std::string& bytes_;
  std::size_t pos_ = 0;
};

template <typename T>
void put_values(std::string& out, const std::vector<T>& values) {
  put_u64(out, values.size());
  out.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
}

template <typename T>
std::vector<T> take_values(Reader& in) {
  const std::size_t n = in.count(sizeof(T));
  std::vector<T> values(n);
  if (n > 0) std::memcpy(values.data(), in.take(n * sizeof(T)), n * sizeof(T));
  return values;
}

}  // namespace

std::string encode_tables(const std::vector<Table>& tables) {
  std::string out(kTag, sizeof kTag);
  put_u64(out, tables.size());
  for (const Table& t : tables) {
    put_str(out, t.name);
    put_str(out, t.description);
    put_u64(out, t.columns.size());
    for (const Column& c : t.columns) {
      put_str(out, c.name);
      put_str(out, c.unit);
      put_str(out, c.description);
      put_u64(out, static_cast<std::uint64_t>(c.type));
      put_values(out, c.f64);
      put_values(out, c.i64);
      put_u64(out, c.str.size());
      for (const std::string& s : c.str) put_str(out, s);
    }
  }
  return out;
}

std::vector<Table> decode_tables(const std::string& bytes) {
  Reader in(bytes);
  if (bytes.size() < sizeof kTag || std::memcmp(in.take(sizeof kTag), kTag, sizeof kTag) != 0)
    throw TableCodecError("encoded tables: unknown format (gridplan versions differ?)");
  std::vector<Table> tables(in.count(24));  // a table takes at least three 8-byte counts
  for (Table& t : tables) {
    t.name = in.str();
    t.description = in.str();
    t.columns.resize(in.count(56));  // a column: three strings and four counts
    for (Column& c : t.columns) {
      c.name = in.str();
      c.unit = in.str();
      c.description = in.str();
      const std::uint64_t type = in.u64();
      if (type > static_cast<std::uint64_t>(Column::Type::kString))
        throw TableCodecError("encoded tables: bad column type");
      c.type = static_cast<Column::Type>(type);
      c.f64 = take_values<double>(in);
      c.i64 = take_values<std::int64_t>(in);
      c.str.resize(in.count(8));
      for (std::string& s : c.str) s = in.str();
    }
  }
  if (!in.at_end()) throw TableCodecError("encoded tables: trailing bytes");
  return tables;
}

}  // namespace gridplan::experiment
