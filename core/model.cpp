#include "core/model.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

#include "core/datafits/logistic.hpp"
#include "core/datafits/quadratic.hpp"
#include "core/penalties/l1.hpp"
#include "core/solvers/cyclic_cd.hpp"
#include "core/solvers/working_set_cd.hpp"

namespace lambdascope {

std::vector<std::string> availableModels() { return {"lasso", "logreg"}; }
std::vector<std::string> availableSolvers() { return {"ws-cd", "cd"}; }

std::string ModelSpec::validate() const {
  std::ostringstream err;
  if (!(tol > 0.0) || !std::isfinite(tol)) err << "tol must be a positive number, got " << tol;
  else if (maxEpochs < 1) err << "max epochs must be at least 1, got " << maxEpochs;
  else if (checkEvery < 1) err << "gap check frequency must be at least 1, got " << checkEvery;
  return err.str();
}

Model makeModel(const ModelSpec& spec) {
  Model m;
  if (spec.model == "lasso") {
    m.datafit = std::make_unique<Quadratic>();
    m.penalty = std::make_unique<L1>();
  } else if (spec.model == "logreg") {
    m.datafit = std::make_unique<Logistic>();
    m.penalty = std::make_unique<L1>();
  } else {
    throw std::invalid_argument("unknown model '" + spec.model + "'");
  }
  if (spec.solver == "ws-cd") {
    m.solver = std::make_unique<WorkingSetCd>();
  } else if (spec.solver == "cd") {
    m.solver = std::make_unique<CyclicCd>();
  } else {
    throw std::invalid_argument("unknown solver '" + spec.solver + "'");
  }
  if (auto why = m.solver->incompatibility(*m.datafit, *m.penalty))
    throw std::invalid_argument(*why);
  return m;
}

}  // namespace lambdascope
