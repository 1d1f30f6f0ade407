// did_you_mean: the schema's edit distance (scenario_schema.hpp) behind a public function.
#include "gridplan/io/did_you_mean.hpp"

#include "scenario_schema.hpp"

namespace gridplan::io {

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  if (const auto near = schema::nearest(word, candidates)) return schema::suggestion(near);
  // No likely typo: list them, so that the right name is one look away.
  std::string known;
  for (const std::string& c : candidates) known += (known.empty() ? "; known: " : ", ") + c;
  return known;
}

}  // namespace gridplan::io
