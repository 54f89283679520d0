#pragma once
#include <vector>

#include "core/penalties/penalty.hpp"

namespace lambdascope {

/// Group Lasso penalty λ Σ_G ω_G ‖w_G‖₂ over disjoint groups (Yuan & Lin 2006), with ω_G = √|G|
/// by default (groups of different sizes then enter the path on an equal footing) or 1.
///
/// Block-separable, not separable: solvers use proxGroup (block soft thresholding). The dual
/// constraint is ‖X̃_Gᵀu‖₂ ≤ λω_G for every group, so λ_max = max_G ‖∇_G f‖/ω_G.
class GroupL21 final : public Penalty {
 public:
  /// `groups` must partition 0..p−1; throws std::invalid_argument otherwise.
  GroupL21(std::vector<std::vector<Index>> groups, Index features, bool sqrtSizeWeights = true,
           double lambda = 1.0);

  /// Contiguous groups of `size` features (the last one may be shorter).
  static std::vector<std::vector<Index>> contiguousGroups(Index features, Index size);
  /// Groups from one label per feature (features with the same label form a group, in order of
  /// first appearance).
  static std::vector<std::vector<Index>> groupsFromLabels(const std::vector<long>& labels);

  std::string name() const override { return "group_l21"; }
  PenaltyTraits traits() const override { return {false, true, true}; }
  double value(CVecRef w) const override;
  double prox1d(double v, double step, Index j) const override;  // throws: not separable
  double subdiffDistance(double wj, double gradj, Index j) const override;
  double lambdaMax(CVecRef gradientAtZero) const override;
  double dualScale(CVecRef z) const override;
  double conjugate(CVecRef) const override { return 0.0; }
  const std::vector<std::vector<Index>>* groups() const override { return &groups_; }
  void proxGroup(VecRef wg, double step, Index g) const override;
  std::unique_ptr<Penalty> clone() const override { return std::make_unique<GroupL21>(*this); }

  double groupWeight(Index g) const { return weights_[g]; }

 private:
  std::vector<std::vector<Index>> groups_;
  Vec weights_;
  std::vector<Index> groupOf_;  // feature → group
};

}  // namespace lambdascope
