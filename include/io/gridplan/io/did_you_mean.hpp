// Suggestions for a misspelt name (a drill, a street), with the scenario loader's distance, so
// that every layer suggests the same way.
#pragma once

#include <string>
#include <vector>

namespace gridplan::io {

/// " (did you mean 'x'?)" for the candidate nearest to `word` if it is a likely typo, else
/// "; known: a, b, c" listing every candidate (nothing if there is none).
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace gridplan::io
