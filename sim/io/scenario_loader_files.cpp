// Scenario files: reading them (regular files only, at most 16 MiB, UTF-8), TOML syntax errors,
// and the include chain.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "scenario_loader_internal.hpp"

namespace gridplan::io::loader {

namespace fs = std::filesystem;

namespace {

// A scenario is a few hundred lines; a bigger "scenario" is a mistake (a log, a disk image).
constexpr std::size_t kMaxScenarioBytes = std::size_t{16} << 20;

/// "a directory", "a FIFO"...: what a path that is not a regular file is.
std::string file_kind(fs::file_type type) {
  switch (type) {
    case fs::file_type::directory:
      return "a directory";
    case fs::file_type::fifo:
      return "a FIFO";
    case fs::file_type::character:
      return "a character device";
    case fs::file_type::block:
      return "a block device";
    case fs::file_type::socket:
      return "a socket";
    default:
      return "not a regular file";
  }
}

}  // namespace

// Only regular files: a FIFO or a device (/dev/zero) could block or never end.
bool read_file(const std::string& path, std::string& text, std::string& error) {
  const auto cannot = [&](const std::string& reason) {
    error = "cannot open scenario file " + in_quotes(path) + ": " + reason;
    return false;
  };
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec && status.type() != fs::file_type::not_found) return cannot(ec.message());
  if (!fs::exists(status)) return cannot(std::strerror(ENOENT));
  if (!fs::is_regular_file(status))
    return cannot("it is " + file_kind(status.type()) + ", not a regular file");
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                       &std::fclose);
  if (!file) return cannot(std::strerror(errno));
  text.clear();
  char buffer[1 << 16];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0;) {
    text.append(buffer, n);
    if (text.size() > kMaxScenarioBytes)
      return cannot("larger than " + std::to_string(kMaxScenarioBytes >> 20) +
                    " MiB: not a scenario");
  }
  if (std::ferror(file.get())) return cannot(std::strerror(errno));
  return true;
}

std::unique_ptr<toml::table> try_parse_toml(std::string_view text, const std::string& file,
                                            SyntaxError& error) {
#if TOML_EXCEPTIONS
  try {
    return std::make_unique<toml::table>(toml::parse(text, file));
  } catch (const toml::parse_error& e) {
    error = {std::string(e.description()), e.source().begin};
    return nullptr;
  }
#else
  toml::parse_result result = toml::parse(text, file);
  if (result) return std::make_unique<toml::table>(std::move(result).table());
  error = {std::string(result.error().description()), result.error().source().begin};
  return nullptr;
#endif
}

namespace {

/// The length of the UTF-8 sequence at `text[i]`, or 0 if it is not valid UTF-8 (overlong
/// forms, surrogates and code points past U+10FFFF included).
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char c = byte(i);
  if (c < 0x80) return 1;
  const std::size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
  if (n == 0 || c > 0xF4 || i + n > text.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  const unsigned char d = byte(i + 1);
  if ((c == 0xE0 && d < 0xA0) || (c == 0xED && d > 0x9F) || (c == 0xF0 && d < 0x90) ||
      (c == 0xF4 && d > 0x8F))
    return 0;
  return n;
}

/// TOML is UTF-8: a bad byte is reported on its own line (the parser's position can lag a line
/// behind it).
void check_utf8(std::string_view text, const std::string& file) {
  int line = 1;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = utf8_length(text, i);
    if (n == 0) {
      char byte[8];
      std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[i]));
      throw ScenarioError(file + ":" + std::to_string(line) + ": syntax error: byte " + byte +
                          " is not UTF-8 (a scenario is UTF-8 text)");
    }
    if (text[i] == '\n') ++line;
    i += n;
  }
}

}  // namespace

std::unique_ptr<toml::table> parse_toml(std::string_view text, const std::string& file) {
  check_utf8(text, file);
  SyntaxError error;
  auto table = try_parse_toml(text, file, error);
  if (!table)
    throw ScenarioError(file + ":" + std::to_string(error.where.line) + ": syntax error: " +
                        error.description + " (column " + std::to_string(error.where.column) + ")");
  return table;
}

