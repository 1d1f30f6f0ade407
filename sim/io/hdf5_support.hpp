// What the HDF5 writer and reader share, private to sim/io: owned identifiers, the library's own
// reason for a failure, silenced automatic error printing, object paths for messages.
#pragma once

#include <hdf5.h>

#include <string>
#include <utility>
#include <vector>

namespace gridplan::io::hdf5 {

/// The innermost message on HDF5's error stack (where the failure was detected), or "".
std::string error_detail();

/// Owns one HDF5 identifier and releases it with the matching H5?close.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle() = default;
  Handle(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  Handle(Handle&& other) noexcept
      : id_(std::exchange(other.id_, H5I_INVALID_HID)), closer_(other.closer_) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
      closer_ = other.closer_;
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { reset(); }

  hid_t get() const { return id_; }
  /// Closes now and returns the status, for a caller that must know (closing a file flushes it).
  herr_t close() { return closer_(std::exchange(id_, H5I_INVALID_HID)); }

 private:
  void reset() {
    if (id_ >= 0) closer_(id_);  // errors while unwinding are already being reported
    id_ = H5I_INVALID_HID;
  }
  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

/// Turns off HDF5's automatic printing of its error stack for one public call: our exceptions
/// carry the reason. Like every call into the serial HDF5 library, this is for one thread at a
/// time (the experiment layer has a single writer; reading happens in a child process).
class QuietErrors {
 public:
  QuietErrors() {
    H5Eget_auto2(H5E_DEFAULT, &func_, &data_);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  }
  ~QuietErrors() { H5Eset_auto2(H5E_DEFAULT, func_, data_); }
  QuietErrors(const QuietErrors&) = delete;
  QuietErrors& operator=(const QuietErrors&) = delete;

 private:
  H5E_auto2_t func_ = nullptr;
  void* data_ = nullptr;
};

/// "'/scenario'": the path of an open object, for messages.
std::string object_path(hid_t obj);

/// Splits "timeseries/daily" at '/'.
std::vector<std::string> split_path(const std::string& name);

}  // namespace gridplan::io::hdf5
