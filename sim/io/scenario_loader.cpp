// Scenario files to model::Scenario: read and merge the include chain, apply `--set` overrides,
// then fill the scenario from the declared parameters (scenario_schema): section by section in
// the table's load order, each value checked by its type and range, stored in the field its
// entry binds and checked against the entry's rule; rules over a whole section come last.
#include "gridplan/io/scenario_loader.hpp"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "city_loader.hpp"
#include "scenario_loader_internal.hpp"

namespace gridplan::io {

namespace loader {

namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------------
// The limits of scenario_schema.hpp on the number of entries of a map section.

void check_entry_counts(const Reader& r) {
  for (const schema::EntryLimit& limit : schema::entry_limits()) {
    const std::string section(limit.section);
    const std::size_t n = r.entries(section).size();
    if (n > limit.max)
      fail(r.table_origin(section), section,
           std::to_string(n) + " entries; at most " + std::to_string(limit.max) + " (" +
               std::string(limit.why) + ")");
  }
}

// ---------------------------------------------------------------------------------------------
// Filling the scenario from the declared parameters.

/// Whether `key` of `p` is to be read: not if the key that may stand instead of it is given
/// (that one fills the field). Both given, or neither of a required pair, is an error.
bool to_read(const Reader& r, const Parameter& p, const std::string& key) {
  if (p.instead_of.empty()) return true;
  const std::string table = key.substr(0, key.rfind('.'));
  const std::string name = key.substr(table.size() + 1),
                    other = table + "." + std::string(p.instead_of);
  const bool mine = r.given(key), theirs = r.given(other);
  if (mine && theirs)
    fail(r.leaf(key).origin, key,
         "give either " + name + " or " + std::string(p.instead_of) + ", not both");
  if (!mine && !theirs && p.required)
    fail(r.table_origin(table), key,
         "missing required key (or give " + std::string(p.instead_of) + ")");
  return !theirs;
}

/// Reads `key` (a concrete key of `p`), stores it in the field `p` binds and checks `p`'s rule.
void fill(const Reader& r, const Parameter& p, const std::string& key, model::Scenario& sc,
          std::size_t entry) {
  if (!to_read(r, p, key)) return;
  const schema::Value value = r.value(key);
  if (std::string why = p.field.store(value, sc, entry); !why.empty())
    fail(r.leaf(key).origin, key, why);
  if (p.rule)
    if (std::string why = p.rule(sc, entry); !why.empty()) fail(r.leaf(key).origin, key, why);
}

/// Fills one section: its values, or for a map section one entry per table, in file order.
void fill_section(const Reader& r, const schema::Section& section, model::Scenario& sc) {
  const std::vector<const Parameter*> members = schema::parameters_of(section);
  if (!section.add) {
    for (const Parameter* p : members) fill(r, *p, std::string(p->key), sc, 0);
  } else {
    for (const std::string& name : r.entries(std::string(section.path))) {
      const std::size_t entry = section.add(sc, name);
      for (const Parameter* p : members) fill(r, *p, concrete_key(p->key, name), sc, entry);
    }
  }
  if (!section.check) return;
  const schema::SectionProblem problem = section.check(sc);
  if (!problem.reason.empty()) fail(r.table_origin(problem.table), problem.key, problem.reason);
}

// ---------------------------------------------------------------------------------------------
// Warnings: legal scenarios that are probably not what was meant.

/// A drill dated outside the run's days is legal (a shorter variant of a scenario) but never
/// happens.
void warn_drills_outside_run(const Reader& r, const model::Scenario& sc,
                             ScenarioWarnings& warnings) {
  static const std::string kWhyNotAnError =
      " (a warning, not an error: a shorter run of the same scenario, e.g. --days, leaves it out "
      "on purpose)";
  const long first = sc.start_date.to_days(), last = first + sc.days - 1;
  for (const model::EmergencySpec& e : sc.emergencies) {
    const std::string key = "emergency.drills." + e.name + ".date";
    const long day = e.date.to_days();
    std::string why;
    if (day < first)
      why = "is before scenario.start_date " + sc.start_date.to_string();
    else if (day > last)
      why = "is after the run's last day " + kernel::Date::from_days(last).to_string() +
            " (start_date + days - 1)";
    if (!why.empty())
      warnings.push_back(
          located(r.leaf(key).origin, key,
                  e.date.to_string() + " " + why + ": the drill will not happen" + kWhyNotAnError));
  }
}

/// A top-level section of the baseline scenarios/hongqiao-2023.toml and what leaving it out
/// means (empty: a required section, whose absence is an error before any warning).
struct BaselineSection {
  const char* name;
  const char* without;
};
constexpr BaselineSection kBaselineSections[] = {
    {"scenario", ""},
    {"calendar", ""},
    {"structure", ""},
    {"streets", ""},
    {"street_office", ""},
    {"departments", "there are no departments, so the street offices handle every category"},
    {"categories", "there are no case categories"},
    {"sources", "there are no case sources, so no case ever arrives"},
    {"grid_worker", ""},
    {"platform", ""},
    {"whistle", "whistle.enabled defaults to false, so no case is ever whistled"},
    {"mediation", "mediation.enabled defaults to false, so no mediation centre runs"},
    {"emergency_teams", "there are no emergency teams, so a drill has nobody to send"},
    {"emergency", "there are no emergency drills"},
};

/// A section the baseline has but this scenario (with its includes) leaves out: its keys take
/// their defaults, which may switch a whole process off.
void warn_missing_sections(const Merged& merged, ScenarioWarnings& warnings) {
  for (const BaselineSection& section : kBaselineSections) {
    if (merged.tables.count(section.name)) continue;
    const std::string consequence =
        *section.without ? section.without : "every key of it takes its default";
    warnings.push_back(located(Origin{merged.top_file, 1}, section.name,
                               "no [" + std::string(section.name) +
                                   "] section, which the baseline "
                                   "scenarios/hongqiao-2023.toml has: " +
                                   consequence));
  }
}

model::Scenario convert(const Merged& merged, const fs::path& base_dir,
                        ScenarioWarnings& warnings) {
  // File values that an override replaced are checked first, as if there were no override.
  for (const auto& shadowed : merged.shadowed) Reader(merged, &shadowed).value(shadowed.first);
  const Reader r(merged);
  check_entry_counts(r);
  model::Scenario sc;
  sc.source_text = merged.source_text;
  sc.included_files = merged.included_files;
  for (const schema::Section& section : schema::sections()) fill_section(r, section, sc);
  read_register(r, merged.top_file, base_dir, sc);
  warn_drills_outside_run(r, sc, warnings);
  warn_missing_sections(merged, warnings);
  return sc;
}

/// The common path of load_scenario and parse_scenario.
model::Scenario load(std::string_view text, const std::string& origin, const fs::path& base_dir,
                     const std::vector<std::string>& overrides, ScenarioWarnings* warnings) {
  Merged merged;
  merged.top_file = origin;
  merged.source_text = std::string(text);
  if (!text.empty() && text.back() != '\n') merged.source_text += '\n';
  load_files(text, origin, base_dir, merged);
  for (const std::string& o : overrides) apply_override(o, merged);
  ScenarioWarnings found;
  model::Scenario scenario = convert(merged, base_dir, found);
  if (warnings) warnings->insert(warnings->end(), found.begin(), found.end());
  return scenario;
}

}  // namespace

}  // namespace loader

