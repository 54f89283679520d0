#pragma once
// `lambdascope-cli playground`: 2-D optimization pictures as JSON (iterates, values, bounds).

#include <string>
#include <vector>

namespace lambdascope::cli {

/// Runs the playground command; returns the exit code. Throws UsageError for bad input.
int runPlayground(const std::vector<std::string>& args);
/// The option list, for --help.
std::string playgroundHelp();

}  // namespace lambdascope::cli
