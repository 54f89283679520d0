#pragma once
// `lambdascope-cli meeg`: M/EEG source imaging (MxNE, irMxNE, TF-MxNE) on a case exported from
// MNE (.npz or CSV folder), one α or the α path with SURE / hold-out selection (JSON out).

#include <string>
#include <vector>

namespace lambdascope::cli {

/// Runs the command; returns the exit code (0, or 130 when interrupted). Throws UsageError /
/// DataError / std::invalid_argument for bad input (exit 2 in main).
int runMeeg(const std::vector<std::string>& args);

/// The options' help text (for `lambdascope-cli --help`).
std::string meegHelp();

}  // namespace lambdascope::cli
