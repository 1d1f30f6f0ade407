// What ties the parameter table to model::Scenario, for the tests that keep them in step
// (tests/io/scenario_schema_test.cpp): the members that loading fills, and the declared defaults
// compared with a default-constructed scenario.
#include "scenario_loader_internal.hpp"

namespace gridplan::io {

std::vector<std::pair<std::string, std::string>> filled_members() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const schema::Parameter& p : schema::parameters()) {
    // The loader fills a value only through its section: a key outside every section fills
    // nothing.
    if (p.field.store && !schema::section_of(p)) continue;
    for (std::string_view member : p.field.members)
      out.emplace_back(std::string(member), std::string(p.key));
  }
  for (const schema::Section& s : schema::sections())
    for (std::string_view member : s.members)
      out.emplace_back(std::string(member), std::string("[").append(s.path).append("]"));
  for (const auto& member : schema::shift_fields())
    out.emplace_back(std::string(member.name), "shift");
  return out;
}

namespace {

/// `p`'s default stored in `sc` (entry 0 of its map); "" or what went wrong.
std::string apply_default(const schema::Parameter& p, model::Scenario& sc) {
  if (p.default_toml.empty()) {
    p.field.clear(sc, 0);
    return "";
  }
  const std::string key = loader::concrete_key(p.key, "x");
  loader::Merged merged;
  merged.top_file = "default";
  merged.leaves[key] = loader::Leaf{loader::default_node(p), loader::Origin{"default", 1}, false};
  try {
    const schema::Value value = loader::Reader(merged).value(key);
    if (std::string why = p.field.store(value, sc, 0); !why.empty())
      return "its default cannot be stored: " + why;
  } catch (const ScenarioError& e) {
    return std::string("its default is not a valid value: ") + e.what();
  }
  return "";
}

}  // namespace

std::vector<std::string> default_mismatches() {
  model::Scenario constructed;
  for (const schema::Section& s : schema::sections())
    if (s.add) s.add(constructed, "x");
  std::vector<std::string> out;
  for (const schema::Parameter& p : schema::parameters()) {
    if (!p.field.store) continue;
    const std::string key(p.key);
    if (!p.required && p.default_toml.empty()) {
      out.push_back(key + ": neither required nor given a default");
      continue;
    }
    model::Scenario declared = constructed;
    if (std::string why = apply_default(p, declared); !why.empty()) {
      out.push_back(key + ": " + why);
      continue;
    }
    if (!p.field.same(constructed, declared, 0))
      out.push_back(key + ": the struct's initialiser differs from the declared default " +
                    (p.default_toml.empty() ? "(the empty value)" : std::string(p.default_toml)));
  }
  return out;
}

}  // namespace gridplan::io
