#include "core/meeg/meeg_selection.hpp"

#include <cmath>
#include <random>
#include <stdexcept>

namespace lambdascope {

Mat numpyLegacyRandn(std::uint32_t seed, Index rows, Index cols) {
  std::mt19937 mt(seed);  // NumPy's mt19937_seed is MT's init_genrand
  const auto nextDouble = [&] {
    const double a = static_cast<double>(mt() >> 5), b = static_cast<double>(mt() >> 6);
    return (a * 67108864.0 + b) / 9007199254740992.0;
  };
  bool hasCached = false;
  double cached = 0.0;
  const auto gauss = [&] {
    if (hasCached) {
      hasCached = false;
      return cached;
    }
    double x1, x2, r2;
    do {
      x1 = 2.0 * nextDouble() - 1.0;
      x2 = 2.0 * nextDouble() - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 == 0.0);
    const double f = std::sqrt(-2.0 * std::log(r2) / r2);
    cached = f * x1;
    hasCached = true;
    return f * x2;
  };
  Mat out(rows, cols);
  for (Index i = 0; i < rows; ++i)
    for (Index j = 0; j < cols; ++j) out(i, j) = gauss();
  return out;
}

double sureEpsilon(Index sensors, double sigma) { return 2.0 * sigma / std::pow(static_cast<double>(sensors), 0.3); }

SureValue fdmcSure(const Mat& G, const Mat& M, const RowMat& B, const RowMat& Beps, const Mat& delta, double eps,
                   double sigma) {
  SureValue v;
  // Only the rows active in either estimate contribute to G·(Beps − B) and G·B.
  const Index p = B.rows(), T = B.cols();
  Mat GB = Mat::Zero(G.rows(), T), GD = Mat::Zero(G.rows(), T);
  for (Index j = 0; j < p; ++j) {
    const bool a = !B.row(j).isZero(0.0), b = !Beps.row(j).isZero(0.0);
    if (a) GB.noalias() += G.col(j) * B.row(j);
    if (a || b) GD.noalias() += G.col(j) * (Beps.row(j) - B.row(j));
  }
  v.dof = (GD.array() * delta.array()).sum() / eps;
  v.residual2 = (M - GB).squaredNorm();
  v.sure = v.residual2 - static_cast<double>(M.size()) * sigma * sigma + 2.0 * v.dof * sigma * sigma;
  return v;
}

TimeSplit holdoutSplit(Index timePoints, int every) {
  if (every < 2) throw std::invalid_argument("hold-out: every must be >= 2");
  TimeSplit s;
  for (Index t = 0; t < timePoints; ++t) {
    const bool test = t >= 1 && t <= timePoints - 2 && t % every == 0;
    (test ? s.test : s.train).push_back(t);
  }
  return s;
}

double holdoutScore(const Mat& G, const Mat& M, const TimeSplit& split, const RowMat& Btrain) {
  if (split.test.empty()) return std::nan("");
  std::vector<Index> active;
  for (Index j = 0; j < Btrain.rows(); ++j)
    if (!Btrain.row(j).isZero(0.0)) active.push_back(j);
  Mat GA(G.rows(), static_cast<Index>(active.size()));
  for (std::size_t a = 0; a < active.size(); ++a) GA.col(static_cast<Index>(a)) = G.col(active[a]);
  double sum = 0.0;
  std::size_t k = 0;  // position of the first training sample after t
  Vec b(static_cast<Index>(active.size()));
  for (const Index t : split.test) {
    while (k < split.train.size() && split.train[k] < t) ++k;
    // The split keeps the first and last samples in training, so both neighbours exist.
    const Index t0 = split.train[k - 1], t1 = split.train[k];
    const double w1 = static_cast<double>(t - t0) / static_cast<double>(t1 - t0);
    for (std::size_t a = 0; a < active.size(); ++a)
      b[static_cast<Index>(a)] = (1.0 - w1) * Btrain(active[a], static_cast<Index>(k - 1)) + w1 * Btrain(active[a], static_cast<Index>(k));
    sum += (M.col(t) - GA * b).squaredNorm();
  }
  return sum / (static_cast<double>(G.rows()) * static_cast<double>(split.test.size()));
}

Mat selectColumns(const Mat& M, const std::vector<Index>& cols) {
  Mat out(M.rows(), static_cast<Index>(cols.size()));
  for (std::size_t c = 0; c < cols.size(); ++c) out.col(static_cast<Index>(c)) = M.col(cols[c]);
  return out;
}

}  // namespace lambdascope