namespace {

/// The include chain being read: for cycle detection and the provenance text.
struct IncludeState {
  std::vector<fs::path> identities;  // canonical paths of the files being read, outermost first
  std::vector<std::string> shown;    // the same, as shown in messages
};

fs::path identity_of(const fs::path& path) {
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(path, ec);
  return ec ? fs::absolute(path).lexically_normal() : canonical;
}

void load_layer(std::string_view text, const std::string& file, const fs::path& base_dir,
                IncludeState& state, Merged& merged);

/// Reads the file named by an `include` key before the file that names it.
void load_include(const toml::node& include, const std::string& file, const fs::path& base_dir,
                  IncludeState& state, Merged& merged) {
  const Origin at{file, line_of(include)};
  if (!include.is_string()) fail(at, "include", expected_got("a string (a file path)", include));
  const std::string& value = include.as_string()->get();
  if (value.empty()) return;
  const fs::path target = base_dir / value;
  const std::string shown = target.lexically_normal().string();
  const fs::path identity = identity_of(target);
  const auto loop = std::find(state.identities.begin(), state.identities.end(), identity);
  if (loop != state.identities.end()) {
    std::string chain;
    for (auto i = state.shown.begin() + (loop - state.identities.begin()); i != state.shown.end();
         ++i)
      chain += *i + " -> ";
    fail(at, "include", "include cycle: " + chain + shown);
  }
  std::string included, error;
  if (!read_file(shown, included, error)) fail(at, "include", error);
  merged.included_files.push_back(shown);
  merged.source_text += "# ---- included: " + shown + " ----\n" + included;
  if (!included.empty() && included.back() != '\n') merged.source_text += '\n';
  state.identities.push_back(identity);
  state.shown.push_back(shown);
  load_layer(included, shown, target.parent_path(), state, merged);
  state.identities.pop_back();
  state.shown.pop_back();
}

/// Whether `key` is `prefix` or lies under it ("streets.heyuan" under "streets").
bool under(const std::string& key, const std::string& prefix) {
  return key == prefix || (key.size() > prefix.size() &&
                           key.compare(0, prefix.size(), prefix) == 0 && key[prefix.size()] == '.');
}

/// `drop = ["streets.heyuan", "emergency.drills"]`: removes what the included files set under
/// each prefix, a map entry (with its place in the map's order) or a whole section, before this
/// file's own keys are read; a section dropped whole can then be written anew.
void drop_included(const toml::node& drop, const std::string& file, Merged& merged) {
  const Origin at{file, line_of(drop)};
  const toml::array* list = drop.as_array();
  if (!list) fail(at, "drop", expected_got("an array of keys, e.g. [\"streets.heyuan\"]", drop));
  for (const toml::node& item : *list) {
    if (!item.is_string()) fail(at, "drop", expected_got("a key as a string", item));
    const std::string prefix = item.as_string()->get();
    bool found = false;
    for (auto it = merged.leaves.begin(); it != merged.leaves.end();)
      if (under(it->first, prefix)) {
        it = merged.leaves.erase(it);
        found = true;
      } else {
        ++it;
      }
    for (auto it = merged.tables.begin(); it != merged.tables.end();)
      if (under(it->first, prefix)) {
        it = merged.tables.erase(it);
        found = true;
      } else {
        ++it;
      }
    for (auto& [map, names] : merged.entries) {
      if (under(map, prefix)) {
        names.clear();
        continue;
      }
      names.erase(std::remove_if(names.begin(), names.end(),
                                 [&](const std::string& n) { return map + "." + n == prefix; }),
                  names.end());
    }
    if (!found) fail(at, "drop", "\"" + prefix + "\" names nothing the included files set");
  }
}

/// One file of the include chain: its base first, then its own keys over the base's.
void load_layer(std::string_view text, const std::string& file, const fs::path& base_dir,
                IncludeState& state, Merged& merged) {
  merged.documents.push_back(parse_toml(text, file));
  const toml::table& table = *merged.documents.back();
  if (const toml::node* include = table.get("include"))
    load_include(*include, file, base_dir, state, merged);
  if (const toml::node* drop = table.get("drop")) {
    if (!table.get("include"))
      fail(Origin{file, line_of(*drop)}, "drop", "only a file with include can drop keys");
    drop_included(*drop, file, merged);
  }
  flatten(table, schema::key_tree(), "", file, merged);
}

}  // namespace

void load_files(std::string_view text, const std::string& origin, const fs::path& base_dir,
                Merged& merged) {
  IncludeState state;
  state.identities.push_back(identity_of(base_dir / fs::path(origin).filename()));
  state.shown.push_back(origin);
  load_layer(text, origin, base_dir, state, merged);
}

}  // namespace gridplan::io::loader
