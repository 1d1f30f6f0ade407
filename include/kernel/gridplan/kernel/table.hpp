// A column-oriented result table with units and descriptions: what observers record and what
// writers (HDF5, terminal) format. It knows nothing of files.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace gridplan::kernel {

/// One typed column; exactly one of the value vectors is used, by `type`.
struct Column {
  enum class Type { kFloat64, kInt64, kString };
  std::string name;
  std::string unit;         ///< e.g. "hours", "cases", "1" for a ratio, "" for labels
  std::string description;  ///< one line
  Type type = Type::kFloat64;
  std::vector<double> f64;
  std::vector<std::int64_t> i64;
  std::vector<std::string> str;

  std::size_t size() const {
    return type == Type::kFloat64 ? f64.size() : type == Type::kInt64 ? i64.size() : str.size();
  }
};

/// The columns of a table, used like a std::vector<Column>. Each column has its own allocation,
/// so a reference to a column stays valid when columns are added or reordered: tables are
/// filled through references taken as their columns are added.
class ColumnList {
  using Slots = std::vector<std::unique_ptr<Column>>;

  template <bool Const>
  class Iter {
    using Base = std::conditional_t<Const, Slots::const_iterator, Slots::iterator>;

   public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = Column;
    using difference_type = std::ptrdiff_t;
    using pointer = std::conditional_t<Const, const Column*, Column*>;
    using reference = std::conditional_t<Const, const Column&, Column&>;

    Iter() = default;
    explicit Iter(Base it) : it_(it) {}
    /// iterator -> const_iterator.
    template <bool C = Const, class = std::enable_if_t<C>>
    Iter(const Iter<false>& o) : it_(o.base()) {}

    Base base() const { return it_; }
    reference operator*() const { return **it_; }
    pointer operator->() const { return it_->get(); }
    reference operator[](difference_type n) const { return *it_[n]; }
    Iter& operator++() { return ++it_, *this; }
    Iter operator++(int) { return Iter(it_++); }
    Iter& operator--() { return --it_, *this; }
    Iter operator--(int) { return Iter(it_--); }
    Iter& operator+=(difference_type n) { return it_ += n, *this; }
    Iter& operator-=(difference_type n) { return it_ -= n, *this; }
    friend Iter operator+(Iter a, difference_type n) { return a += n; }
    friend Iter operator+(difference_type n, Iter a) { return a += n; }
    friend Iter operator-(Iter a, difference_type n) { return a -= n; }
    friend difference_type operator-(const Iter& a, const Iter& b) { return a.it_ - b.it_; }
    friend bool operator==(const Iter& a, const Iter& b) { return a.it_ == b.it_; }
    friend auto operator<=>(const Iter& a, const Iter& b) { return a.it_ <=> b.it_; }

   private:
    Base it_{};
  };

 public:
  using value_type = Column;
  using size_type = std::size_t;
  using reference = Column&;
  using const_reference = const Column&;
  using iterator = Iter<false>;
  using const_iterator = Iter<true>;

  ColumnList() = default;
  ColumnList(const ColumnList& o) {
    slots_.reserve(o.size());
    for (const Column& c : o) push_back(c);
  }
  ColumnList& operator=(const ColumnList& o) {
    if (this != &o) {
      ColumnList copy(o);
      swap(copy);
    }
    return *this;
  }
  ColumnList(ColumnList&&) noexcept = default;
  ColumnList& operator=(ColumnList&&) noexcept = default;
  void swap(ColumnList& o) noexcept { slots_.swap(o.slots_); }

  std::size_t size() const { return slots_.size(); }
  bool empty() const { return slots_.empty(); }
  Column& operator[](std::size_t i) { return *slots_[i]; }
  const Column& operator[](std::size_t i) const { return *slots_[i]; }
  Column& front() { return *slots_.front(); }
  const Column& front() const { return *slots_.front(); }
  Column& back() { return *slots_.back(); }
  const Column& back() const { return *slots_.back(); }
  iterator begin() { return iterator(slots_.begin()); }
  iterator end() { return iterator(slots_.end()); }
  const_iterator begin() const { return const_iterator(slots_.begin()); }
  const_iterator end() const { return const_iterator(slots_.end()); }
  const_iterator cbegin() const { return begin(); }
  const_iterator cend() const { return end(); }

