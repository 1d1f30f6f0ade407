// The engine factory: the one place that knows which engines this build has.
#include "gridplan/kernel/engine.hpp"

#include <stdexcept>

#include "gridplan/kernel/native_engine.hpp"

namespace gridplan::kernel {

std::unique_ptr<Engine> make_engine(const std::string& name) {
  if (name == "native") return std::make_unique<NativeEngine>();
  if (name == "simgrid")
    throw std::invalid_argument("engine 'simgrid' is not available yet in this build");
  throw std::invalid_argument("unknown engine '" + name + "' (available: native)");
}

}  // namespace gridplan::kernel
