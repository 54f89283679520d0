#include "core/meeg/tf_mxne.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "core/meeg/tf_mxne_norms.hpp"
#include "core/solvers/anderson.hpp"
#include "core/solvers/epoch_monitor.hpp"

namespace lambdascope {

void tfMxneAlphasFromPercent(double alphaPercent, double l1Ratio, double alphaMax, TfMxneOptions& options) {
  if (!(l1Ratio >= 0.0 && l1Ratio <= 1.0)) throw std::invalid_argument("TF-MxNE: l1_ratio must be in [0, 1]");
  if (!(alphaPercent >= 0.0)) throw std::invalid_argument("TF-MxNE: alpha (%) must be ≥ 0");
  const double alpha = alphaPercent / 100.0 * alphaMax;
  options.alphaSpace = alpha * (1.0 - l1Ratio);
  options.alphaTime = alpha * l1Ratio;
}

namespace {

constexpr Index kBlock = 64;  // sources transformed together when the gap needs Φ(G_iᵀR)

/// Scratch of dualNorms().
struct DualNormScratch {
  explicit DualNormScratch(Index nCoefs) : dualNorm(nCoefs) {}
  TfDualNorm dualNorm;
  std::vector<Index> order;
  Vec bound;
  RowMat rows, frames;
  RowMatXcd coefs;
};

/// ν_ρ(Φg_i) for the rows g_i of `gtr`, returning the largest. Rows whose upper bound (below)
/// is ≤ `cutoff` are not transformed; their score is that bound. With
/// `pruneByMax`, rows are visited by decreasing bound and the walk stops once the bound is below
/// the largest value found (only the maximum is wanted then).
double dualNorms(const RowMat& gtr, const StftFrame& frame, double rho, double cutoff, bool pruneByMax,
                 DualNormScratch& s, Vec* scores) {
  const Index k = gtr.rows();
  const double* c = frame.multiplicity().data();
  // Without transforming: with y = Φg, ‖y‖ = ‖g‖ (isometry) and max|y_k| ≤ B∞ (weighted ℓ1 of
  // the windows), (|y_k| − ρt)₊ ≤ |y_k|(1 − ρt/B∞)₊, so ‖ST(y, ρt)‖ ≤ ‖g‖(1 − ρt/B∞)₊ and the
  // root of ‖ST(y, ρt)‖ = (1 − ρ)t is at most ‖g‖ / (1 − ρ + ρ‖g‖/B∞).
  s.bound.resize(k);
  for (Index i = 0; i < k; ++i) {
    const double norm = gtr.row(i).norm();
    const double inf = frame.maxModulusBound(gtr.row(i).data());
    s.bound[i] = inf > 0.0 ? norm / (1.0 - rho + rho * norm / inf) : 0.0;
  }
  double largest = 0.0;
  s.order.clear();
  for (Index i = 0; i < k; ++i) {
    if (s.bound[i] > cutoff) {
      s.order.push_back(i);
    } else {
      largest = std::max(largest, s.bound[i]);
      if (scores) (*scores)[i] = s.bound[i];
    }
  }
  if (pruneByMax)
    std::sort(s.order.begin(), s.order.end(), [&](Index a, Index b) { return s.bound[a] > s.bound[b]; });
  const auto selected = static_cast<Index>(s.order.size());
  for (Index b = 0; b < selected; b += kBlock) {
    if (pruneByMax && s.bound[s.order[static_cast<std::size_t>(b)]] <= largest) break;
    const Index size = std::min(kBlock, selected - b);
    s.rows.resize(size, gtr.cols());
    for (Index i = 0; i < size; ++i) s.rows.row(i) = gtr.row(s.order[static_cast<std::size_t>(b + i)]);
    frame.analyzeRows(s.rows, s.coefs, s.frames);
    for (Index i = 0; i < size; ++i) {
      const double nu = s.dualNorm(s.coefs.row(i).data(), c, frame.nCoefs(), rho, cutoff);
      if (scores) (*scores)[s.order[static_cast<std::size_t>(b + i)]] = nu;
      largest = std::max(largest, nu);
    }
  }
  return largest;
}

struct GapValue {
  double primal = 0.0;
  double dual = 0.0;
  double gap() const { return primal - dual; }
};

/// Block coordinate descent state on a working set W (increasing source indices).
class TfMxneBcd {
 public:
  TfMxneBcd(const Mat& G, const Mat& M, const StftFrame& frame, const TfMxneOptions& options)
      : G_(G), M_(M), frame_(frame), alphaSpace_(options.alphaSpace), alphaTime_(options.alphaTime),
        alpha_(options.alphaSpace + options.alphaTime), rho_(options.alphaTime / alpha_),
        K_(frame.nCoefs()), T_(M.cols()), scratch_(frame.nCoefs()) {
    lipschitz_ = G.colwise().squaredNorm().transpose();
    R_ = M;
    GW_.resize(G.rows(), 0);  // an empty working set: products with it are n × T zeros
    Z_.resize(0, K_);
    X_.resize(0, T_);
    g_.resize(T_);
    xNew_.resize(T_);
    y_.resize(K_);
    ws_ = frame.workspace();
  }

