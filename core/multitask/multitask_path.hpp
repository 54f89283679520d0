#pragma once
// Warm-started regularisation paths of multitask models (computePath dispatches here).

#include <stop_token>

#include "core/path/regularization_path.hpp"

namespace lambdascope {

/// λ_max and P(0) of a multitask model: B = 0 with the intercepts fitted.
struct MultitaskNullModel {
  double lambdaMax = 0.0;
  double objective = 0.0;
  Vec intercept;
};
MultitaskNullModel multitaskNullModel(const MultitaskProblem& problem, const MultitaskPenalty& penalty);

/// The path of a multitask spec on all of data's targets. Path points carry T values per
/// support row (row-major) and T intercepts, on the original feature scale.
PathResult computeMultitaskPath(const Dataset& data, const ModelSpec& spec, const PathOptions& options,
                                ProgressObserver& observer, std::stop_token stop = {});

}  // namespace lambdascope
