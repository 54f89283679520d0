#include "core/selection/losses.hpp"

#include <cmath>
#include <stdexcept>

#include "core/datafits/logistic_loss.hpp"

namespace lambdascope {

namespace {
/// log(1 + exp(t)) without overflow.
double softplus(double t) { return logLoss(-t); }
}  // namespace

ValidationLoss validationLossFromString(const std::string& name) {
  if (name == "mse") return ValidationLoss::Mse;
  if (name == "deviance") return ValidationLoss::Deviance;
  if (name == "misclassification" || name == "class") return ValidationLoss::Misclassification;
  throw std::invalid_argument("unknown loss '" + name + "' (mse, deviance, misclassification)");
}

const char* toString(ValidationLoss loss) {
  switch (loss) {
    case ValidationLoss::Mse: return "mse";
    case ValidationLoss::Deviance: return "deviance";
    case ValidationLoss::Misclassification: return "misclassification";
  }
  return "?";
}

double meanValidationLoss(ValidationLoss loss, CVecRef y, CVecRef eta) {
  const Index m = y.size();
  if (m == 0) return std::numeric_limits<double>::quiet_NaN();
  double acc = 0.0;
  switch (loss) {
    case ValidationLoss::Mse:
      acc = (y - eta).squaredNorm();
      break;
    case ValidationLoss::Deviance:
      for (Index i = 0; i < m; ++i) acc += 2.0 * softplus(-y[i] * eta[i]);
      break;
    case ValidationLoss::Misclassification:
      for (Index i = 0; i < m; ++i) acc += ((eta[i] > 0.0 ? 1.0 : -1.0) != y[i]) ? 1.0 : 0.0;
      break;
  }
  return acc / static_cast<double>(m);
}

double validationLossGradient(ValidationLoss loss, CVecRef y, CVecRef eta, VecRef gradEta) {
  const Index m = y.size();
  const double inv = 1.0 / static_cast<double>(m);
  switch (loss) {
    case ValidationLoss::Mse:
      gradEta = -2.0 * inv * (y - eta);
      return inv * (y - eta).squaredNorm();
    case ValidationLoss::Deviance: {
      double acc = 0.0;
      for (Index i = 0; i < m; ++i) {
        acc += 2.0 * softplus(-y[i] * eta[i]);
        gradEta[i] = -2.0 * inv * y[i] * sigmoid(-y[i] * eta[i]);
      }
      return acc * inv;
    }
    case ValidationLoss::Misclassification:
      break;
  }
  throw std::invalid_argument("the misclassification rate is piecewise constant: it has no gradient");
}

}  // namespace lambdascope
