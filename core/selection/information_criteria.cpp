#include "core/selection/information_criteria.hpp"

#include <cmath>
#include <limits>

#include "core/selection/bilevel_criterion.hpp"
#include "core/selection/row_subset.hpp"

namespace lambdascope {

namespace {
Index argmin(const std::vector<double>& v) {
  Index best = -1;
  for (std::size_t k = 0; k < v.size(); ++k)
    if (std::isfinite(v[k]) && (best < 0 || v[k] < v[static_cast<std::size_t>(best)])) best = static_cast<Index>(k);
  return best;
}
double logBinomial(double p, double k) { return std::lgamma(p + 1.0) - std::lgamma(k + 1.0) - std::lgamma(p - k + 1.0); }
}  // namespace

PathCriteria pathCriteria(const Dataset& data, const ModelSpec& spec, const PathResult& path,
                          std::optional<double> sigma, double ebicGamma) {
  PathCriteria out;
  out.ebicGamma = ebicGamma;
  const bool logistic = spec.model == "logreg";
  const Vec y = makeModel(spec.model == "wlasso" && spec.weights.empty() ? ModelSpec{} : spec, data.features())
                    .datafit->canonicalTarget(data.target());
  const double n = static_cast<double>(data.samples());
  const double p = static_cast<double>(data.features());
  if (!logistic) {
    if (sigma) {
      out.sigma = *sigma;
      out.sigmaMethod = "user";
    } else {
      const NoiseEstimate est = estimateNoise(data, spec);
      out.sigma = est.sigma;
      out.sigmaMethod = est.method;
    }
  }
  for (const PathPoint& pt : path.points) {
    const Vec eta = linearPredictor(*data.storage(), pt.support, pt.values, pt.intercept);
    double fit = 0.0;
    if (logistic) {
      for (Index i = 0; i < eta.size(); ++i) {
        const double t = -y[i] * eta[i];
        fit += 2.0 * (t > 0.0 ? t + std::log1p(std::exp(-t)) : std::log1p(std::exp(t)));
      }
    } else {
      fit = (y - eta).squaredNorm();
    }
    const double k = static_cast<double>(pt.support.size());
    const double df = k + (spec.preprocessing.fitIntercept ? 1.0 : 0.0);
    const double base = logistic ? fit : n * std::log(std::max(fit, 1e-300) / n);
    out.lambdas.push_back(pt.lambda);
    out.df.push_back(df);
    out.fit.push_back(fit);
    if (!logistic) out.sure.push_back(fit / n - out.sigma * out.sigma + 2.0 * out.sigma * out.sigma * df / n);
    out.aic.push_back(base + 2.0 * df);
    out.bic.push_back(base + std::log(n) * df);
    out.ebic.push_back(out.bic.back() + 2.0 * ebicGamma * logBinomial(p, k));
  }
  out.indexSure = argmin(out.sure);
  out.indexAic = argmin(out.aic);
  out.indexBic = argmin(out.bic);
  out.indexEbic = argmin(out.ebic);
  return out;
}

}  // namespace lambdascope
