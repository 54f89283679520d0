#pragma once
// `lambdascope-cli l0`: a k-sparse model with a certified optimality gap (JSON out).

#include <string>
#include <vector>

namespace lambdascope::cli {

/// Runs the command; returns the exit code (0, or 130 when interrupted). Throws UsageError /
/// DataError / std::invalid_argument for bad input (exit 2 in main).
int runL0(const std::vector<std::string>& args);

/// The options' help text (for `lambdascope-cli --help`).
std::string l0Help();

}  // namespace lambdascope::cli
