// `--set KEY=VALUE` overrides, and the check of an override on its own (sweep files).
#include <algorithm>
#include <cctype>

#include "scenario_loader_internal.hpp"

namespace gridplan::io {
namespace loader {

namespace {

std::string trim(std::string_view text) {
  const auto begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return "";
  const auto end = text.find_last_not_of(" \t");
  return std::string(text.substr(begin, end - begin + 1));
}

/// A word that cannot be meant as anything but a string (police, hongqiao-2024, 和苑). It must
/// start with a letter: a mistyped number or date (2023-02-30) gets the TOML error instead.
bool is_bare_word(const std::string& value) {
  if (value.empty()) return false;
  const auto first = static_cast<unsigned char>(value.front());
  if (!(first >= 0x80 || std::isalpha(first) || first == '_')) return false;
  return std::all_of(value.begin(), value.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || std::isalnum(u) ||
           std::string_view("_-.:/+").find(c) != std::string_view::npos;
  });
}

/// The override's value as a TOML node owned by `merged`.
const toml::node* parse_override_value(const Origin& at, const std::string& key,
                                       const std::string& value, Merged& merged) {
  SyntaxError error;
  auto document = try_parse_toml("v = " + value + "\n", "--set", error);
  if (!document && is_bare_word(value)) {
    document = std::make_unique<toml::table>();
    document->insert("v", value);
  }
  if (!document)
    fail(at, key,
         "bad value " + in_quotes(value) + ": " + error.description +
             "; write the value in TOML syntax (strings in double quotes)");
  // "1\nseed = 2" parses, as two keys: one --set is one value.
  if (document->size() != 1 || !document->contains("v"))
    fail(at, key, "bad value " + in_quotes(value) + ": more than one value");
  merged.documents.push_back(std::move(document));
  return merged.documents.back()->get("v");
}

/// The declared leaf that `key` names; with `entries_known`, every map entry on the way must
/// exist.
const KeyNode& resolve_override_key(const Origin& at, const std::string& key, const Merged& merged,
                                    bool entries_known = true) {
  const KeyNode* node = &schema::key_tree();
  std::string prefix;
  for (std::size_t begin = 0; begin <= key.size();) {
    const std::size_t dot = std::min(key.find('.', begin), key.size());
    const std::string part = key.substr(begin, dot - begin);
    if (node->parameter)
      fail(at, key,
           prefix + " is one value: set it whole, as " +
               schema::expected_name(node->parameter->type));
    const KeyNode* next = node->child(part);
    if (!next) fail(at, key, "unknown key" + suggestion(suggest_key(*node, prefix, part)));
    if (next->name == "*" && entries_known) {
      const auto found = merged.entries.find(prefix);
      const std::vector<std::string> names =
          found == merged.entries.end() ? std::vector<std::string>{} : found->second;
      if (std::find(names.begin(), names.end(), part) == names.end())
        fail(at, key,
             "no entry " + in_quotes(part) + " in [" + prefix + "]" +
                 suggestion(schema::nearest(part, names)));
    }
    node = next;
    prefix = join(prefix, part);
    begin = dot + 1;
  }
  if (!node->parameter) {
    // Name a real key under it, so that the message shows what to write.
    const KeyNode* leaf = node;
    std::string example = prefix;
    while (!leaf->parameter) {
      leaf = leaf->children.front().get();
      const auto names = merged.entries.find(example);
      const bool entry =
          leaf->name == "*" && names != merged.entries.end() && !names->second.empty();
      example = join(example, entry               ? names->second.front()
                              : leaf->name == "*" ? "<name>"
                                                  : leaf->name);
    }
    fail(at, key, "a table, not a parameter: set one of its keys, e.g. " + example);
  }
  if (!node->parameter->settable)
    fail(at, key, "cannot be overridden: includes are read before the overrides");
  return *node;
}

/// The option an override stands for: "KEY=V # --days V" (option_override) -> "--days V",
/// with `value` cut to V; anything else -> "" (a plain --set).
std::string take_option_label(std::string& value) {
  const std::size_t mark = value.rfind(" # --");
  if (mark == std::string::npos) return "";
  const std::string label = value.substr(mark + 3), plain = trim(value.substr(0, mark));
  const std::size_t blank = label.find(' ');
  const bool option_name =
      blank != std::string::npos && label.find_first_not_of("-abcdefghijklmnopqrstuvwxyz") == blank;
  if (!option_name || label.substr(blank + 1) != plain) return "";
  value = plain;
  return label;
}

/// "KEY=VALUE" split at the first '='.
std::pair<std::string, std::string> split_override(const std::string& text) {
  const auto equals = text.find('=');
  const std::string key = trim(text.substr(0, equals));
  if (equals == std::string::npos || key.empty())
    fail(Origin{}, trim(text), "expected KEY=VALUE (e.g. --set scenario.days=30)");
  return {key, trim(std::string_view(text).substr(equals + 1))};
}

}  // namespace

void apply_override(const std::string& text, Merged& merged) {
  auto [key, value] = split_override(text);
  const Origin at{"", 0, take_option_label(value)};
  resolve_override_key(at, key, merged);
  const Leaf replacement{parse_override_value(at, key, value, merged), at};
  // The replaced value is still checked later: a broken file stays broken under any override.
  if (auto old = merged.leaves.find(key); old != merged.leaves.end())
    merged.shadowed.emplace_back(key, old->second);
  merged.leaves[key] = replacement;
  // A key given in another form (handlers for handler) replaces that form too.
  if (const std::string_view other = parameter_of(key).instead_of; !other.empty()) {
    const std::string sibling = key.substr(0, key.rfind('.') + 1) + std::string(other);
    if (auto old = merged.leaves.find(sibling); old != merged.leaves.end()) {
      merged.shadowed.emplace_back(sibling, old->second);
      merged.leaves.erase(old);
    }
  }
}

}  // namespace loader

std::optional<OverrideProblem> check_override(const std::string& text) {
  using namespace loader;
  Merged merged;
  try {
    const auto [key, value] = split_override(text);
    const Origin at{};
    const KeyNode& leaf = resolve_override_key(at, key, merged, false);
    const toml::node* node = parse_override_value(at, key, value, merged);
    merged.leaves[key] = Leaf{node, at, false};
    // Without a scenario, the categories of a shares table are the ones it names.
    if (const toml::table* shares = node->as_table();
        shares && leaf.parameter->type == Type::kShares)
      for (const Child& c : children_in_file_order(*shares))
        merged.entries["categories"].push_back(c.name);
    Reader(merged).value(key);
  } catch (const LocatedError& e) {
    return OverrideProblem{e.key, e.reason};
  }
  return std::nullopt;
}

}  // namespace gridplan::io
