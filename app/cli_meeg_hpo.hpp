#pragma once
// `lambdascope-cli meeg-hypergrad` and `meeg-hpo`: MxNE's α chosen by bilevel optimisation of
// FDMC-SURE or the time hold-out (core/meeg/meeg_hypergrad), one α or one α per source.

#include <string>
#include <vector>

namespace lambdascope::cli {

/// The criterion and its hypergradient at one α (JSON).
int runMeegHypergrad(const std::vector<std::string>& args);
/// An outer optimiser from an initial α; writes the meeg JSON of the solution at the best α plus
/// an "hpo" object with the trajectory. Exit 130 when interrupted (best point so far written).
int runMeegHpo(const std::vector<std::string>& args);

/// The options' help text.
std::string meegHpoHelp();

}  // namespace lambdascope::cli