model::Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides,
                              ScenarioWarnings* warnings) {
  std::string text, error;
  if (!loader::read_file(path, text, error)) throw ScenarioError(error);
  if (is_city_text(text, path)) return load_city(text, path, overrides, warnings);
  std::filesystem::path base_dir = std::filesystem::path(path).parent_path();
  if (base_dir.empty()) base_dir = ".";
  return loader::load(text, path, base_dir, overrides, warnings);
}

std::vector<std::string> explain_scenario(const std::string& path,
                                          const std::vector<std::string>& overrides) {
  load_scenario(path, overrides);  // the same checks first: an explained scenario is a valid one
  std::string text, error;
  if (!loader::read_file(path, text, error)) throw ScenarioError(error);
  std::filesystem::path base_dir = std::filesystem::path(path).parent_path();
  if (base_dir.empty()) base_dir = ".";
  loader::Merged merged;
  merged.top_file = path;
  loader::load_files(text, path, base_dir, merged);
  for (const std::string& o : overrides) loader::apply_override(o, merged);
  std::vector<std::string> out;
  for (const auto& [key, leaf] : merged.leaves) {
    std::ostringstream value;
    leaf.node->visit([&](const auto& node) { value << node; });
    std::string shown = value.str();
    std::replace(shown.begin(), shown.end(), '\n', ' ');
    const std::string from =
        leaf.origin.is_override()
            ? (leaf.origin.option.empty() ? std::string("--set") : leaf.origin.option)
            : leaf.origin.file + ":" + std::to_string(leaf.origin.line);
    out.push_back(key + " = " + shown + "  # " + from);
  }
  return out;
}

model::Scenario parse_scenario(const std::string& text, const std::string& origin,
                               const std::vector<std::string>& overrides,
                               const std::string& base_dir, ScenarioWarnings* warnings) {
  return loader::load(
      text, origin, base_dir.empty() ? std::filesystem::path(".") : std::filesystem::path(base_dir),
      overrides, warnings);
}

std::string option_override(const std::string& option, const std::string& key,
                            const std::string& value) {
  return key + "=" + value + " # " + option + " " + value;
}

std::string parameter_reference() {
  return schema::reference_text();
}

}  // namespace gridplan::io
