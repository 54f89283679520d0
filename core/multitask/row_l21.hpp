#pragma once
#include "core/multitask/multitask_penalty.hpp"

namespace lambdascope {

/// Row-wise ℓ2,1 norm λ Σ_j ω_j ‖B_j‖₂ (Obozinski et al. 2010; MxNE's spatial prior): a row of B
/// is a feature (a source) across all tasks (time points), so the support is shared by the tasks.
/// Weights ω_j > 0; all ones by default. The dual constraint is ‖x̃_jᵀU‖₂ ≤ λω_j.
class RowL21 final : public MultitaskPenalty {
 public:
  /// Empty weights: all ones. Throws std::invalid_argument for a weight ≤ 0 or non-finite.
  explicit RowL21(Vec weights = {}, double lambda = 1.0);

  std::string name() const override { return "row_l21"; }
  double value(const RowMat& B) const override;
  void proxRow(VecRef v, double step, Index j) const override;
  double rowSubdiffDistance(CVecRef b, CVecRef grad, Index j) const override;
  double lambdaMax(const Mat& gradientAtZero) const override;
  double dualScale(const Mat& Z) const override;
  bool screensOut(CVecRef zj, double margin, Index j) const override;
  std::unique_ptr<MultitaskPenalty> clone() const override { return std::make_unique<RowL21>(*this); }

  double weight(Index j) const { return weights_.size() ? weights_[j] : 1.0; }

 private:
  Vec weights_;
};

}  // namespace lambdascope
