// The engine factory: the one place that knows which engines this build has.
#include "gridplan/kernel/engine.hpp"

#include <stdexcept>

#include "gridplan/kernel/native_engine.hpp"
#include "gridplan/kernel/simgrid_engine.hpp"

namespace gridplan::kernel {

std::unique_ptr<Engine> make_engine(const std::string& name) {
  if (name == "native") return std::make_unique<NativeEngine>();
  if (name == "simgrid") {
    if (!simgrid_engine_available())
      throw std::invalid_argument(
          "engine 'simgrid' is not available: this gridplan was built without SimGrid "
          "(install libsimgrid-dev and reconfigure with -DGRIDPLAN_WITH_SIMGRID=ON)");
    return std::make_unique<SimGridEngine>();
  }
  throw std::invalid_argument("unknown engine '" + name + "' (available: native" +
                              (simgrid_engine_available() ? ", simgrid)" : ")"));
}

}  // namespace gridplan::kernel
