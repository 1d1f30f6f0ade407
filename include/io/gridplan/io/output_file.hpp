// Every file gridplan writes goes through here: the final path must be absent or a regular file
// and must not be one of the command's inputs; the bytes go to a temporary next to it, created
// exclusively (never through a symlink), which is renamed over the final path only when complete.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace gridplan::io {

/// A refused output path (bad input: the command exits 2 before doing any work).
class OutputPathError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// A write given up because the command was asked to stop (a signal): nothing was written.
class WriteStopped : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The files a command reads, by device and inode (symlinks resolved), so that no output of the
/// command can replace one of them, whatever name the output is given.
class InputFiles {
 public:
  /// Records `path` (a missing file is skipped: it cannot be overwritten by mistake).
  void add(const std::string& path);
  void add(const std::vector<std::string>& paths);
  /// The input that `path` names (after symlinks), or nullptr.
  const std::string* find(const std::string& path) const;

 private:
  struct Identity {
    dev_t device;
    ino_t inode;
    std::string path;
  };
  std::vector<Identity> files_;
};

/// Throws OutputPathError unless `path` may be written: not empty, in an existing directory,
/// absent or a regular file (not a symlink, directory, FIFO or device), and none of `inputs`.
/// `what` names the option in the message ("--out").
void check_output_path(const std::string& path, const InputFiles& inputs,
                       const std::string& what = "--out");

/// A file being written. The constructor creates a temporary "PATH.tmp.PID.N" beside `path`
/// (O_CREAT|O_EXCL|O_NOFOLLOW: an existing name or a symlink there is never opened), commit()
/// renames it over `path`, and anything else (an exception, an early return) removes it. Two
/// writers of one path each write their own temporary; the last rename wins, each file whole.
class OutputFile {
 public:
  explicit OutputFile(std::string path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  /// Appends bytes; throws std::runtime_error naming the final path (e.g. the disk is full).
  void write(const void* data, std::size_t size);
  void write(const std::string& text) { write(text.data(), text.size()); }
  /// Flushes, closes and renames the temporary over the final path.
  void commit();

  const std::string& path() const { return path_; }
  const std::string& temporary() const { return temporary_; }
  /// The temporary's open descriptor, for a library that writes the file itself (HDF5).
  int descriptor() const { return fd_; }

 private:
  void discard() noexcept;
  [[noreturn]] void fail(const std::string& doing, int error);

  std::string path_;
  std::string temporary_;
  int fd_ = -1;
  int slot_ = -1;  // this temporary's place in the signal-safe registry
};

/// Unlinks the temporary of every OutputFile still open. Async-signal-safe (unlink(2) only):
/// for a signal handler that must end the process at once.
void remove_temporaries_now() noexcept;

/// Whether `name` (a file name, no directory) is a temporary of OutputFile for `final_name`.
bool is_temporary_of(const std::string& name, const std::string& final_name);

/// An exclusive lock held on a directory's lock file while alive (flock(2)); another process
/// asking for it gets std::runtime_error "another gridplan is writing OWNER".
class DirectoryLock {
 public:
  /// Creates `directory` if absent and locks it for writing `owner` (a path, for the message).
  DirectoryLock(const std::string& directory, const std::string& owner);
  ~DirectoryLock();
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;
  /// The lock file's name inside the directory: skipped by whoever lists it.
  static constexpr const char* kFileName = ".lock";

 private:
  int fd_ = -1;
};

}  // namespace gridplan::io
