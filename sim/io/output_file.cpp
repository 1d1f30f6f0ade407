// The one output path policy of every command: checked final paths, exclusive temporaries beside
// them, rename on completion, and a registry of live temporaries that a signal handler can clear.
#include "gridplan/io/output_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace gridplan::io {

namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------------
// Live temporaries, readable from a signal handler: fixed slots, no allocation, atomic flags.

constexpr int kSlots = 32;
constexpr std::size_t kSlotBytes = 4096;

enum SlotState : int { kFree, kClaimed, kReadable };

struct TemporarySlot {
  std::atomic<int> state{kFree};
  char path[kSlotBytes];
};

TemporarySlot g_slots[kSlots];
std::atomic<unsigned long> g_sequence{0};

/// Takes a free slot for `path`; -1 if none is free or the path is too long (the temporary is
/// then still removed on every ordinary exit path, only not by the signal handler).
int register_temporary(const std::string& path) {
  if (path.size() >= kSlotBytes) return -1;
  for (int i = 0; i < kSlots; ++i) {
    int expected = kFree;
    if (!g_slots[i].state.compare_exchange_strong(expected, kClaimed, std::memory_order_acquire))
      continue;
    // Copied while claimed, then published: the handler never reads a half-copied name.
    std::memcpy(g_slots[i].path, path.c_str(), path.size() + 1);
    g_slots[i].state.store(kReadable, std::memory_order_release);
    return i;
  }
  return -1;
}

void unregister_temporary(int slot) {
  if (slot >= 0) g_slots[slot].state.store(kFree, std::memory_order_release);
}

const char* file_kind(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISLNK(mode)) return "a symbolic link";
  return "not a regular file";
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Inputs and final paths

void InputFiles::add(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) files_.push_back({st.st_dev, st.st_ino, path});
}

void InputFiles::add(const std::vector<std::string>& paths) {
  for (const std::string& path : paths) add(path);
}

const std::string* InputFiles::find(const std::string& path) const {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return nullptr;
  for (const Identity& file : files_)
    if (file.device == st.st_dev && file.inode == st.st_ino) return &file.path;
  return nullptr;
}

void check_output_path(const std::string& path, const InputFiles& inputs, const std::string& what) {
  if (path.empty()) throw OutputPathError(what + " is empty: give a file name");
  const auto refuse = [&](const std::string& why) {
    throw OutputPathError("cannot write " + path + " (" + what + "): " + why);
  };
  if (const std::string* input = inputs.find(path))
    refuse(*input == path ? "it is an input of this command"
                          : "it is the same file as the input " + *input);
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {
    if (S_ISLNK(st.st_mode)) refuse("it is a symbolic link; give the path it points to");
    if (!S_ISREG(st.st_mode)) refuse(std::string("it is ") + file_kind(st.st_mode));
  } else if (errno != ENOENT) {
    refuse(std::strerror(errno));
  }
  fs::path directory = fs::path(path).parent_path();
  if (directory.empty()) directory = ".";
  if (::stat(directory.c_str(), &st) != 0)
    refuse("directory " + directory.string() + " does not exist");
  if (!S_ISDIR(st.st_mode)) refuse(directory.string() + " is not a directory");
}

// ---------------------------------------------------------------------------------------------
// OutputFile

OutputFile::OutputFile(std::string path) : path_(std::move(path)) {
  const std::string stem = path_ + ".tmp." + std::to_string(::getpid()) + ".";
  // A leftover of a crashed run can hold a name: try the next number.
  for (int attempt = 0; attempt < 1000; ++attempt) {
    temporary_ = stem + std::to_string(g_sequence.fetch_add(1));
    slot_ = register_temporary(temporary_);
    fd_ = ::open(temporary_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd_ >= 0) return;
    const int error = errno;
    unregister_temporary(slot_);
    slot_ = -1;
    if (error != EEXIST)
      throw std::runtime_error("cannot write '" + path_ + "': creating '" + temporary_ +
                               "': " + std::strerror(error));
  }
  throw std::runtime_error("cannot write '" + path_ + "': no free temporary name beside it");
}

OutputFile::~OutputFile() {
  discard();
}

void OutputFile::discard() noexcept {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!temporary_.empty()) ::unlink(temporary_.c_str());
  temporary_.clear();
  unregister_temporary(slot_);
  slot_ = -1;
}

void OutputFile::fail(const std::string& doing, int error) {
  discard();
  throw std::runtime_error("cannot write '" + path_ + "': " + doing + ": " + std::strerror(error));
}

void OutputFile::write(const void* data, std::size_t size) {
  if (fd_ < 0) throw std::logic_error("OutputFile::write after commit");
  const char* bytes = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd_, bytes, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("writing", n < 0 ? errno : EIO);
    bytes += n;
    size -= static_cast<std::size_t>(n);
  }
}

void OutputFile::commit() {
  if (fd_ < 0) throw std::logic_error("OutputFile::commit twice");
  // close() reports a deferred write error (NFS, quota): the file is then not whole.
  const int closed = ::close(fd_);
  fd_ = -1;
  if (closed != 0) fail("closing", errno);
  // rename() replaces an earlier file atomically: a reader sees the old file or the new one.
  if (::rename(temporary_.c_str(), path_.c_str()) != 0)
    fail("renaming '" + temporary_ + "'", errno);
  temporary_.clear();
  unregister_temporary(slot_);
  slot_ = -1;
}

void remove_temporaries_now() noexcept {
  for (TemporarySlot& slot : g_slots)
    if (slot.state.load(std::memory_order_acquire) == kReadable) ::unlink(slot.path);
}

bool is_temporary_of(const std::string& name, const std::string& final_name) {
  const std::string prefix = final_name + ".tmp.";
  return name.size() > prefix.size() && name.compare(0, prefix.size(), prefix) == 0;
}

// ---------------------------------------------------------------------------------------------
// DirectoryLock

DirectoryLock::DirectoryLock(const std::string& directory, const std::string& owner) {
  const std::string lock_path = directory + "/" + kFileName;
  // The directory may be removed by its finishing owner between our mkdir and our lock: then
  // the lock we got is on a deleted file, and we start again.
  for (int attempt = 0; attempt < 100; ++attempt) {
    if (::mkdir(directory.c_str(), 0777) != 0 && errno != EEXIST)
      throw std::runtime_error("cannot create " + directory + ": " + std::strerror(errno));
    // Never write through a link planted at the directory's name.
    struct stat st {};
    if (::lstat(directory.c_str(), &st) == 0 && !S_ISDIR(st.st_mode))
      throw OutputPathError("cannot write " + owner + ": " + directory + " is " +
                            file_kind(st.st_mode) + ", not a directory of gridplan's");
    fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd_ < 0) {
      if (errno == ENOENT) continue;
      throw std::runtime_error("cannot lock " + directory + ": " + std::strerror(errno));
    }
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      const int error = errno;
      ::close(fd_);
      fd_ = -1;
      if (error == EWOULDBLOCK)
        throw std::runtime_error("another gridplan is writing " + owner + " (" + directory +
                                 " is locked): wait for it, or write elsewhere");
      throw std::runtime_error("cannot lock " + directory + ": " + std::strerror(error));
    }
    struct stat held {
    }, named{};
    if (::fstat(fd_, &held) == 0 && ::lstat(lock_path.c_str(), &named) == 0 &&
        held.st_dev == named.st_dev && held.st_ino == named.st_ino)
      return;
    ::close(fd_);
    fd_ = -1;
  }
  throw std::runtime_error("cannot lock " + directory + ": it keeps disappearing");
}

DirectoryLock::~DirectoryLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace gridplan::io
