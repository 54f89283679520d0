#pragma once
// The path JSON documented in the README (`lambdascope-cli path`), shared by CLI and GUI export.

#include <ostream>
#include <string>

#include "core/dataset.hpp"
#include "core/model.hpp"
#include "core/path/regularization_path.hpp"

namespace lambdascope {

struct PathJsonContext {
  const Dataset& data;
  const ModelSpec& spec;
  const PathResult& path;
};

void writePathJson(std::ostream& out, const PathJsonContext& ctx);

/// Coefficients of every solved λ as CSV: lambda, intercept, one column per feature.
void writePathCsv(std::ostream& out, const Dataset& data, const PathResult& path);

}  // namespace lambdascope
