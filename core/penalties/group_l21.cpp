#include "core/penalties/group_l21.hpp"

#include <cmath>
#include <map>
#include <stdexcept>

#include "core/penalties/prox.hpp"

namespace lambdascope {

GroupL21::GroupL21(std::vector<std::vector<Index>> groups, Index features, bool sqrtSizeWeights,
                   double lambda)
    : groups_(std::move(groups)), groupOf_(static_cast<std::size_t>(features), -1) {
  lambda_ = lambda;
  weights_.resize(static_cast<Index>(groups_.size()));
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    if (groups_[g].empty()) throw std::invalid_argument("group " + std::to_string(g + 1) + " is empty");
    for (const Index j : groups_[g]) {
      if (j < 0 || j >= features)
        throw std::invalid_argument("group " + std::to_string(g + 1) + " names feature " +
                                    std::to_string(j) + ", outside 0.." + std::to_string(features - 1));
      if (groupOf_[static_cast<std::size_t>(j)] != -1)
        throw std::invalid_argument("feature " + std::to_string(j) + " is in two groups");
      groupOf_[static_cast<std::size_t>(j)] = static_cast<Index>(g);
    }
    weights_[static_cast<Index>(g)] = sqrtSizeWeights ? std::sqrt(static_cast<double>(groups_[g].size())) : 1.0;
  }
  for (Index j = 0; j < features; ++j)
    if (groupOf_[static_cast<std::size_t>(j)] == -1)
      throw std::invalid_argument("feature " + std::to_string(j) + " is in no group");
}

std::vector<std::vector<Index>> GroupL21::contiguousGroups(Index features, Index size) {
  if (size < 1) throw std::invalid_argument("group size must be at least 1");
  std::vector<std::vector<Index>> out;
  for (Index start = 0; start < features; start += size) {
    std::vector<Index> g;
    for (Index j = start; j < std::min(features, start + size); ++j) g.push_back(j);
    out.push_back(std::move(g));
  }
  return out;
}

std::vector<std::vector<Index>> GroupL21::groupsFromLabels(const std::vector<long>& labels) {
  std::map<long, std::size_t> index;
  std::vector<std::vector<Index>> out;
  for (std::size_t j = 0; j < labels.size(); ++j) {
    auto [it, inserted] = index.emplace(labels[j], out.size());
    if (inserted) out.emplace_back();
    out[it->second].push_back(static_cast<Index>(j));
  }
  return out;
}

double GroupL21::value(CVecRef w) const {
  double acc = 0.0;
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    double sq = 0.0;
    for (const Index j : groups_[g]) sq += w[j] * w[j];
    acc += weights_[static_cast<Index>(g)] * std::sqrt(sq);
  }
  return lambda_ * acc;
}

double GroupL21::prox1d(double, double, Index) const {
  throw std::logic_error("the group penalty is not separable: use proxGroup");
}

double GroupL21::subdiffDistance(double, double, Index) const {
  throw std::logic_error("the group penalty is convex: certify with the duality gap");
}

double GroupL21::lambdaMax(CVecRef gradientAtZero) const {
  double out = 0.0;
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    double sq = 0.0;
    for (const Index j : groups_[g]) sq += gradientAtZero[j] * gradientAtZero[j];
    out = std::max(out, std::sqrt(sq) / weights_[static_cast<Index>(g)]);
  }
  return out;
}

double GroupL21::dualScale(CVecRef z) const {
  double worst = 0.0;
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    double sq = 0.0;
    for (const Index j : groups_[g]) sq += z[j] * z[j];
    worst = std::max(worst, std::sqrt(sq) / (lambda_ * weights_[static_cast<Index>(g)]));
  }
  return std::max(1.0, worst);
}

void GroupL21::proxGroup(VecRef wg, double step, Index g) const {
  prox::blockSoftThreshold(wg, step * lambda_ * weights_[g]);
}

}  // namespace lambdascope
