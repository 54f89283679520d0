#pragma once
// Per-feature weights files (weighted Lasso): numbers separated by commas, spaces, tabs or
// newlines; '#' starts a comment.

#include <string>
#include <vector>

namespace lambdascope {

/// Throws DataError naming the file, line, field and text of the first bad value.
std::vector<double> loadWeights(const std::string& path);

}  // namespace lambdascope
