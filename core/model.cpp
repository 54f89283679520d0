#include "core/model.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

#include "core/datafits/logistic.hpp"
#include "core/datafits/quadratic.hpp"
#include "core/multitask/multitask_bcd.hpp"
#include "core/multitask/multitask_quadratic.hpp"
#include "core/multitask/row_l21.hpp"
#include "core/penalties/elastic_net.hpp"
#include "core/penalties/group_l21.hpp"
#include "core/penalties/l1.hpp"
#include "core/penalties/mcp.hpp"
#include "core/penalties/scad.hpp"
#include "core/penalties/weighted_l1.hpp"
#include "core/solvers/block_cd.hpp"
#include "core/solvers/cyclic_cd.hpp"
#include "core/solvers/gram_cd.hpp"
#include "core/solvers/prox_newton.hpp"
#include "core/solvers/proximal_gradient.hpp"
#include "core/solvers/working_set_cd.hpp"

namespace lambdascope {

std::vector<std::string> availableModels() {
  return {"lasso", "enet", "wlasso", "group", "mtl", "mcp", "scad", "logreg"};
}

bool isMultitask(const std::string& model) { return model == "mtl"; }

std::string describeModel(const std::string& name) {
  if (name == "lasso") return "least squares + lambda*||w||_1";
  if (name == "enet") return "least squares + lambda*(rho*||w||_1 + (1-rho)/2*||w||^2), rho = l1 ratio";
  if (name == "wlasso") return "least squares + lambda*sum_j weight_j*|w_j| (weight 0: unpenalized)";
  if (name == "group") return "least squares + lambda*sum_G w_G*||w_G||_2 (groups: --groups or --group-size)";
  if (name == "mtl")
    return "multitask least squares (several targets, --targets) + lambda*sum_j ||row j||_2";
  if (name == "mcp") return "least squares + minimax concave penalty (gamma > 1; non-convex)";
  if (name == "scad") return "least squares + SCAD penalty (gamma > 2; non-convex)";
  if (name == "logreg") return "logistic loss (two classes) + lambda*||w||_1";
  return name;
}

double ModelSpec::effectiveGamma() const {
  if (gamma > 0.0) return gamma;
  return model == "scad" ? 3.7 : 3.0;
}
std::vector<std::string> availableSolvers() { return {"auto", "ws-cd", "gram-cd", "cd", "bcd", "ws-bcd", "prox-newton", "fista", "ista"}; }

std::string ModelSpec::validate() const {
  std::ostringstream err;
  if (!(tol > 0.0) || !std::isfinite(tol)) err << "tol must be a positive number, got " << tol;
  else if (maxEpochs < 1) err << "max epochs must be at least 1, got " << maxEpochs;
  else if (checkEvery < 1) err << "gap check frequency must be at least 1, got " << checkEvery;
  else if (model == "enet" && !(l1Ratio > 0.0 && l1Ratio <= 1.0))
    err << "l1-ratio must be in (0, 1] for a path from lambda_max, got " << l1Ratio;
  else if (model == "mcp" && !(effectiveGamma() > 1.0)) err << "gamma must be > 1 for MCP, got " << gamma;
  else if (model == "scad" && !(effectiveGamma() > 2.0)) err << "gamma must be > 2 for SCAD, got " << gamma;
  else if (model == "wlasso" && weights.empty()) err << "the weighted lasso needs feature weights";
  else if (model == "group" && groupLabels.empty() && groupSize < 1)
    err << "the group lasso needs groups: one label per feature, or a group size >= 1";
  else if (positive && (model == "mcp" || model == "scad" || model == "group" || model == "mtl"))
    err << "the positivity constraint is available for lasso, enet, wlasso and logreg, not " << model;
  else if (model == "mtl" && !(solver == "auto" || solver == "ws-bcd" || solver == "bcd"))
    err << "the multitask model is solved by block coordinate descent: solver auto, ws-bcd or bcd, not "
        << solver;
  else if (model == "mtl" && !sampleWeights.empty())
    err << "sample weights are available for single-target models, not for the multitask model";
  else if (model != "mtl" && solver == "ws-bcd")
    err << "working-set block coordinate descent (ws-bcd) solves the multitask model (mtl); for "
        << model << " choose another solver (bcd for groups)";
  else {
    for (std::size_t i = 0; i < sampleWeights.size(); ++i)
      if (!(sampleWeights[i] > 0.0) || !std::isfinite(sampleWeights[i])) {
        err << "sample weight #" << (i + 1) << " must be a finite number > 0, got " << sampleWeights[i];
        return err.str();
      }
    for (std::size_t j = 0; j < weights.size(); ++j)
      if (!(weights[j] >= 0.0) || !std::isfinite(weights[j])) {
        err << "weight #" << (j + 1) << " must be a finite number >= 0, got " << weights[j];
        break;
      }
  }
  return err.str();
}

Model makeModel(const ModelSpec& spec, Index features, Index samples) {
  Model m;
  if (auto err = spec.validate(); !err.empty()) throw std::invalid_argument(err);
  if (isMultitask(spec.model))
    throw std::invalid_argument("'" + spec.model + "' is a multitask model (build it with makeMultitaskModel)");
  if (spec.model == "lasso") {
    m.datafit = std::make_unique<Quadratic>();
    m.penalty = std::make_unique<L1>(1.0, spec.positive);
  } else if (spec.model == "enet") {
    m.datafit = std::make_unique<Quadratic>();
    m.penalty = std::make_unique<ElasticNet>(1.0, spec.l1Ratio, spec.positive);
  } else if (spec.model == "wlasso") {
    m.datafit = std::make_unique<Quadratic>();
    m.penalty = std::make_unique<WeightedL1>(
        Eigen::Map<const Vec>(spec.weights.data(), static_cast<Index>(spec.weights.size())), 1.0,
        spec.positive);
  } else if (spec.model == "group") {
    if (features < 1) throw std::invalid_argument("the group lasso needs the number of features");
    if (!spec.groupLabels.empty() && static_cast<Index>(spec.groupLabels.size()) != features)
      throw std::invalid_argument("groups: expected one label per feature (" + std::to_string(features) +
                                  "), got " + std::to_string(spec.groupLabels.size()));
    auto groups = spec.groupLabels.empty() ? GroupL21::contiguousGroups(features, spec.groupSize)
                                           : GroupL21::groupsFromLabels(spec.groupLabels);
    m.datafit = std::make_unique<Quadratic>();
    m.penalty = std::make_unique<GroupL21>(std::move(groups), features, spec.groupSqrtWeights);
  } else if (spec.model == "mcp") {
    m.datafit = std::make_unique<Quadratic>();
    m.penalty = std::make_unique<Mcp>(1.0, spec.effectiveGamma());
  } else if (spec.model == "scad") {
    m.datafit = std::make_unique<Quadratic>();
    m.penalty = std::make_unique<Scad>(1.0, spec.effectiveGamma());
  } else if (spec.model == "logreg") {
    m.datafit = std::make_unique<Logistic>();
    m.penalty = std::make_unique<L1>(1.0, spec.positive);
  } else {
    throw std::invalid_argument("unknown model '" + spec.model + "'");
  }
  if (!spec.sampleWeights.empty())
    m.datafit->setSampleWeights(
        Eigen::Map<const Vec>(spec.sampleWeights.data(), static_cast<Index>(spec.sampleWeights.size())));
  std::string solver = spec.solver;
  if (solver == "auto") {
    // Block penalties: block CD; quadratic datafits: working-set CD; others: proximal Newton,
    // which freezes the curvature and saves the per-update exponentials.
    solver = !m.penalty->traits().separable ? "bcd" : m.datafit->isQuadratic() ? "ws-cd" : "prox-newton";
    // Least squares with n ≥ p (and p small enough for Gram columns to stay cheap): covariance
    // updates cost O(p) instead of O(n) per coordinate (glmnet's choice below 500 features).
    if (solver == "ws-cd" && !m.datafit->weighted() && samples >= features && features > 0 && features <= 1000)
      solver = "gram-cd";
  }
  if (solver == "ws-cd") {
    m.solver = std::make_unique<WorkingSetCd>();
  } else if (solver == "gram-cd") {
    m.solver = std::make_unique<GramCd>();
  } else if (solver == "cd") {
    m.solver = std::make_unique<CyclicCd>();
  } else if (solver == "prox-newton") {
    m.solver = std::make_unique<ProxNewton>();
  } else if (solver == "bcd") {
    m.solver = std::make_unique<BlockCd>();
  } else if (solver == "fista" || solver == "ista") {
    m.solver = std::make_unique<ProximalGradient>(solver == "fista");
  } else {
    throw std::invalid_argument("unknown solver '" + spec.solver + "'");
  }
  if (auto why = m.solver->incompatibility(*m.datafit, *m.penalty))
    throw std::invalid_argument(*why);
  return m;
}

MultitaskModel makeMultitaskModel(const ModelSpec& spec, Index features) {
  if (auto err = spec.validate(); !err.empty()) throw std::invalid_argument(err);
  if (!isMultitask(spec.model)) throw std::invalid_argument("'" + spec.model + "' is not a multitask model");
  MultitaskModel m;
  m.datafit = std::make_unique<MultitaskQuadratic>();
  Vec weights;
  if (!spec.weights.empty()) {
    if (features > 0 && static_cast<Index>(spec.weights.size()) != features)
      throw std::invalid_argument("weights: expected one per feature (" + std::to_string(features) +
                                  "), got " + std::to_string(spec.weights.size()));
    weights = Eigen::Map<const Vec>(spec.weights.data(), static_cast<Index>(spec.weights.size()));
  }
  m.penalty = std::make_unique<RowL21>(std::move(weights));
  MultitaskBcd::Options options;
  options.workingSets = spec.solver != "bcd";
  m.solver = std::make_unique<MultitaskBcd>(options);
  return m;
}

}  // namespace lambdascope
