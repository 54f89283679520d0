#pragma once
// `lambdascope-cli replay FILE`: re-run the command(s) recorded in a session file (or a
// "lambdascope-command" JSON config from Copy as Command) and check that they reproduce the stored
// results within the stored relative tolerance.

#include <string>
#include <vector>

namespace lambdascope::cli {

/// Exit code when a replayed result differs from the stored one.
inline constexpr int kReplayMismatch = 4;

int runReplay(const std::vector<std::string>& argv);
std::string replayHelp();

}  // namespace lambdascope::cli
