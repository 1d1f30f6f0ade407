// `gridplan init`: a new district's starting files from an existing scenario, the scenario's text
// with a grid register in place of its generated grids (docs/scenario.md, "A new district").
#pragma once

#include <string>

namespace gridplan::io {

/// The two files init_district writes.
struct InitFiles {
  std::string scenario;  ///< NAME.toml
  std::string grids;     ///< NAME-grids.csv
};

/// Writes NAME.toml (the text of `from` with [structure] register = "NAME-grids.csv") and
/// NAME-grids.csv (the register of the district `from` builds), each through a temporary renamed
/// into place. Throws OutputPathError for an existing file (unless `force`), the input itself or
/// an unwritable path, and ScenarioError for a bad or including scenario, before writing.
InitFiles init_district(const std::string& name, const std::string& from, bool force);

}  // namespace gridplan::io
