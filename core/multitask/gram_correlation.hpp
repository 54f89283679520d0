#pragma once
// X̃ᵀU for multitask least squares from cached Gram columns, for a small support.
//
// With F = c/2‖Y − E‖² and no intercept, U = −∇F = c(Y − X̃B), so
//   X̃ᵀU = c(X̃ᵀY − Σ_{k∈S} (X̃ᵀx̃_k) B_k),
// p·|S|·T flops (plus p·n once per new support row) instead of the p·n·T product. At high α on
// M/EEG gains (a handful of sources among thousands, n in the hundreds) this is most of a
// solve's cost: each duality gap needs X̃ᵀU over every row.

#include <span>
#include <vector>

#include "core/multitask/multitask_solver.hpp"

namespace lambdascope {

class GramCorrelation {
 public:
  /// Whether the identity holds for this problem: a least-squares datafit, no intercept.
  static bool applies(const MultitaskProblem& problem);

  /// z = X̃ᵀU on `rows` (all rows when empty; other rows untouched). False, leaving z alone,
  /// when the support is too large for the Gram columns to pay off.
  bool correlate(const MultitaskProblem& problem, const RowMat& B, std::span<const Index> rows, Mat& z);

 private:
  void addColumn(const DesignMatrix& X, Index k);

  std::vector<Index> slot_;      // row k of B → its Gram column in columns_, or −1
  std::vector<Index> support_;   // scratch: the non-zero rows of B
  Mat columns_;                  // p × capacity: X̃ᵀx̃_k for the cached k, in slot order
  RowMat bySlot_;                // capacity × T: B_k in slot order (zero for rows left)
  Vec column_;                   // n: x̃_k
  Index used_ = 0;
};

}  // namespace lambdascope