  const std::vector<Index>& sources() const { return W_; }
  bool nonzero(Index k) const { return nonzero_[static_cast<std::size_t>(k)] != 0; }

  /// Moves to a new working set (which must contain every non-zero source), keeping Z and X.
  void setWorkingSet(std::vector<Index> sources) {
    RowMatXcd Z = RowMatXcd::Zero(static_cast<Index>(sources.size()), K_);
    RowMat X = RowMat::Zero(static_cast<Index>(sources.size()), T_);
    std::vector<char> nz(sources.size(), 0);
    std::size_t old = 0;
    for (std::size_t k = 0; k < sources.size(); ++k) {
      while (old < W_.size() && W_[old] < sources[k]) ++old;
      if (old < W_.size() && W_[old] == sources[k] && nonzero_[old]) {
        Z.row(static_cast<Index>(k)) = Z_.row(static_cast<Index>(old));
        X.row(static_cast<Index>(k)) = X_.row(static_cast<Index>(old));
        nz[k] = 1;
      }
    }
    W_ = std::move(sources);
    Z_ = std::move(Z);
    X_ = std::move(X);
    nonzero_ = std::move(nz);
    GW_.resize(G_.rows(), static_cast<Index>(W_.size()));
    for (std::size_t k = 0; k < W_.size(); ++k) GW_.col(static_cast<Index>(k)) = G_.col(W_[k]);
    // Small sets keep H = G_Wᵀ R up to date through the Gram matrix, which touches |W|·T numbers
    // per update instead of reading and writing the n × T residual.
    useGram_ = static_cast<Index>(W_.size()) <= G_.rows();
    if (useGram_) {
      Q_.resize(GW_.cols(), GW_.cols());
      Q_.noalias() = GW_.transpose() * GW_;
      R_ = M_;
      R_.noalias() -= GW_ * X_;
      H_.resize(GW_.cols(), T_);
      H_.noalias() = GW_.transpose() * R_;
    }
    anderson_.reset(2 * static_cast<Index>(W_.size()) * K_);
  }

  /// Records the iterate after an epoch; every depth+1 epochs proposes the Anderson
  /// extrapolation of the coefficients and keeps it if it lowers the objective. Returns true
  /// when it was kept.
  bool extrapolate() {
    const auto m = 2 * static_cast<Index>(W_.size()) * K_;
    if (m == 0 || !anderson_.push(Eigen::Map<const Vec>(reinterpret_cast<const double*>(Z_.data()), m))) return false;
    zExtra_.resize(m);
    if (!anderson_.extrapolate(zExtra_)) return false;
    const double current = refreshPrimal();
    const Eigen::Map<const RowMatXcd> Z(reinterpret_cast<const Complex*>(zExtra_.data()), Z_.rows(), K_);
    xExtra_.resize(Z_.rows(), T_);
    double penalty = 0.0;
    for (Index k = 0; k < Z.rows(); ++k) {
      frame_.synthesize(Z.row(k).data(), xExtra_.row(k).data(), ws_);
      penalty += alphaSpace_ * std::sqrt(frame_.squaredNorm(Z.row(k).data())) +
                 alphaTime_ * frame_.l1Norm(Z.row(k).data());
    }
    rExtra_ = M_;
    rExtra_.noalias() -= GW_ * xExtra_;
    if (!(0.5 * rExtra_.squaredNorm() + penalty < current)) return false;
    Z_ = Z;
    X_.swap(xExtra_);
    R_.swap(rExtra_);
    for (Index k = 0; k < Z_.rows(); ++k) nonzero_[static_cast<std::size_t>(k)] = Z_.row(k).isZero(0.0) ? 0 : 1;
    if (useGram_) H_.noalias() = GW_.transpose() * R_;
    return true;
  }

