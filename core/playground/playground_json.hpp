#pragma once
// The playground's JSON output (CLI and GUI export): the problem, its optimum, every run's
// iterates and values, the bounds and reference rates.

#include <optional>
#include <ostream>
#include <vector>

#include "core/playground/methods.hpp"
#include "core/playground/preset.hpp"

namespace lambdascope::playground {

struct PlaygroundOutput {
  const Problem& problem;
  Vec2 start;
  int iterations = 0;
  const std::vector<Trace>& runs;  ///< at least one; the first one's keys are also top-level
  std::vector<RateBound> rates;
  std::optional<PresetProx> prox;  ///< adds "prox_curves"
  std::string title;
};

/// {"problem", "formula", "x_star", "f_star", "L", "mu", "start", "iterations",
///  <first run's keys: "method", "label", "step", ..., "iterates", "values", "gradients", ...>,
///  "rates": {name: [...]}, "runs": [<every run>], "prox_curves": {...}}
void writePlaygroundJson(std::ostream& out, const PlaygroundOutput& output);

}  // namespace lambdascope::playground
