// The native engine: one process, one global 4-ary heap of POD events ordered by
// (time, dst, src, seq). The fast, default path.
#pragma once

#include "gridplan/kernel/engine.hpp"

namespace gridplan::kernel {

/// Sequential engine with one global event queue.
class NativeEngine final : public Engine {
 public:
  std::string name() const override { return "native"; }
  EngineStats run(std::span<LogicalProcess* const> lps, const EngineOptions& options) override;
};

}  // namespace gridplan::kernel
