#pragma once
// Per-feature vectors: weights (weighted Lasso) and group labels (group Lasso): numbers separated by commas, spaces, tabs or
// newlines; '#' starts a comment.

#include <string>
#include <vector>

namespace lambdascope {

/// Throws DataError naming the file, line, field and text of the first bad value.
std::vector<double> loadWeights(const std::string& path);

/// Group labels, one integer per feature in the same format (features with equal labels form a
/// group).
std::vector<long> loadGroupLabels(const std::string& path);

}  // namespace lambdascope
