// A kernel context that records what a unit schedules instead of running it, so that a queue's
// discipline can be stepped through by hand.
#pragma once

#include <string>
#include <vector>

#include "gridplan/kernel/logical_process.hpp"

namespace gridplan::testing {

class RecordingContext final : public kernel::Context {
 public:
  RecordingContext() {
    static const std::string name = "test";
    static const std::string* names[] = {&name};
    bind(0, 60.0, names, 1);
  }
  std::vector<kernel::Event> posted;

 protected:
  void post(const kernel::Event& e) override { posted.push_back(e); }
};

}  // namespace gridplan::testing
