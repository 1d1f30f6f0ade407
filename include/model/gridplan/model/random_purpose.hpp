// What each random draw is for: the purpose component of every counter-based stream key, so
// that a draw keeps its value when unrelated parts of the model change (common random numbers).
#pragma once

#include <cstdint>

namespace gridplan::model {

enum RandomPurpose : std::uint32_t {
  kStructure = 1,         ///< households and case rates of grids (entity: street)
  kArrivals = 2,          ///< inter-arrival times (entity: source << 16 | generating LP)
  kCaseAttributes = 3,    ///< category, grid, settle decision (entity: case id)
  kCaseWork = 4,          ///< work and lead times (entity: case id, index: reopen count)
  kCaseVerification = 5,  ///< verification time and outcome (entity: case id, index: reopen)
  kCaseWhistle = 6,       ///< whistle reports, work and outcomes (entity: case id, index: step)
  kCaseMediation = 7,     ///< dispute type, sessions and outcomes (entity: case id, index: level)
  kEmergency = 8,         ///< mobilisation and visits (entity: drill << 32 | person)
  kCaseHandler = 9,       ///< handler of a category with several (entity: case id, index 0)
  kCaseSettleLead = 10,   ///< lead time of a settle in the grid (entity: case id)
  kCentreArrivals = 11,   ///< a city hotline centre's inter-arrival times (entity: 0)
  kCentreCall = 12,       ///< a centre call's fate: answered, district, delay (entity: call)
};

}  // namespace gridplan::model
