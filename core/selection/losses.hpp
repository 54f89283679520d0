#pragma once
// Validation losses of a fitted linear predictor η on held-out rows.

#include <string>

#include "core/types.hpp"

namespace lambdascope {

enum class ValidationLoss {
  Mse,                ///< (1/m) Σ (y_i − η_i)²
  Deviance,           ///< logistic, y ∈ {−1, +1}: (1/m) Σ 2·log(1 + exp(−y_i η_i)) (glmnet's binomial deviance)
  Misclassification,  ///< logistic: (1/m) #{i : sign(η_i) ≠ y_i}, η = 0 counted as −1 (p ≤ 1/2)
};

/// "mse", "deviance", "misclassification" (also "class"); throws std::invalid_argument otherwise.
ValidationLoss validationLossFromString(const std::string& name);
const char* toString(ValidationLoss loss);

/// The loss averaged over the rows. y in the datafit's coding (−1/+1 for the logistic ones).
double meanValidationLoss(ValidationLoss loss, CVecRef y, CVecRef eta);

/// The loss and its gradient with respect to η (Mse and Deviance; Misclassification is piecewise
/// constant and throws std::invalid_argument).
double validationLossGradient(ValidationLoss loss, CVecRef y, CVecRef eta, VecRef gradEta);

}  // namespace lambdascope
