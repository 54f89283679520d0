#include "core/selection/hyper_space.hpp"

#include <cmath>
#include <stdexcept>

#include "core/penalties/elastic_net.hpp"
#include "core/penalties/weighted_l1.hpp"

namespace lambdascope {

HyperSpace HyperSpace::forModel(const ModelSpec& spec, Index p) {
  HyperSpace s;
  s.model_ = spec.model;
  s.positive_ = spec.positive;
  s.l1Index_.assign(static_cast<std::size_t>(p), 0);
  if (spec.model == "lasso" || spec.model == "logreg") {
    s.dimension_ = 1;
  } else if (spec.model == "enet") {
    if (!(spec.l1Ratio > 0.0 && spec.l1Ratio < 1.0))
      throw std::invalid_argument("the elastic net's two hyperparameters need 0 < l1-ratio < 1, got " +
                                  std::to_string(spec.l1Ratio));
    s.dimension_ = 2;
    s.l2Index_ = 1;
  } else if (spec.model == "wlasso") {
    s.weights_ = spec.weights.empty()
                     ? Vec(Vec::Ones(p))
                     : Vec(Eigen::Map<const Vec>(spec.weights.data(), static_cast<Index>(spec.weights.size())));
    if (s.weights_.size() != p)
      throw std::invalid_argument("weights: expected one per feature (" + std::to_string(p) + "), got " +
                                  std::to_string(s.weights_.size()));
    Index k = 0;
    for (Index j = 0; j < p; ++j) {
      if (s.weights_[j] > 0.0) {
        s.l1Index_[static_cast<std::size_t>(j)] = k++;
        s.hyperFeature_.push_back(j);
      } else {
        s.l1Index_[static_cast<std::size_t>(j)] = -1;
      }
    }
    if (k == 0) throw std::invalid_argument("the weighted lasso has no penalised feature to tune");
    s.dimension_ = k;
  } else {
    throw std::invalid_argument("hypergradients are available for lasso, enet, wlasso and logreg, not '" +
                                spec.model + "'");
  }
  return s;
}

Index HyperSpace::featureOfHyper(Index k) const {
  return hyperFeature_.empty() ? -1 : hyperFeature_[static_cast<std::size_t>(k)];
}

Vec HyperSpace::fromLogLambda(double logLambda, double l1Ratio) const {
  Vec theta(dimension_);
  if (model_ == "enet") {
    theta[0] = logLambda + std::log(l1Ratio);
    theta[1] = logLambda + std::log1p(-l1Ratio);
  } else if (model_ == "wlasso") {
    for (Index k = 0; k < dimension_; ++k) theta[k] = logLambda + std::log(weights_[hyperFeature_[static_cast<std::size_t>(k)]]);
  } else {
    theta[0] = logLambda;
  }
  return theta;
}

double HyperSpace::logLambda(const Vec& theta) const {
  if (model_ == "enet") return std::log(std::exp(theta[0]) + std::exp(theta[1]));
  if (model_ == "wlasso") {
    double acc = 0.0;
    for (Index k = 0; k < dimension_; ++k) acc += theta[k] - std::log(weights_[hyperFeature_[static_cast<std::size_t>(k)]]);
    return acc / static_cast<double>(dimension_);
  }
  return theta[0];
}

double HyperSpace::l1Ratio(const Vec& theta) const {
  if (model_ != "enet") return 1.0;
  const double a = std::exp(theta[0]);
  return a / (a + std::exp(theta[1]));
}

void HyperSpace::levels(const Vec& theta, Vec& l1, double& l2) const {
  const Index p = features();
  l1.resize(p);
  for (Index j = 0; j < p; ++j) {
    const Index k = l1Index_[static_cast<std::size_t>(j)];
    l1[j] = k < 0 ? 0.0 : std::exp(theta[k]);
  }
  l2 = l2Index_ < 0 ? 0.0 : std::exp(theta[l2Index_]);
}

std::unique_ptr<Penalty> HyperSpace::makePenalty(const Vec& theta) const {
  Vec l1;
  double l2 = 0.0;
  levels(theta, l1, l2);
  if (model_ == "enet") {
    const double lambda = l1[0] + l2;
    return std::make_unique<ElasticNet>(lambda, l1[0] / lambda, positive_);
  }
  // Lasso and logreg: one common level; a weighted ℓ1 with equal weights is the same penalty.
  return std::make_unique<WeightedL1>(l1, 1.0, positive_);
}

std::vector<std::string> HyperSpace::names(const std::vector<std::string>& featureNames) const {
  if (model_ == "enet") return {"log_lambda1", "log_lambda2"};
  if (model_ != "wlasso") return {"log_lambda"};
  std::vector<std::string> out;
  for (const Index j : hyperFeature_)
    out.push_back("log_lambda_" + (static_cast<std::size_t>(j) < featureNames.size() ? featureNames[static_cast<std::size_t>(j)]
                                                                                    : std::to_string(j)));
  return out;
}

}  // namespace lambdascope
