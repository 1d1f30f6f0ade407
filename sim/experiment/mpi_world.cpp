// MpiWorld: MPI set up only when a launcher started the process, errors returned instead of
// aborting, and rank 0 releasing the other ranks if it fails before handing out any run.
#include "gridplan/experiment/mpi_sweep.hpp"

#include "mpi_link.hpp"

namespace gridplan::experiment {

MpiWorld::MpiWorld() {
  int provided = 0;
  mpi_link::check(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided),
                  "initialising");
  // A failed call returns its error, so a rank can say what it was doing before it stops.
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiWorld::~MpiWorld() {
  if (broken_) MPI_Abort(MPI_COMM_WORLD, 1);
  if (rank_ == 0 && !released_ && size_ > 1) {
    // Rank 0 stopped before handing out runs (a bad option, an existing parts directory, a
    // sweep already complete): answer every request with kStop until each rank says goodbye.
    try {
      for (int byes = 0; byes < size_ - 1;) {
        mpi_link::Message m;
        if (!mpi_link::try_receive(MPI_ANY_SOURCE, m)) {
          mpi_link::nap();
          continue;
        }
        if (m.tag == mpi_link::kBye)
          ++byes;
        else
          mpi_link::send(m.source, mpi_link::kStop);
      }
    } catch (const std::exception&) {
      MPI_Abort(MPI_COMM_WORLD, 1);
    }
  }
  MPI_Finalize();
}

void mpi_leave(MpiWorld& world, const std::string& why) {
  mpi_link::send(0, mpi_link::kBye, "rank " + std::to_string(world.rank()) + ": " + why);
}

}  // namespace gridplan::experiment
