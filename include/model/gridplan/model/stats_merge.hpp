// Element-wise merging of LPs' statistics. Every LP sizes a unit's vectors alike, so vectors of
// different sizes are a bug: merging throws rather than adding only the common part.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace gridplan::model {

/// Throws std::logic_error unless `a` and `b` have the same size; `what` names the tally.
inline void check_same_size(std::size_t a, std::size_t b, const char* what) {
  if (a != b)
    throw std::logic_error(std::string("merging statistics '") + what + "': sizes " +
                           std::to_string(a) + " and " + std::to_string(b) + " differ");
}

/// a[i] += b[i] for every i; throws if the sizes differ.
template <class T>
void add_into(std::vector<T>& a, const std::vector<T>& b, const char* what) {
  check_same_size(a.size(), b.size(), what);
  for (std::size_t i = 0; i < a.size(); ++i) a[i] += b[i];
}

/// Appends b's rows to a's.
template <class T>
void append_rows(std::vector<T>& a, const std::vector<T>& b) {
  a.insert(a.end(), b.begin(), b.end());
}

}  // namespace gridplan::model
