// The HDF5 helpers shared by the writer and the reader (hdf5_support.hpp).
#include "hdf5_support.hpp"

namespace gridplan::io::hdf5 {

std::string error_detail() {
  std::string detail;
  auto innermost = [](unsigned n, const H5E_error2_t* err, void* out) -> herr_t {
    if (n == 0 && err->desc != nullptr) *static_cast<std::string*>(out) = err->desc;
    return 0;
  };
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, innermost, &detail);
  return detail;
}

std::string object_path(hid_t obj) {
  char name[512] = {};
  if (H5Iget_name(obj, name, sizeof name) <= 0) return "'?'";
  return std::string("'") + name + "'";
}

std::vector<std::string> split_path(const std::string& name) {
  std::vector<std::string> parts;
  std::size_t begin = 0;
  while (true) {
    const std::size_t slash = name.find('/', begin);
    parts.push_back(name.substr(begin, slash - begin));
    if (slash == std::string::npos) return parts;
    begin = slash + 1;
  }
}

}  // namespace gridplan::io::hdf5
