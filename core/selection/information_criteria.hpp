#pragma once
// Closed-form criteria along a path: SURE for the Lasso with df = |support| (Zou, Hastie &
// Tibshirani 2007), AIC, BIC and the extended BIC (Chen & Chen 2008).

#include <optional>
#include <string>
#include <vector>

#include "core/path/regularization_path.hpp"

namespace lambdascope {

struct PathCriteria {
  std::vector<double> lambdas;
  std::vector<double> df;        ///< |support| + 1 for a fitted intercept
  std::vector<double> fit;       ///< least squares: RSS; logistic: deviance 2Σlog(1+exp(−yη))
  std::vector<double> sure;      ///< RSS/n − σ² + 2σ²·df/n (least squares only; else empty)
  std::vector<double> aic;       ///< n·log(RSS/n) + 2·df   (logistic: deviance + 2·df)
  std::vector<double> bic;       ///< n·log(RSS/n) + log(n)·df
  std::vector<double> ebic;      ///< BIC + 2γ·log C(p, |support|)
  Index indexSure = -1, indexAic = -1, indexBic = -1, indexEbic = -1;
  double sigma = 0.0;            ///< noise level used by SURE
  std::string sigmaMethod;
  double ebicGamma = 1.0;
};

/// Criteria of each solved point of `path` (fitted on all of `data`). `sigma` as given, else
/// estimated (estimateNoise); SURE is left empty for the logistic model.
PathCriteria pathCriteria(const Dataset& data, const ModelSpec& spec, const PathResult& path,
                          std::optional<double> sigma, double ebicGamma = 1.0);

}  // namespace lambdascope
