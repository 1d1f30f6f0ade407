// The process's stop signals: a flag for the commands to poll, and a last resort that removes
// the temporaries of io::OutputFile from inside the handler (unlink(2) is async-signal-safe).
#include "stop_signals.hpp"

#include <signal.h>
#include <unistd.h>

#include <csignal>

#include "commands.hpp"
#include "gridplan/io/output_file.hpp"

namespace gridplan::cli {

namespace {

volatile std::sig_atomic_t g_signal = 0;

extern "C" void on_stop_signal(int signal) {
  if (g_signal != 0) {
    // Asked twice: the user wants out now. Nothing half-written may stay behind; only
    // async-signal-safe calls from here on.
    io::remove_temporaries_now();
    static const char kMessage[] =
        "gridplan: error: interrupted twice: stopped at once; files being written were removed, "
        "finished ones (and a sweep's parts) are kept\n";
    [[maybe_unused]] const ssize_t n = ::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
    _exit(128 + g_signal);
  }
  g_signal = signal;
}

const char* signal_name(int signal) {
  switch (signal) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    case SIGHUP:
      return "SIGHUP";
    default:
      return "a signal";
  }
}

}  // namespace

void install_stop_signals() {
  for (const int signal : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction previous {};
    sigaction(signal, nullptr, &previous);
    if (previous.sa_handler == SIG_IGN) continue;
    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    // Restarted system calls: a stop is seen at the next poll, not as a failed read or write.
    action.sa_flags = SA_RESTART;
    sigaction(signal, &action, nullptr);
  }
}

bool stop_requested() {
  return g_signal != 0;
}

int stopped_exit_code() {
  return g_signal == 0 ? 0 : 128 + g_signal;
}

int report_stopped(const std::string& kept) {
  // The process is on its way out with this one line: a further signal stays pending (and
  // dies with the process) instead of adding a second message.
  sigset_t stops;
  sigemptyset(&stops);
  for (const int signal : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&stops, signal);
  sigprocmask(SIG_BLOCK, &stops, nullptr);
  print_error(std::string("interrupted by ") + signal_name(g_signal) + ": " + kept);
  return stopped_exit_code();
}

}  // namespace gridplan::cli
