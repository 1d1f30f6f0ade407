// The whole parameter table, and its sections in the order the loader fills them: a section's
// rules may use the values of the sections before it (a category's handler needs the
// departments, a drill's area the streets). Each map section binds its vector and the member
// that takes an entry's table name; rules over a whole section are reported at its table.
#include <cmath>

#include "scenario_schema.hpp"

namespace gridplan::io::schema {

namespace {

#define M(S, m) GRIDPLAN_MEMBER(S, m)

SectionProblem streets_fit_the_district(const model::Scenario& sc) {
  if (sc.streets.empty())
    return {"streets", "streets", "at least one street is required (a [streets.<name>] table)"};
  long communities = 0, grids = 0;
  for (const model::StreetSpec& s : sc.streets) {
    communities += s.communities;
    grids += s.basic_grids;
  }
  if (communities > kMaxDistrictCommunities)
    return {"streets", "streets",
            "the streets' communities sum to " + std::to_string(communities) + "; at most " +
                std::to_string(kMaxDistrictCommunities) +
                " (mediation centres are numbered in 16 bits)"};
  if (grids > kMaxDistrictGrids)
    return {"streets", "streets",
            "the streets' basic_grids sum to " + std::to_string(grids) + "; at most " +
                std::to_string(kMaxDistrictGrids) +
                " (grids are numbered in 24 bits in replayed cases, and every logical process "
                "keeps per-grid tallies)"};
  return {};
}

/// The expected cases of the whole run stay within the model's 32-bit tallies.
SectionProblem run_cases_fit_tallies(const model::Scenario& sc) {
  double per_year = 0;
  for (const model::SourceSpec& s : sc.sources) per_year += s.per_year;
  const double expected = per_year * sc.days / 365.0;
  if (!(expected > kMaxRunCases)) return {};
  return {"sources", "sources",
          "per_year sums to " + format_number(per_year) + ", so " + std::to_string(sc.days) +
              " days expect " + format_number(expected) + " cases; at most " +
              format_number(kMaxRunCases) +
              " (daily, per-grid and per-office tallies are 32-bit): lower per_year or "
              "scenario.days"};
}

SectionProblem dispute_types_cover_disputes(const model::Scenario& sc) {
  const model::MediationSpec& m = sc.mediation;
  if (m.enabled && m.types.empty())
    return {"mediation", "mediation.dispute_types",
            "mediation is enabled but no [mediation.dispute_types.<name>] is given"};
  double total = 0;
  for (const model::DisputeTypeSpec& t : m.types) total += t.share;
  if (!m.types.empty() && std::fabs(total - 1.0) > 1e-6)
    return {"mediation", "mediation.dispute_types",
            "the dispute type shares must sum to 1, got " + format_number(total)};
  return {};
}

std::vector<Section> build_sections() {
  const auto mediation = [](auto member) { return at(M(Scenario, mediation), member); };
  return {
      plain_section("scenario"),
      plain_section("calendar"),
      map_section("streets", at(M(Scenario, streets)), M(StreetSpec, name),
                  streets_fit_the_district),
      plain_section("structure"),  // after the streets: its declared totals are their sums
      plain_section("street_office"),
      map_section("departments", at(M(Scenario, departments)), M(DepartmentSpec, name)),
      map_section("categories", at(M(Scenario, categories)), M(CategorySpec, name)),
      map_section("sources", at(M(Scenario, sources)), M(SourceSpec, name), run_cases_fit_tallies),
      plain_section("grid_worker"),
      plain_section("platform"),
      plain_section("whistle"),
      plain_section("mediation"),
      map_section("mediation.rota", mediation(M(MediationSpec, rota)), M(ProfessionSpec, name)),
      map_section("mediation.dispute_types", mediation(M(MediationSpec, types)),
                  M(DisputeTypeSpec, name), dispute_types_cover_disputes),
      map_section("mediation.rooms", mediation(M(MediationSpec, rooms)), M(RoomSpec, name)),
      map_section("emergency_teams", at(M(Scenario, teams)), M(TeamGroupSpec, name)),
      plain_section("emergency"),
      map_section("emergency.drills", at(M(Scenario, emergencies)), M(EmergencySpec, name),
                  drills_apart),
  };
}

std::vector<Parameter> build_parameters() {
  std::vector<Parameter> all;
  for (auto part : {run_parameters, district_parameters, source_parameters, mediation_parameters,
                    emergency_parameters, whistle_parameters}) {
    std::vector<Parameter> entries = part();
    all.insert(all.end(), std::make_move_iterator(entries.begin()),
               std::make_move_iterator(entries.end()));
  }
  return all;
}

/// Whether `key` lies in the section `path`, and how long the match is (0: not).
std::size_t match_length(std::string_view key, std::string_view path) {
  if (key.size() <= path.size() || key.substr(0, path.size()) != path || key[path.size()] != '.')
    return 0;
  return path.size();
}

}  // namespace

const std::vector<Parameter>& parameters() {
  static const std::vector<Parameter> table = build_parameters();
  return table;
}

const std::vector<Section>& sections() {
  static const std::vector<Section> list = build_sections();
  return list;
}

const Section* section_of(const Parameter& parameter) {
  const Section* best = nullptr;
  std::size_t best_length = 0;
  for (const Section& s : sections())
    if (const std::size_t n = match_length(parameter.key, s.path); n > best_length) {
      best = &s;
      best_length = n;
    }
  return best;
}

std::vector<const Parameter*> parameters_of(const Section& section) {
  std::vector<const Parameter*> out;
  for (const Parameter& p : parameters())
    if (section_of(p) == &section) out.push_back(&p);
  return out;
}

const std::vector<Member<model::ShiftSpec, double>>& shift_fields() {
  static const std::vector<Member<model::ShiftSpec, double>> fields = {
      M(ShiftSpec, working_start_hour),
      M(ShiftSpec, working_hours),
      M(ShiftSpec, rest_start_hour),
      M(ShiftSpec, rest_hours),
  };
  return fields;
}

#undef M

}  // namespace gridplan::io::schema
