// SIGINT, SIGTERM and SIGHUP, handled alike by every command: the first asks the command to stop
// at its next safe point (runs in flight finish, temporaries are removed); a second one removes
// every temporary at once and ends the process. Either way the exit code is 128 + the signal.
#pragma once

#include <string>

namespace gridplan::cli {

/// Installs the handlers; first thing in main(). A signal ignored on entry (SIGINT of a
/// background job, SIGHUP under nohup) stays ignored.
void install_stop_signals();

/// Whether a stop signal has arrived.
bool stop_requested();

/// 128 + the signal that arrived (130 SIGINT, 143 SIGTERM, 129 SIGHUP); 0 if none did.
int stopped_exit_code();

/// Prints "gridplan: error: interrupted by SIGNAL: KEPT" and returns stopped_exit_code().
int report_stopped(const std::string& kept);

}  // namespace gridplan::cli
