// How a declared parameter reaches model::Scenario: a typed path of member pointers from the
// scenario to the field it fills (through a map section's vector for streets.*.x), erased into a
// Field that stores a value read from TOML, resets the field and compares it. Every member on a
// path is named by GRIDPLAN_MEMBER, so that the names of the filled members can be compared with
// the members declared in scenario.hpp (tests/io/scenario_schema_test.cpp).
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "gridplan/model/scenario.hpp"

namespace gridplan::io::schema {

/// A parameter's value as read from TOML: one alternative for each schema::Type (an integer as
/// long long, kChoice as its string, kMonthDay as {month, day}, kShares by category index,
/// kHandlers in file order).
using Value = std::variant<long long, double, bool, std::string, kernel::Date,
                           std::vector<kernel::Date>, std::pair<int, int>, std::array<double, 24>,
                           std::array<int, 24>, kernel::Distribution, model::ShiftSpec,
                           std::vector<double>, std::vector<model::HandlerShare>>;

/// A member of a scenario struct and its name ("GridWorkerSpec::patrol_hours").
template <class S, class F>
struct Member {
  F S::*pointer;
  std::string_view name;
};

/// The member `m` of model::S, with its name spelt once.
#define GRIDPLAN_MEMBER(S, m)                                                               \
  ::gridplan::io::schema::Member<::gridplan::model::S, decltype(::gridplan::model::S::m)> { \
    &::gridplan::model::S::m, #S "::" #m                                                    \
  }

/// A step from a map section's vector to the entry being filled.
struct Each {};
inline constexpr Each each{};

/// A typed way from the scenario to one field, given the index of the map entry being filled.
template <class F>
struct Path {
  std::function<F&(model::Scenario&, std::size_t)> get;
  std::vector<std::string_view> members;  ///< the members on the way, outermost first
};

template <class T>
Path<T> extend(Path<T> path);
template <class T, class S, class F, class... Rest>
auto extend(Path<T> path, Member<S, F> member, Rest... rest);
template <class T, class... Rest>
auto extend(Path<T> path, Each, Rest... rest);

template <class T>
Path<T> extend(Path<T> path) {
  return path;
}

template <class T, class S, class F, class... Rest>
auto extend(Path<T> path, Member<S, F> member, Rest... rest) {
  static_assert(std::is_same_v<T, S>, "the member belongs to another struct than the path's");
  path.members.push_back(member.name);
  Path<F> next{
      [get = std::move(path.get), pointer = member.pointer](
          model::Scenario& sc, std::size_t entry) -> F& { return get(sc, entry).*pointer; },
      std::move(path.members)};
  return extend(std::move(next), rest...);
}

template <class T, class... Rest>
auto extend(Path<T> path, Each, Rest... rest) {
  using Entry = typename T::value_type;
  Path<Entry> next{[get = std::move(path.get)](model::Scenario& sc, std::size_t entry) -> Entry& {
                     return get(sc, entry).at(entry);
                   },
                   std::move(path.members)};
  return extend(std::move(next), rest...);
}

/// The path through `steps` (members and `each`) from the scenario.
template <class... Steps>
auto at(Steps... steps) {
  Path<model::Scenario> root{
      [](model::Scenario& sc, std::size_t) -> model::Scenario& { return sc; }, {}};
  return extend(std::move(root), steps...);
}

/// Equality of field values (kernel::Distribution and ShiftSpec have no operator==).
template <class F>
bool same_value(const F& a, const F& b) {
  return a == b;
}
inline bool same_value(const kernel::Distribution& a, const kernel::Distribution& b) {
  return a.kind == b.kind && a.p1 == b.p1 && a.p2 == b.p2 && a.p3 == b.p3;
}
inline bool same_value(const model::ShiftSpec& a, const model::ShiftSpec& b) {
  return a.working_start_hour == b.working_start_hour && a.working_hours == b.working_hours &&
         a.rest_start_hour == b.rest_start_hour && a.rest_hours == b.rest_hours;
}

/// `value` stored in `field` if the types agree (an integer narrowed to the field's type).
template <class F>
bool assign(F& field, const Value& value) {
  return std::visit(
      [&field](const auto& v) {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, F>) {
          field = v;
          return true;
        } else if constexpr (std::is_same_v<V, long long> && std::is_integral_v<F> &&
                             !std::is_same_v<F, bool>) {
          field = static_cast<F>(v);
          return true;
        } else {
          return false;
        }
      },
      value);
}

template <class F>
struct Element {
  using type = F;
};
template <class F, std::size_t N>
struct Element<std::array<F, N>> {
  using type = F;
};

/// The largest integer a field of type F holds (an hourly array: its elements), for "too large".
template <class F>
constexpr long long integer_max() {
  using E = typename Element<F>::type;
  if constexpr (std::is_integral_v<E> && sizeof(E) < sizeof(long long))
    return static_cast<long long>(std::numeric_limits<E>::max());
  else
    return std::numeric_limits<long long>::max();
}

