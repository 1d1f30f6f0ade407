// The engine factory: the one place that knows which engines this build has. The SimGrid engine
// is a plug-in beside the program, loaded the first time it is asked for: a native run maps no
// SimGrid library (27 MB of resident memory when the program linked it).
#include "gridplan/kernel/engine.hpp"

#include <dlfcn.h>

#include <filesystem>
#include <mutex>
#include <stdexcept>

#include "gridplan/kernel/native_engine.hpp"
#include "gridplan/kernel/simgrid_engine.hpp"

#ifndef GRIDPLAN_SIMGRID_PLUGIN
#define GRIDPLAN_SIMGRID_PLUGIN "libgridplan_simgrid.so"
#endif

namespace gridplan::kernel {

namespace {

using EngineFactory = Engine* (*)();

/// The plug-in's factory, or nullptr with `why` set. Loaded once per process.
EngineFactory simgrid_factory(std::string* why) {
  static std::once_flag once;
  static EngineFactory factory = nullptr;
  static std::string error;
  std::call_once(once, [] {
#if !GRIDPLAN_WITH_SIMGRID
    error =
        "this gridplan was built without SimGrid (install libsimgrid-dev and reconfigure "
        "with -DGRIDPLAN_WITH_SIMGRID=ON)";
#else
    std::error_code ec;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
    const std::string path = (self.parent_path() / GRIDPLAN_SIMGRID_PLUGIN).string();
    // RTLD_NOW: a symbol the program lacks is an error here, not a crash mid-run.
    void* handle = ec ? nullptr : dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      error = "cannot load the SimGrid plug-in " + path + ": " +
              (ec ? ec.message() : std::string(dlerror())) +
              " (it is built beside the gridplan program; rebuild, or keep the two together)";
      return;
    }
    factory = reinterpret_cast<EngineFactory>(dlsym(handle, "gridplan_simgrid_engine_new"));
    if (factory == nullptr) error = path + " is not gridplan's SimGrid plug-in: " + dlerror();
#endif
  });
  if (why != nullptr) *why = error;
  return factory;
}

}  // namespace

bool simgrid_engine_available() {
  return simgrid_factory(nullptr) != nullptr;
}

std::unique_ptr<Engine> make_engine(const std::string& name) {
  if (name == "native") return std::make_unique<NativeEngine>();
  if (name == "simgrid") {
    std::string why;
    const EngineFactory factory = simgrid_factory(&why);
    if (factory == nullptr)
      throw std::invalid_argument("engine 'simgrid' is not available: " + why);
    return std::unique_ptr<Engine>(factory());
  }
  throw std::invalid_argument("unknown engine '" + name + "' (available: native" +
                              (simgrid_engine_available() ? ", simgrid)" : ")"));
}

}  // namespace gridplan::kernel
