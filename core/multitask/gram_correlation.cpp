#include "core/multitask/gram_correlation.hpp"

#include <algorithm>

namespace lambdascope {

bool GramCorrelation::applies(const MultitaskProblem& problem) {
  return !problem.fitIntercept && problem.datafit.leastSquares().has_value();
}

void GramCorrelation::addColumn(const DesignMatrix& X, Index k) {
  column_.setZero(X.rows());
  X.colAxpy(k, 1.0, column_);
  X.applyTransposed(column_, columns_.col(used_));
  slot_[static_cast<std::size_t>(k)] = used_++;
}

bool GramCorrelation::correlate(const MultitaskProblem& problem, const RowMat& B, std::span<const Index> rows,
                                Mat& z) {
  const DesignMatrix& X = problem.X;
  const Index p = X.cols(), T = B.cols();
  // Worth it while the support is small next to n: a quarter of n keeps the new columns
  // (p·n each) and the product (p·|S|·T) well below p·n·T over a solve's few evaluations.
  const Index capacity = std::max<Index>(1, X.rows() / 4);
  support_.clear();
  for (Index k = 0; k < p; ++k)
    if (!B.row(k).isZero(0.0)) {
      support_.push_back(k);
      if (static_cast<Index>(support_.size()) > capacity) return false;
    }
  if (slot_.size() != static_cast<std::size_t>(p) || columns_.rows() != p) {
    slot_.assign(static_cast<std::size_t>(p), -1);
    columns_.resize(p, capacity);
    used_ = 0;
  }
  Index missing = 0;
  for (const Index k : support_) missing += slot_[static_cast<std::size_t>(k)] < 0;
  if (used_ + missing > capacity) {  // the support moved on: start the cache again
    std::fill(slot_.begin(), slot_.end(), Index{-1});
    used_ = 0;
  }
  for (const Index k : support_)
    if (slot_[static_cast<std::size_t>(k)] < 0) addColumn(X, k);

  bySlot_.setZero(used_, T);
  for (const Index k : support_) bySlot_.row(slot_[static_cast<std::size_t>(k)]) = B.row(k);
  const auto form = problem.datafit.leastSquares();
  const Mat& XtY = *form->XtY;
  const auto G = columns_.leftCols(used_);
  if (rows.empty()) {
    z.noalias() = XtY;
    z.noalias() -= G * bySlot_;
    z *= form->scale;
  } else {
    for (const Index j : rows) z.row(j) = form->scale * (XtY.row(j) - G.row(j) * bySlot_);
  }
  return true;
}

}  // namespace lambdascope
