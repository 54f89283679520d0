#include "core/meeg/mxne.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/design_matrix.hpp"
#include "core/multitask/multitask_bcd.hpp"
#include "core/multitask/multitask_quadratic.hpp"
#include "core/multitask/row_l21.hpp"
#include "core/solvers/epoch_monitor.hpp"

namespace lambdascope {

struct MxneProblem::Impl {
  std::shared_ptr<const FeatureStorage> storage;  // G, shared between measurement sets
  DesignMatrix X;                                 // G as is: no centring, unit scale
  Mat M;
  MultitaskQuadratic datafit{1.0};                // 1/2‖M − GB‖²_F (MxNE's scale)

  Impl(std::shared_ptr<const FeatureStorage> g, const Mat& m) : storage(std::move(g)), X(storage, Vec(), Vec()), M(m) {
    if (M.rows() != X.rows()) throw std::invalid_argument("MxNE: M and G have different numbers of sensors");
    datafit.prepare(X, M);
  }
  const Mat& G() const { return std::get<Mat>(*storage); }
};

MxneProblem::MxneProblem(const Mat& G, const Mat& M)
    : impl_(std::make_unique<Impl>(std::make_shared<const FeatureStorage>(G), M)) {}
MxneProblem::MxneProblem(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
MxneProblem::~MxneProblem() = default;

Index MxneProblem::sensors() const { return impl_->X.rows(); }
Index MxneProblem::sources() const { return impl_->X.cols(); }
Index MxneProblem::timePoints() const { return impl_->M.cols(); }
const Mat& MxneProblem::G() const { return impl_->G(); }
const Mat& MxneProblem::M() const { return impl_->M; }

double MxneProblem::alphaMax(const Vec& weights) const {
  const Mat GtM = G().transpose() * M();
  Vec norms = GtM.rowwise().norm();
  if (weights.size()) norms.array() /= weights.array();
  return norms.size() ? norms.maxCoeff() : 0.0;
}

std::unique_ptr<MxneProblem> MxneProblem::withMeasurements(const Mat& M) const {
  return std::unique_ptr<MxneProblem>(new MxneProblem(std::make_unique<Impl>(impl_->storage, M)));
}

MxneResult MxneProblem::solve(const MxneOptions& options, const RowMat* warm, ProgressObserver& observer,
                              std::stop_token stop) const {
  const Stopwatch clock;
  const Index p = sources(), T = timePoints();
  if (!(options.alpha > 0.0)) throw std::invalid_argument("MxNE: alpha must be > 0");
  if (options.weights.size() && options.weights.size() != p)
    throw std::invalid_argument("MxNE: one weight per source expected");
  if (warm && (warm->rows() != p || warm->cols() != T)) throw std::invalid_argument("MxNE: warm start of the wrong shape");
  const RowL21 penalty(options.weights, options.alpha);
  const MultitaskProblem problem{impl_->X, impl_->M, impl_->datafit, false};
  SolverOptions so;
  // The gap is a difference of two numbers of size ‖M‖²: below ~1e-13 of that it is rounding
  // noise and the working-set loop could never certify, so the threshold is floored there.
  so.stopThreshold = std::max(options.gapThreshold, kMxneGapFloor * impl_->M.squaredNorm());
  so.maxEpochs = options.maxIter;
  so.lambdaIndex = options.lambdaIndex;
  MultitaskWarmStart start{warm ? *warm : RowMat::Zero(p, T), Vec::Zero(T)};
  const MultitaskBcd bcd;
  MultitaskSolveResult r = bcd.solve(problem, penalty, &start, so, observer, stop);

  MxneResult out;
  for (Index j = 0; j < p; ++j)
    if (!r.B.row(j).isZero(0.0)) out.activeSet.push_back(j);
  out.activeRows.resize(static_cast<Index>(out.activeSet.size()), T);
  for (std::size_t k = 0; k < out.activeSet.size(); ++k) out.activeRows.row(static_cast<Index>(k)) = r.B.row(out.activeSet[k]);
  out.B = std::move(r.B);
  out.objective = r.objective;
  out.dualityGap = r.stopCriterion;
  out.nIter = r.epochs;
  out.termination = r.termination;
  out.seconds = clock.seconds();
  return out;
}

MxneCertificate mxneCertificate(const Mat& G, const Mat& M, const RowMat& B, double alpha, const Vec& weights) {
  const Mat R = M - G * B;
  Vec norms = B.rowwise().norm();
  if (weights.size()) norms.array() *= weights.array();
  MxneCertificate c;
  c.primal = 0.5 * R.squaredNorm() + alpha * norms.sum();
  // The dual point R/s, s the smallest scaling that puts it in the dual ball ‖G_iᵀU‖ ≤ αw_i.
  Vec dualNorms = (G.transpose() * R).rowwise().norm();
  if (weights.size()) dualNorms.array() /= weights.array();
  const double s = std::max(1.0, dualNorms.maxCoeff() / alpha);
  c.dual = 0.5 * M.squaredNorm() - 0.5 * (M - R / s).squaredNorm();
  return c;
}

MxneResult solveMxne(const Mat& G, const Mat& M, const MxneOptions& options, ProgressObserver& observer,
                     std::stop_token stop) {
  const MxneProblem problem(G, M);
  return problem.solve(options, nullptr, observer, std::move(stop));
}

}  // namespace lambdascope