  /// Starts from coefficients Z (rows for `sources`, increasing; internal layout).
  void start(std::vector<Index> sources, const RowMatXcd& Z) {
    W_ = std::move(sources);
    Z_ = Z;
    X_.resize(Z.rows(), T_);
    nonzero_.assign(W_.size(), 0);
    for (Index k = 0; k < Z.rows(); ++k) {
      frame_.synthesize(Z_.row(k).data(), X_.row(k).data(), ws_);
      nonzero_[static_cast<std::size_t>(k)] = Z_.row(k).isZero(0.0) ? 0 : 1;
    }
    setWorkingSet(W_);
  }

  /// One cyclic pass over W. False if a stop request interrupted it (the state stays exact).
  bool pass(const std::stop_token& stop) {
    const double* c = frame_.multiplicity().data();
    for (Index k = 0; k < static_cast<Index>(W_.size()); ++k) {
      if (k % 16 == 15 && stop.stop_requested()) return false;
      const double L = lipschitz_[W_[static_cast<std::size_t>(k)]];
      if (L <= 0.0) continue;
      const bool wasNonzero = nonzero_[static_cast<std::size_t>(k)] != 0;
      if (useGram_) {
        g_ = H_.row(k).transpose();
      } else {
        g_.noalias() = R_.transpose() * GW_.col(k);
      }
      // A zero block stays zero iff ν(Φg) ≤ α_space + α_time; first the bounds that need no
      // transform (see dualNorms): ‖ST(Φg/L)‖ ≤ ‖g‖/L, then the ℓ1-window one.
      if (!wasNonzero) {
        const double norm = g_.norm();
        if (norm <= alphaSpace_) continue;
        const double inf = frame_.maxModulusBound(g_.data());
        if (norm / (1.0 - rho_ + rho_ * norm / inf) <= alpha_) continue;
      }

      frame_.analyze(g_.data(), y_.data(), ws_);
      if (wasNonzero) {
        y_ = y_ / L + Z_.row(k).transpose();
      } else {
        y_ /= L;
      }
      const double norm = proxTfL21L1(y_.data(), c, K_, alphaSpace_ / L, alphaTime_ / L);
      if (norm == 0.0) {
        if (wasNonzero) {
          addToResidual(k);
          Z_.row(k).setZero();
          X_.row(k).setZero();
          nonzero_[static_cast<std::size_t>(k)] = 0;
        }
        continue;
      }
      frame_.synthesize(y_.data(), xNew_.data(), ws_);
      X_.row(k) -= xNew_.transpose();  // now −ΔX
      addToResidual(k);
      X_.row(k) = xNew_.transpose();
      Z_.row(k) = y_.transpose();
      nonzero_[static_cast<std::size_t>(k)] = 1;
    }
    return true;
  }

  /// R ← R + G_k·X_k (k in W; X_k holds −ΔX), or the same on H = G_Wᵀ R.
  void addToResidual(Index k) {
    if (useGram_) {
      H_.noalias() += Q_.col(k) * X_.row(k);
    } else {
      R_.noalias() += GW_.col(k) * X_.row(k);
    }
  }

  /// Recomputes R = M − G_W X_W exactly and returns ½‖R‖² + penalty.
  double refreshPrimal() {
    R_ = M_;
    R_.noalias() -= GW_ * X_;
    double penalty = 0.0;
    for (Index k = 0; k < static_cast<Index>(W_.size()); ++k) {
      if (!nonzero_[static_cast<std::size_t>(k)]) continue;
      penalty += alphaSpace_ * std::sqrt(frame_.squaredNorm(Z_.row(k).data())) +
                 alphaTime_ * frame_.l1Norm(Z_.row(k).data());
    }
    return 0.5 * R_.squaredNorm() + penalty;
  }

  /// MNE's dual point θ = s·R with s = min(1, α/ν), ν the largest dual norm of Φ(GᵀR) over
  /// all sources (full = true) or over W only (the working-set problem's gap).
  GapValue gap(bool full, Vec* scores) {
    GapValue value;
    value.primal = refreshPrimal();
    if (full) {
      gtr_.resize(G_.cols(), T_);
      gtr_.noalias() = G_.transpose() * R_;
    } else {
      gtr_.resize(static_cast<Index>(W_.size()), T_);
      gtr_.noalias() = GW_.transpose() * R_;
    }
    const double nu = dualNorms(gtr_, frame_, rho_, alpha_, false, scratch_, full ? scores : nullptr);
    if (useGram_) {  // resynchronise H with the exact residual
      if (full) {
        for (std::size_t k = 0; k < W_.size(); ++k) H_.row(static_cast<Index>(k)) = gtr_.row(W_[k]);
      } else {
        H_ = gtr_;
      }
    }
    const double scale = nu > alpha_ ? alpha_ / nu : 1.0;
    const double rr = R_.squaredNorm();
    const double rm = (R_.array() * M_.array()).sum();
    // D(sR) = s⟨R, M⟩ − s²/2‖R‖² = (s − s²/2)‖R‖² + s⟨R, GX⟩ (MNE's form), with GX = M − R.
    value.dual = scale * rm - 0.5 * scale * scale * rr;
    return value;
  }

