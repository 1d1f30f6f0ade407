// The names of the Inboxes' messages, for the error an LP raises on a message it does not accept.
#include "gridplan/model/message.hpp"

#include <map>
#include <mutex>
#include <sstream>
#include <vector>

namespace gridplan::model::message_detail {
namespace {

struct InboxNames {
  std::string lp_kind;
  std::vector<std::string> messages;
};

std::mutex& registry_mutex() {
  static std::mutex m;
  return m;
}
std::map<std::uint32_t, InboxNames>& registry() {
  static std::map<std::uint32_t, InboxNames> r;
  return r;
}

}  // namespace

void register_inbox(std::uint32_t tag, std::string_view lp_kind, const std::string_view* names,
                    std::size_t n) {
  const std::lock_guard<std::mutex> lock(registry_mutex());
  InboxNames& entry = registry()[tag];
  entry.lp_kind = lp_kind;
  entry.messages.assign(names, names + n);
}

std::string describe_kind(std::uint32_t kind) {
  const std::lock_guard<std::mutex> lock(registry_mutex());
  const auto it = registry().find(kind >> 16);
  const std::uint32_t index = (kind & 0xffffu) - 1;
  std::ostringstream out;
  if (it != registry().end() && index < it->second.messages.size()) {
    out << "message " << it->second.messages[index] << " (for " << it->second.lp_kind << " LPs)";
  } else {
    out << "message kind 0x" << std::hex << kind << " (of no known LP)";
  }
  return out.str();
}

}  // namespace gridplan::model::message_detail