/// A parameter's field(s), types erased.
struct Field {
  std::vector<std::string_view> members;  ///< every member on the way, "Scenario::grid_worker"...
  /// Stores a value read for the key; returns "" or why it cannot be used (reported at the key).
  std::function<std::string(const Value&, model::Scenario&, std::size_t)> store;
  /// Value-initialises the field(s): what a default of "" means.
  std::function<void(model::Scenario&, std::size_t)> clear;
  /// Whether two scenarios hold the same value in the field(s).
  std::function<bool(model::Scenario&, model::Scenario&, std::size_t)> same;
  /// The largest integer the field holds: a bigger one is "too large".
  long long max_integer = std::numeric_limits<long long>::max();
};

[[noreturn]] inline void wrong_type(const std::vector<std::string_view>& members) {
  std::string names;
  for (std::string_view m : members) {
    if (!names.empty()) names += ' ';
    names += m;
  }
  throw std::logic_error("the parameter table binds a value of another type to " + names);
}

/// The field at `path`, stored as read.
template <class F>
Field bind(Path<F> path) {
  Field field;
  field.members = path.members;
  field.max_integer = integer_max<F>();
  field.store = [get = path.get, members = path.members](const Value& value, model::Scenario& sc,
                                                         std::size_t entry) -> std::string {
    if (!assign(get(sc, entry), value)) wrong_type(members);
    return "";
  };
  field.clear = [get = path.get](model::Scenario& sc, std::size_t entry) { get(sc, entry) = F{}; };
  field.same = [get = path.get](model::Scenario& a, model::Scenario& b, std::size_t entry) {
    return same_value(get(a, entry), get(b, entry));
  };
  return field;
}

/// The fields at `paths`, filled by `parse(value, scenario, field...)`, which returns "" or why
/// the value cannot be used (a value that needs converting: "mon+tue", "street:x+grid:3").
template <class Parse, class... F>
Field bind_with(Parse parse, Path<F>... paths) {
  Field field;
  (field.members.insert(field.members.end(), paths.members.begin(), paths.members.end()), ...);
  field.max_integer = std::min({integer_max<F>()...});
  field.store = [parse, paths...](const Value& value, model::Scenario& sc, std::size_t entry) {
    return parse(value, std::as_const(sc), paths.get(sc, entry)...);
  };
  field.clear = [paths...](model::Scenario& sc, std::size_t entry) {
    ((paths.get(sc, entry) = F{}), ...);
  };
  field.same = [paths...](model::Scenario& a, model::Scenario& b, std::size_t entry) {
    return (same_value(paths.get(a, entry), paths.get(b, entry)) && ...);
  };
  return field;
}

/// Members that no value is stored in but that loading fills (provenance): for the registry.
template <class... S, class... F>
Field members_only(Member<S, F>... members) {
  Field field;
  (field.members.push_back(members.name), ...);
  return field;
}

/// A rule between a parameter and parameters read before it: "" or why the value breaks it,
/// reported at the parameter's key. `entry` is the index of the map entry being filled.
using Rule = std::function<std::string(const model::Scenario&, std::size_t entry)>;

/// A rule over a whole section once read, reported at the section's table.
struct SectionProblem {
  std::string table;   ///< the table whose header the message names ("streets", "mediation")
  std::string key;     ///< the key the message names
  std::string reason;  ///< empty: no problem
};
using SectionRule = std::function<SectionProblem(const model::Scenario&)>;

/// A section of keys in the order the loader fills them, so that a rule may use the values of
/// the sections before it.
struct Section {
  std::string_view path;  ///< "grid_worker", or a map section ("streets", "mediation.rota")
  /// For a map section: appends a default entry named `name` and returns its index.
  std::function<std::size_t(model::Scenario&, const std::string&)> add;
  std::vector<std::string_view> members;  ///< the map's vector and its entries' name member
  SectionRule check;                      ///< may be empty
};

/// A section with no entries of its own.
inline Section plain_section(std::string_view path, SectionRule check = {}) {
  return {path, {}, {}, std::move(check)};
}

/// A map section: `vector` leads to its entries, whose `name` member is set to the table name.
template <class E>
Section map_section(std::string_view path, Path<std::vector<E>> vector, Member<E, std::string> name,
                    SectionRule check = {}) {
  Section section{path, {}, vector.members, std::move(check)};
  section.members.push_back(name.name);
  section.add = [get = vector.get, pointer = name.pointer](model::Scenario& sc,
                                                           const std::string& entry_name) {
    std::vector<E>& entries = get(sc, 0);
    entries.emplace_back();
    entries.back().*pointer = entry_name;
    return entries.size() - 1;
  };
  return section;
}

/// The fields of a shift table, in order; a field's TOML name is its member's name.
const std::vector<Member<model::ShiftSpec, double>>& shift_fields();

}  // namespace gridplan::io::schema
