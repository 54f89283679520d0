#pragma once
// `lambdascope-cli cv | hypergrad | hpo`: choosing λ by cross-validation, hypergradients of a
// validation criterion, and hyperparameter optimisation (JSON out, documented in the README).

#include <string>
#include <vector>

namespace lambdascope::cli {

/// Each returns the exit code (0, or 130 when interrupted). Throws UsageError / DataError /
/// std::invalid_argument for bad input (exit 2 in main).
int runCv(const std::vector<std::string>& args);
int runHypergrad(const std::vector<std::string>& args);
int runHpo(const std::vector<std::string>& args);

/// The options' help text (for `lambdascope-cli --help`).
std::string selectionHelp();

}  // namespace lambdascope::cli