  void fill(TfMxneResult& result) const {
    std::vector<Index> rows;
    for (std::size_t k = 0; k < W_.size(); ++k)
      if (nonzero_[k]) rows.push_back(static_cast<Index>(k));
    const auto a = static_cast<Index>(rows.size());
    result.activeSet.clear();
    result.timeCourses.resize(a, T_);
    RowMatXcd Z(a, K_);
    for (Index i = 0; i < a; ++i) {
      const Index k = rows[static_cast<std::size_t>(i)];
      result.activeSet.push_back(W_[static_cast<std::size_t>(k)]);
      result.timeCourses.row(i) = X_.row(k);
      Z.row(i) = Z_.row(k);
    }
    result.activeZ = frame_.toMneLayout(Z);
  }

 private:
  const Mat& G_;
  const Mat& M_;
  const StftFrame& frame_;
  double alphaSpace_, alphaTime_, alpha_, rho_;
  Index K_, T_;
  Vec lipschitz_;

  std::vector<Index> W_;
  Mat GW_;              // n × |W|
  RowMatXcd Z_;         // |W| × K, internal layout
  RowMat X_;            // |W| × T, X = Z Φᴴ
  std::vector<char> nonzero_;
  Mat R_;               // n × T residual M − G X (exact after refreshPrimal; kept by
                        // pass() only without the Gram route)
  bool useGram_ = false;
  Mat Q_;               // |W| × |W|: G_Wᵀ G_W
  RowMat H_;            // |W| × T: G_Wᵀ R
  AndersonAccelerator anderson_;
  Vec zExtra_;          // the extrapolated Z (interleaved real and imaginary parts)
  RowMat xExtra_;
  Mat rExtra_;

