// gridplan init: copies a scenario's text, points its [structure] at a register, and writes the
// register of the district it generates, so that nothing of the new district is inherited unseen.
#include "gridplan/io/district_init.hpp"

#include <filesystem>

#include "gridplan/io/grid_register.hpp"
#include "gridplan/io/output_file.hpp"
#include "gridplan/io/scenario_loader.hpp"
#include "gridplan/model/district.hpp"

namespace gridplan::io {

namespace {

namespace fs = std::filesystem;

std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

/// `text` with `register = "FILE"` as the first key of [structure] (replacing one given there).
std::string with_register(const std::string& text, const std::string& file,
                          const std::string& from) {
  const std::string key = "register = \"" + file + "\"  # written by gridplan init from " + from +
                          "; the streets' counts must agree with it\n";
  std::string out;
  bool in_structure = false, placed = false;
  std::size_t from_pos = 0;
  while (from_pos < text.size()) {
    std::size_t end = text.find('\n', from_pos);
    end = end == std::string::npos ? text.size() : end + 1;
    const std::string line = text.substr(from_pos, end - from_pos);
    from_pos = end;
    const std::string t = trimmed(line);
    if (!t.empty() && t[0] == '[') in_structure = t.rfind("[structure]", 0) == 0;
    if (in_structure && t.rfind("register", 0) == 0 && trimmed(t.substr(8)).rfind('=', 0) == 0)
      continue;  // the source's own register: replaced by the new one
    out += line;
    if (!out.empty() && out.back() != '\n') out += '\n';
    if (in_structure && !placed && t.rfind("[structure]", 0) == 0) out += key, placed = true;
  }
  if (!placed) out += "\n[structure]\n" + key;
  return out;
}

void refuse_existing(const std::string& path, bool force) {
  std::error_code ec;
  if (!force && fs::symlink_status(path, ec).type() != fs::file_type::not_found)
    throw OutputPathError("init: " + path + " exists; not overwriting it (give --force)");
}

}  // namespace

InitFiles init_district(const std::string& name, const std::string& from, bool force) {
  if (name.empty()) throw OutputPathError("init: NAME is empty");
  const InitFiles files{name + ".toml", name + "-grids.csv"};
  InputFiles inputs;
  inputs.add(from);
  for (const std::string* path : {&files.scenario, &files.grids}) {
    refuse_existing(*path, force);
    check_output_path(*path, inputs, "init");
  }
  const model::Scenario sc = load_scenario(from);
  if (sc.city) throw ScenarioError(from + " is a city: `gridplan init` starts from a district");
  if (!sc.included_files.empty())
    throw ScenarioError(from + ": includes " + sc.included_files.front() +
                        "; init copies one file's text, so give it a scenario without include");
  const model::District district = model::build_district(sc);
  const std::string register_name = fs::path(files.grids).filename().string();
  const std::string toml =
      "# Written by gridplan init from " + from + ": its every parameter, with the district's\n" +
      "# grids, communities and households in " + register_name + ".\n" +
      with_register(sc.source_text.substr(0, sc.source_text.rfind(kRegisterMarker)), register_name,
                    from);
  OutputFile grids(files.grids);
  grids.write(grid_register_csv(sc, district));
  OutputFile scenario(files.scenario);
  scenario.write(toml);
  grids.commit();
  scenario.commit();
  return files;
}

}  // namespace gridplan::io