  Column& push_back(Column c) {
    slots_.push_back(std::make_unique<Column>(std::move(c)));
    return *slots_.back();
  }
  template <class... Args>
  Column& emplace_back(Args&&... args) {
    return push_back(Column{std::forward<Args>(args)...});
  }
  /// Grows with empty columns or drops trailing ones.
  void resize(std::size_t n) {
    const std::size_t old = slots_.size();
    slots_.resize(n);
    for (std::size_t i = old; i < n; ++i) slots_[i] = std::make_unique<Column>();
  }
  void reserve(std::size_t n) { slots_.reserve(n); }
  void clear() { slots_.clear(); }
  /// Reorders: column i becomes the former column order[i]; order must be a permutation of
  /// 0..size()-1 (std::invalid_argument otherwise, unchanged). References stay valid.
  void permute(const std::vector<std::size_t>& order) {
    if (order.size() != slots_.size())
      throw std::invalid_argument("column permutation of the wrong size");
    std::vector<bool> seen(order.size());
    for (std::size_t i : order) {
      if (i >= order.size() || seen[i]) throw std::invalid_argument("not a column permutation");
      seen[i] = true;
    }
    Slots out;
    out.reserve(order.size());
    for (std::size_t i : order) out.push_back(std::move(slots_[i]));
    slots_.swap(out);
  }

 private:
  Slots slots_;
};

/// A named table, e.g. "kpi" or "timeseries/daily" (the HDF5 path without the leading slash).
struct Table {
  std::string name;
  std::string description;
  ColumnList columns;

  /// Adds a column; the reference stays valid as further columns are added.
  Column& add(std::string col_name, Column::Type type, std::string unit, std::string desc) {
    return columns.push_back(
        Column{std::move(col_name), std::move(unit), std::move(desc), type, {}, {}, {}});
  }
  Column& add_f64(std::string n, std::string unit, std::string desc) {
    return add(std::move(n), Column::Type::kFloat64, std::move(unit), std::move(desc));
  }
  Column& add_i64(std::string n, std::string unit, std::string desc) {
    return add(std::move(n), Column::Type::kInt64, std::move(unit), std::move(desc));
  }
  Column& add_str(std::string n, std::string desc) {
    return add(std::move(n), Column::Type::kString, "", std::move(desc));
  }
  /// The column called `n`; throws std::out_of_range if absent.
  const Column& column(const std::string& n) const {
    for (const auto& c : columns)
      if (c.name == n) return c;
    throw std::out_of_range("table '" + name + "' has no column '" + n + "'");
  }
  Column& column(const std::string& n) {
    return const_cast<Column&>(static_cast<const Table*>(this)->column(n));
  }
  std::size_t rows() const { return columns.empty() ? 0 : columns.front().size(); }
  /// Appends the rows of `other`, which must have the same columns in the same order.
  void append(const Table& other);
  /// Puts the columns in the order of `names`, which must name every column exactly once
  /// (std::invalid_argument otherwise, the table unchanged). References to columns stay valid.
  void reorder(const std::vector<std::string>& names);
};
// A growing std::vector<Table> moves its tables rather than copying them (std::deque<Column>
// would keep references too, but its move may throw, so tables would be copied).
static_assert(std::is_nothrow_move_constructible_v<Table>);

/// A table whose rows are made on demand, a piece at a time: for a table as large as its
/// source (a row per case), which a writer streams to its file instead of holding both.
struct TableSource {
  Table columns;         ///< name, description and columns, without rows
  std::size_t rows = 0;  ///< rows of the whole table
  /// Appends rows [from, to) to `piece`, which has `columns`' columns.
  std::function<void(std::size_t from, std::size_t to, Table& piece)> fill;

  /// The whole table, for a caller that needs it in memory.
  Table table() const;
};

}  // namespace gridplan::kernel