  Vec g_, xNew_;
  Eigen::Matrix<Complex, Eigen::Dynamic, 1> y_;
  StftFrame::Workspace ws_;
  RowMat gtr_;
  DualNormScratch scratch_;
};

void validate(const Mat& G, const Mat& M, const TfMxneOptions& o) {
  if (G.rows() != M.rows()) throw std::invalid_argument("TF-MxNE: G and M need the same number of rows (sensors)");
  if (G.cols() < 1 || M.cols() < 1) throw std::invalid_argument("TF-MxNE: empty G or M");
  if (!(o.alphaSpace >= 0.0) || !(o.alphaTime >= 0.0) || !(o.alphaSpace + o.alphaTime > 0.0))
    throw std::invalid_argument("TF-MxNE: alphaSpace and alphaTime must be ≥ 0 with a positive sum");
  if (!(o.tol >= 0.0)) throw std::invalid_argument("TF-MxNE: tol must be ≥ 0");
  if (o.maxIter < 1 || o.checkEvery < 1 || o.initialWorkingSet < 1 || !(o.innerRatio > 0.0))
    throw std::invalid_argument("TF-MxNE: maxIter, checkEvery, initialWorkingSet and innerRatio must be positive");
}

}  // namespace

double tfMxneAlphaMax(const Mat& G, const Mat& M, int wsize, int tstep, double l1Ratio) {
  if (G.rows() != M.rows()) throw std::invalid_argument("TF-MxNE: G and M need the same number of rows (sensors)");
  if (!(l1Ratio >= 0.0 && l1Ratio <= 1.0)) throw std::invalid_argument("TF-MxNE: l1_ratio must be in [0, 1]");
  const StftFrame frame(M.cols(), wsize, tstep);
  DualNormScratch scratch(frame.nCoefs());
  const RowMat gtm = G.transpose() * M;
  return dualNorms(gtm, frame, l1Ratio, -1.0, true, scratch, nullptr);
}

TfMxneResult solveTfMxne(const Mat& G, const Mat& M, const TfMxneOptions& options, ProgressObserver& observer,
                         std::stop_token stop, const TfMxneResult* warm) {
  validate(G, M, options);
  const Stopwatch clock;
  const StftFrame frame(M.cols(), options.wsize, options.tstep);
  const Index p = G.cols();
  const double alpha = options.alphaSpace + options.alphaTime;
  const double nan = std::numeric_limits<double>::quiet_NaN();

  TfMxneResult result;
  result.nFreqs = static_cast<int>(frame.nFreqs());
  result.nSteps = static_cast<int>(frame.nSteps());
  result.gapThreshold = options.tol * M.squaredNorm();
  result.termination = Termination::MaxIterations;

  TfMxneBcd bcd(G, M, frame, options);
  std::vector<Index> all(static_cast<std::size_t>(p));
  std::iota(all.begin(), all.end(), Index{0});
  if (warm && !warm->activeSet.empty()) {
    const auto a = static_cast<Index>(warm->activeSet.size());
    if (warm->activeZ.rows() != a || warm->activeZ.cols() != frame.nCoefs())
      throw std::invalid_argument("TF-MxNE: the warm start does not match T, wsize and tstep");
    for (Index i = 0; i < a; ++i) {
      const Index j = warm->activeSet[static_cast<std::size_t>(i)];
      if (j < 0 || j >= p || (i > 0 && j <= warm->activeSet[static_cast<std::size_t>(i - 1)]))
        throw std::invalid_argument("TF-MxNE: the warm start's active set must be increasing source indices");
    }
    bcd.start(warm->activeSet, frame.fromMneLayout(warm->activeZ));
  }
  if (!options.workingSets) bcd.setWorkingSet(all);

  Index extrapolations = 0;
  const auto report = [&](double objective, double gap) {
    IterationReport r{options.lambdaIndex, alpha, result.nIter, objective, gap, result.gapThreshold,
                      clock.seconds()};
    r.workingSetSize = static_cast<Index>(bcd.sources().size());
    r.extrapolations = extrapolations;
    return observer.onIteration(r);
  };

  Vec scores(p);
  std::vector<Index> order;
  Index p0 = std::min(options.initialWorkingSet, p);
  double bestDual = -std::numeric_limits<double>::infinity();
  double previousGap = std::numeric_limits<double>::infinity();
  const auto fullGap = [&] {
    const GapValue g = bcd.gap(true, &scores);
    bestDual = std::max(bestDual, g.dual);  // any dual-feasible point bounds the optimum below
    result.objective = g.primal;
    result.dualObjective = bestDual;
    result.dualityGap = g.primal - bestDual;
    result.gapHistory.push_back(result.dualityGap);
  };

  while (true) {
    fullGap();
    if (result.dualityGap <= result.gapThreshold) {
      result.termination = Termination::Converged;
      report(result.objective, result.dualityGap);
      break;
    }
    if (result.nIter >= options.maxIter) break;
    if (report(result.objective, result.dualityGap) == Control::Stop || stop.stop_requested()) {
      result.termination = Termination::Cancelled;
      break;
    }

    double innerThreshold = result.gapThreshold;
    if (options.workingSets) {
      // Support first (score +∞), then the sources whose dual norm most exceeds α.
      if (result.dualityGap > 0.5 * previousGap) p0 = std::min(2 * p0, p);
      previousGap = result.dualityGap;
      Index support = 0;
      for (std::size_t k = 0; k < bcd.sources().size(); ++k)
        if (bcd.nonzero(static_cast<Index>(k))) {
          scores[bcd.sources()[k]] = std::numeric_limits<double>::infinity();
          ++support;
        }
      const Index size = std::min(std::max(p0, 2 * support), p);
      order = all;
      std::partial_sort(order.begin(), order.begin() + size, order.end(),
                        [&](Index a, Index b) { return scores[a] > scores[b]; });
      order.resize(static_cast<std::size_t>(size));
      std::sort(order.begin(), order.end());
      bcd.setWorkingSet(order);
      innerThreshold = std::max(options.innerRatio * result.dualityGap, 0.5 * result.gapThreshold);
    }

    bool cancelled = false;
    for (int inner = 1; result.nIter < options.maxIter; ++inner) {
      if (!bcd.pass(stop)) {
        cancelled = true;
        break;
      }
      ++result.nIter;
      if (options.anderson && bcd.extrapolate()) ++extrapolations;
      if (inner % options.checkEvery == 0) {
        // Without working sets W is every source and this is the full gap.
        const GapValue sub = bcd.gap(false, nullptr);
        if (report(sub.primal, options.workingSets ? nan : sub.gap()) == Control::Stop) {
          cancelled = true;
          break;
        }
        if (sub.gap() <= innerThreshold) break;
      } else if (report(nan, nan) == Control::Stop || stop.stop_requested()) {
        cancelled = true;
        break;
      }
    }
    if (cancelled) {
      fullGap();
      result.termination = Termination::Cancelled;
      break;
    }
  }
  bcd.fill(result);
  result.seconds = clock.seconds();
  return result;
}

}  // namespace lambdascope
