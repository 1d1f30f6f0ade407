// Polling MPI point-to-point on MPI_COMM_WORLD (errors returned, not fatal): probe, then receive
// the exact byte count; send with MPI_Isend and test until delivered.
#include "mpi_link.hpp"

#include <chrono>
#include <cstdint>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <thread>

namespace gridplan::experiment::mpi_link {

void check(int rc, const char* what) {
  if (rc == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(rc, text, &length);
  throw std::runtime_error(std::string("MPI: ") + what + " failed: " + std::string(text, length));
}

bool try_receive(int source, Message& message) {
  int waiting = 0;
  MPI_Status status;
  check(MPI_Iprobe(source, MPI_ANY_TAG, MPI_COMM_WORLD, &waiting, &status), "probing");
  if (!waiting) return false;
  int bytes = 0;
  check(MPI_Get_count(&status, MPI_BYTE, &bytes), "sizing a message");
  message.source = status.MPI_SOURCE;
  message.tag = status.MPI_TAG;
  message.payload.assign(static_cast<std::size_t>(bytes), '\0');
  check(MPI_Recv(message.payload.data(), bytes, MPI_BYTE, status.MPI_SOURCE, status.MPI_TAG,
                 MPI_COMM_WORLD, MPI_STATUS_IGNORE),
        "receiving");
  return true;
}

void send(int dest, int tag, const std::string& payload) {
  if (payload.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    throw std::runtime_error("MPI: a run's tables exceed 2 GiB, too large for one message");
  MPI_Request request;
  check(MPI_Isend(payload.data(), static_cast<int>(payload.size()), MPI_BYTE, dest, tag,
                  MPI_COMM_WORLD, &request),
        "sending");
  for (int done = 0;;) {
    check(MPI_Test(&request, &done, MPI_STATUS_IGNORE), "sending");
    if (done) return;
    nap();
  }
}

std::string with_run(std::size_t run, const std::string& rest) {
  const std::uint64_t id = run;
  std::string payload(reinterpret_cast<const char*>(&id), sizeof id);
  return payload + rest;
}

std::size_t run_of(const std::string& payload) {
  std::uint64_t id = 0;
  if (payload.size() < sizeof id) throw std::runtime_error("MPI: a message without a run id");
  std::memcpy(&id, payload.data(), sizeof id);
  return static_cast<std::size_t>(id);
}

std::string rest_of(const std::string& payload) {
  return payload.size() > sizeof(std::uint64_t) ? payload.substr(sizeof(std::uint64_t)) : "";
}

void nap() {
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

}  // namespace gridplan::experiment::mpi_link
