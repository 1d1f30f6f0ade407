// The parameters of the three-level dispute mediation centres: [mediation], its levels, its
// dispute types, the street centres' rota and the specialist rooms of street and community
// centres.
#include <algorithm>
#include <iterator>

#include "scenario_schema.hpp"

namespace gridplan::io::schema {

namespace {

#define M(S, m) GRIDPLAN_MEMBER(S, m)

std::string dispute_category_exists(const model::Scenario& sc, std::size_t) {
  const model::MediationSpec& m = sc.mediation;
  if (!m.enabled || std::any_of(sc.categories.begin(), sc.categories.end(),
                                [&](const auto& c) { return c.name == m.dispute_category; }))
    return "";
  return "unknown category \"" + m.dispute_category + "\"";
}

/// Whether `name` is "" or the name of an entry of `list`.
template <class List>
bool none_or_known(const List& list, const std::string& name) {
  return name.empty() ||
         std::any_of(list.begin(), list.end(), [&](const auto& e) { return e.name == name; });
}

std::string profession_on_rota(const model::Scenario& sc, std::size_t entry) {
  const std::string& profession = sc.mediation.types.at(entry).profession;
  if (none_or_known(sc.mediation.rota, profession)) return "";
  return "unknown profession \"" + profession + "\": not in [mediation.rota]";
}

std::string room_type_declared(const model::Scenario& sc, std::size_t entry) {
  const std::string& type = sc.mediation.rooms.at(entry).type;
  if (!type.empty() && none_or_known(sc.mediation.types, type)) return "";
  return "unknown dispute type \"" + type + "\": not in [mediation.dispute_types]";
}

/// "all" -> every street (empty); "heyuan+xigu" -> those streets, each declared in [streets].
std::string room_streets(const Value& value, const model::Scenario& sc,
                         std::vector<std::string>& streets) {
  const std::string& text = std::get<std::string>(value);
  streets.clear();
  if (text == "all") return "";
  std::size_t from = 0;
  while (from <= text.size()) {
    const std::size_t plus = std::min(text.find('+', from), text.size());
    const std::string name = text.substr(from, plus - from);
    if (name.empty() || !none_or_known(sc.streets, name)) {
      std::vector<std::string> names;
      for (const model::StreetSpec& st : sc.streets) names.push_back(st.name);
      return "unknown street \"" + name + "\"" + suggestion(nearest(name, names)) +
             ": expected \"all\" or [streets] names joined by +";
    }
    if (std::find(streets.begin(), streets.end(), name) != streets.end())
      return "street \"" + name + "\" named twice";
    streets.push_back(name);
    from = plus + 1;
  }
  return "";
}

/// Whether room `r` is at the centres of `street` (a name).
bool hosts(const model::RoomSpec& r, const std::string& street) {
  return r.streets.empty() ||
         std::find(r.streets.begin(), r.streets.end(), street) != r.streets.end();
}

/// A dispute is matched to the one room of its type at its centre: no two rooms of one type and
/// level share a street.
std::string one_room_per_type(const model::Scenario& sc, std::size_t entry) {
  const auto& rooms = sc.mediation.rooms;
  const model::RoomSpec& r = rooms.at(entry);
  for (std::size_t k = 0; k < entry; ++k) {
    if (rooms[k].type != r.type || rooms[k].level != r.level) continue;
    for (const model::StreetSpec& s : sc.streets)
      if (hosts(r, s.name) && hosts(rooms[k], s.name))
        return "room \"" + rooms[k].name + "\" already takes " + r.type + " disputes at " +
               r.level + " centres of street \"" + s.name + "\"";
  }
  return "";
}

/// "mon+tue" -> weekdays, Monday first.
std::string weekdays(const Value& value, const model::Scenario&, std::array<bool, 7>& days) {
  static const char* kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  const std::string& text = std::get<std::string>(value);
  days = {};
  std::size_t from = 0;
  while (from <= text.size()) {
    const std::size_t plus = std::min(text.find('+', from), text.size());
    const std::string day = text.substr(from, plus - from);
    const auto it = std::find(std::begin(kDays), std::end(kDays), day);
    if (it == std::end(kDays))
      return "unknown weekday \"" + day +
             "\": expected mon, tue, wed, thu, fri, sat or sun joined by +";
    days[static_cast<std::size_t>(it - std::begin(kDays))] = true;
    from = plus + 1;
  }
  return "";
}

}  // namespace

std::vector<Parameter> mediation_parameters() {
  using T = Type;
  const auto mediation = [](auto member) { return at(M(Scenario, mediation), member); };
  const auto community = [](auto member) {
    return at(M(Scenario, mediation), M(MediationSpec, community), member);
  };
  const auto street = [](auto member) {
    return at(M(Scenario, mediation), M(MediationSpec, street), member);
  };
  const auto district = [](auto member) {
    return at(M(Scenario, mediation), M(MediationSpec, district), member);
  };
  const auto type = [](auto member) {
    return at(M(Scenario, mediation), M(MediationSpec, types), each, member);
  };
  const auto rota = [](auto member) {
    return at(M(Scenario, mediation), M(MediationSpec, rota), each, member);
  };
  const auto room = [](auto member) {
    return at(M(Scenario, mediation), M(MediationSpec, rooms), each, member);
  };
  return {
      {.key = "mediation.enabled",
       .type = T::kBool,
       .unit = "-",
       .default_toml = "false",
       .help = "run the three-level mediation centres (docs/model.md, \"Mediation\")",
       .field = bind(mediation(M(MediationSpec, enabled)))},
      {.key = "mediation.dispute_category",
       .type = T::kString,
       .unit = "-",
       .default_toml = "\"dispute\"",
       .help = "the case category that mediation takes",
       .constraint = "<category>",
       .field = bind(mediation(M(MediationSpec, dispute_category))),
       .rule = dispute_category_exists},
      {.key = "mediation.referral_share",
       .type = T::kFloat,
       .unit = "share",
       .min = ge(0),
       .max = le(1),
       .default_toml = "0.25",
       .help = "share of dispatched dispute-category cases referred to mediation",
       .field = bind(mediation(M(MediationSpec, referral_share)))},
      {.key = "mediation.review_hour",
       .type = T::kFloat,
       .unit = "hour",
       .min = ge(0),
       .max = lt(24),
       .default_toml = "9.0",
       .help = "hour of the daily review (日研判) that decides outcomes and escalations",
       .field = bind(mediation(M(MediationSpec, review_hour)))},
      {.key = "mediation.weekly_dispatch",
       .type = T::kBool,
       .unit = "-",
       .default_toml = "true",
       .help = "weekly dispatch (周调度): rebalance waiting disputes between a street's "
               "community centres every Monday at the review hour",
       .field = bind(mediation(M(MediationSpec, weekly_dispatch)))},
      {.key = "mediation.hours",
       .type = T::kShift,
       .unit = "hours",
       .default_toml = "{ working_start_hour = 8.5, working_hours = 8, rest_start_hour = 9, "
                       "rest_hours = 0 }",
       .help = "opening hours of every mediation centre",
       .field = bind(mediation(M(MediationSpec, hours)))},
      {.key = "mediation.community.mediators",
       .type = T::kInt,
       .unit = "persons",
       .min = ge(0),
       .max = le(100000),
       .default_toml = "1",
       .help = "mediators per community centre; at most 100,000 like office_staff",
       .field = bind(community(M(MediationLevelSpec, mediators)))},
      {.key = "mediation.community.mediator_hours",
       .type = T::kDistribution,
       .unit = "hours",
       .default_toml = "{ dist = \"fixed\", value = 2.0 }",
       .help = "mediators' time per dispute at a community centre",
       .field = bind(community(M(MediationLevelSpec, mediator_hours)))},
      {.key = "mediation.community.duration_working_days",
       .type = T::kDistribution,
       .unit = "working days",
       .default_toml = "{ dist = \"fixed\", value = 5.0 }",
       .help = "from the first session to the outcome at a community centre",
       .field = bind(community(M(MediationLevelSpec, duration_working_days)))},
      {.key = "mediation.community.p_resolve",
       .type = T::kFloat,
       .unit = "probability",
       .min = ge(0),
       .max = le(1),
       .default_toml = "0.5",
       .help = "probability a community centre resolves a dispute",
       .field = bind(community(M(MediationLevelSpec, p_resolve)))},
      {.key = "mediation.street.mediators",
       .type = T::kInt,
       .unit = "persons",
       .min = ge(0),
       .max = le(100000),
       .default_toml = "2",
       .help = "general mediators per street centre; at most 100,000 like office_staff",
       .field = bind(street(M(MediationLevelSpec, mediators)))},
      {.key = "mediation.street.mediator_hours",
       .type = T::kDistribution,
       .unit = "hours",
       .default_toml = "{ dist = \"fixed\", value = 3.0 }",
       .help = "mediators' time per dispute at a street centre",
       .field = bind(street(M(MediationLevelSpec, mediator_hours)))},
      {.key = "mediation.street.duration_working_days",
       .type = T::kDistribution,
       .unit = "working days",
       .default_toml = "{ dist = \"fixed\", value = 7.0 }",
       .help = "from the first session to the outcome at a street centre",
       .field = bind(street(M(MediationLevelSpec, duration_working_days)))},
      {.key = "mediation.street.p_resolve",
       .type = T::kFloat,
       .unit = "probability",
       .min = ge(0),
       .max = le(1),
       .default_toml = "0.5",
       .help = "probability a street centre resolves a dispute",
       .field = bind(street(M(MediationLevelSpec, p_resolve)))},
      {.key = "mediation.district.mediators",
       .type = T::kInt,
       .unit = "persons",
       .min = ge(0),
       .max = le(100000),
       .default_toml = "3",
       .help = "mediators at the district centre; at most 100,000 like office_staff",
       .field = bind(district(M(MediationLevelSpec, mediators)))},
      {.key = "mediation.district.mediator_hours",
       .type = T::kDistribution,
       .unit = "hours",
       .default_toml = "{ dist = \"fixed\", value = 4.0 }",
       .help = "mediators' time per dispute at the district centre",
       .field = bind(district(M(MediationLevelSpec, mediator_hours)))},
      {.key = "mediation.district.duration_working_days",
       .type = T::kDistribution,
       .unit = "working days",
       .default_toml = "{ dist = \"fixed\", value = 10.0 }",
       .help = "from the first session to the outcome at the district centre",
       .field = bind(district(M(MediationLevelSpec, duration_working_days)))},
      {.key = "mediation.district.p_resolve",
       .type = T::kFloat,
       .unit = "probability",
       .min = ge(0),
       .max = le(1),
       .default_toml = "0.4",
       .help = "probability the district centre resolves a dispute",
       .field = bind(district(M(MediationLevelSpec, p_resolve)))},
      {.key = "mediation.dispute_types.*.share",
       .type = T::kFloat,
       .unit = "share",
       .min = ge(0),
       .max = le(1),
       .required = true,
       .help = "share of disputes of this type",
       .constraint = "sum 1",
       .field = bind(type(M(DisputeTypeSpec, share)))},
      {.key = "mediation.dispute_types.*.profession",
       .type = T::kString,
       .unit = "-",
       .default_toml = "\"\"",
       .help = "profession the street centre needs for it (waits for its rota day)",
       .constraint = "\"\"|<rota entry>",
       .field = bind(type(M(DisputeTypeSpec, profession))),
       .rule = profession_on_rota},
      {.key = "mediation.dispute_types.*.resolve_factor",
       .type = T::kFloat,
       .unit = "factor",
       .min = ge(0),
       .default_toml = "1.0",
       .help = "multiplies a level's p_resolve for this type when a general mediator takes it "
               "(capped at 1); a room's p_resolve replaces both",
       .field = bind(type(M(DisputeTypeSpec, resolve_factor)))},
      {.key = "mediation.rota.*.weekdays",
       .type = T::kString,
       .unit = "-",
       .required = true,
       .help = "days of the week the profession sits at street centres, e.g. \"mon+tue\"",
       .constraint = "mon|tue|wed|thu|fri|sat|sun joined by +",
       .field = bind_with(weekdays, rota(M(ProfessionSpec, weekdays)))},
      {.key = "mediation.rota.*.on_rest_days",
       .type = T::kBool,
       .unit = "-",
       .default_toml = "false",
       .help = "true: present on its weekdays even when they are holidays or rest days",
       .field = bind(rota(M(ProfessionSpec, on_rest_days)))},
      {.key = "mediation.rooms.*.type",
       .type = T::kString,
       .unit = "-",
       .default_toml = "\"\"",
       .required = true,
       .help = "the dispute type the room takes: a dispute of this type at a centre hosting the "
               "room queues for the room's mediators instead of the general ones",
       .constraint = "<dispute type>",
       .field = bind(room(M(RoomSpec, type))),
       .rule = room_type_declared},
      {.key = "mediation.rooms.*.mediators",
       .type = T::kInt,
       .unit = "persons",
       .min = ge(0),
       .max = le(100000),
       .default_toml = "1",
       .required = true,
       .help = "mediators of this specialist room at each centre hosting it (part-time experts "
               "as full-time equivalents); at most 100,000 like office_staff; at most 15 rooms",
       .field = bind(room(M(RoomSpec, mediators)))},
      {.key = "mediation.rooms.*.p_resolve",
       .type = T::kFloat,
       .unit = "probability",
       .min = ge(0),
       .max = le(1),
       .default_toml = "0.5",
       .required = true,
       .help = "probability the room resolves a dispute it mediates; replaces the level's "
               "p_resolve and the type's resolve_factor",
       .field = bind(room(M(RoomSpec, p_resolve)))},
      {.key = "mediation.rooms.*.level",
       .type = T::kChoice,
       .unit = "-",
       .default_toml = "\"street\"",
       .help = "the centres that host the room: the street centre or every community centre of "
               "each street in `streets`",
       .choices = {"street", "community"},
       .field = bind(room(M(RoomSpec, level)))},
      {.key = "mediation.rooms.*.streets",
       .type = T::kString,
       .unit = "-",
       .default_toml = "\"all\"",
       .help = "the streets whose centres host the room, e.g. \"heyuan+xigu\"; one room per "
               "dispute type and level at a street",
       .constraint = "\"all\"|<street> joined by +",
       .field = bind_with(room_streets, room(M(RoomSpec, streets))),
       .rule = one_room_per_type},
  };
}

#undef M

}  // namespace gridplan::io::schema
