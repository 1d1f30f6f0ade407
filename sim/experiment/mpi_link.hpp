// The messages between rank 0 and the other ranks of an MPI sweep, and sending and receiving them
// by polling, so that a waiting rank sleeps instead of spinning a core (OpenMPI busy-waits).
#pragma once

#include <mpi.h>

#include <cstddef>
#include <string>

namespace gridplan::experiment::mpi_link {

/// Message tags. Each kIdle, kResult and kFailed asks rank 0 for a run and gets exactly one
/// reply, kRun or kStop; kBye is a rank's last message.
enum Tag : int {
  kIdle = 1,    ///< worker -> 0: a slot is free (no payload)
  kResult = 2,  ///< worker -> 0: run id, then the run's tables (encode_tables)
  kFailed = 3,  ///< worker -> 0: run id, then the error message
  kBye = 4,     ///< worker -> 0: done; payload empty, or why the rank could not take part
  kRun = 5,     ///< 0 -> worker: run id to run
  kStop = 6,    ///< 0 -> worker: no more runs for this slot
};

/// A received message.
struct Message {
  int source = 0;
  int tag = 0;
  std::string payload;
};

/// Throws std::runtime_error naming `what` and MPI's message unless `rc` is MPI_SUCCESS.
void check(int rc, const char* what);

/// Receives one waiting message from `source` (or MPI_ANY_SOURCE) without blocking; false if
/// none is waiting.
bool try_receive(int source, Message& message);

/// Sends `payload` to `dest` and returns once it is delivered, sleeping between checks.
void send(int dest, int tag, const std::string& payload = {});

/// A run id followed by `rest`, and the two back.
std::string with_run(std::size_t run, const std::string& rest = {});
std::size_t run_of(const std::string& payload);
std::string rest_of(const std::string& payload);

/// Sleeps briefly: the poll interval of a rank with nothing to do.
void nap();

}  // namespace gridplan::experiment::mpi_link
