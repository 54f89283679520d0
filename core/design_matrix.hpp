#pragma once
// The only code that knows whether X is dense column-major or CSC.

#include <memory>
#include <span>
#include <variant>

#include "core/shifted_matrix.hpp"
#include "core/shifted_vector.hpp"
#include "core/types.hpp"

namespace lambdascope {

/// Raw feature storage shared (read-only) by every view of a dataset.
using FeatureStorage = std::variant<Mat, SpMat>;

/// Eigen 3.4's SparseMatrix has no move constructor: std::move of a CSC matrix into a variant, a
/// by-value parameter or make_shared copies every non-zero. These hand its arrays over by swap.
FeatureStorage takeStorage(SpMat&& X);
std::shared_ptr<const FeatureStorage> shareStorage(FeatureStorage&& X);

/// X̃ = (X − 1μᵀ)·diag(1/s): a read-only view of raw features with implicit centering μ and
/// scaling s. Centering is never materialised, so sparse X stays sparse; every column kernel
/// costs O(n) for dense storage and O(nnz_j) for CSC.
class DesignMatrix {
 public:
  DesignMatrix() = default;
  /// `center`/`scale` may be empty (no centering / unit scale); otherwise of size p.
  DesignMatrix(std::shared_ptr<const FeatureStorage> storage, Vec center, Vec scale);

  Index rows() const { return rows_; }
  Index cols() const { return cols_; }
  bool isSparse() const { return sparse_ != nullptr; }
  Index nonZeros() const;
  double density() const;

  const Vec& center() const { return center_; }  ///< μ (zeros when not centred)
  const Vec& scale() const { return scale_; }    ///< s (ones when not scaled)

  /// x̃_jᵀ v for a plain vector (O(n)).
  double colDot(Index j, CVecRef v) const;
  /// x̃_jᵀ (base + shift·1), O(nnz_j) for sparse storage.
  double colDot(Index j, const ShiftedVector& v) const;
  /// out[j] = x̃_jᵀ v for the listed columns only: O(Σ nnz_j) for sparse storage, as the sum of v
  /// that centring needs is taken once instead of once per column (colDot).
  void transposeTimes(std::span<const Index> cols, CVecRef v, VecRef out) const;
  /// v += a·x̃_j, O(nnz_j) for sparse storage.
  void colAxpy(Index j, double a, ShiftedVector& v) const;
  /// Σ_i x̃_ij·g(i) for a sample-wise function g (datafits whose gradient is not affine in η).
  /// O(nnz_j) for an uncentred sparse column; centring costs a full pass for Σ_i g(i).
  template <typename SampleFn>
  double colDotMap(Index j, SampleFn&& g) const {
    const double mu = center_[j];
    double acc = 0.0;
    if (dense_) {
      const double* x = dense_->col(j).data();
      for (Index i = 0; i < rows_; ++i) acc += (x[i] - mu) * g(i);
      return acc / scale_[j];
    }
    for (SpMat::InnerIterator it(*sparse_, j); it; ++it) acc += it.value() * g(it.index());
    if (mu != 0.0) {
      double total = 0.0;
      for (Index i = 0; i < rows_; ++i) total += g(i);
      acc -= mu * total;
    }
    return acc / scale_[j];
  }

  /// out = x̃_jᵀ R (length T) for an n × T shifted matrix, O(nnz_j·T) for sparse storage.
  void colTransposeTimes(Index j, const ShiftedMatrix& R, VecRef out) const;
  /// R += x̃_j·δᵀ (δ of length T), O(nnz_j·T) for sparse storage.
  void colRankOneUpdate(Index j, CVecRef delta, ShiftedMatrix& R) const;
  /// out = X̃ᵀ R (p × T), one matrix product plus rank-one corrections for centring.
  void applyTransposed(const ShiftedMatrix& R, Eigen::Ref<Mat> out) const;

  /// Σ_i h_i·x̃_ij², the column's norm weighted by h (Newton models).
  double colWeightedSquaredNorm(Index j, CVecRef h) const;
  /// out += a·(h ∘ x̃_j) for a plain vector (h empty: unweighted). O(nnz_j) for an uncentred
  /// sparse column.
  void colAxpy(Index j, double a, VecRef out, const Vec* h = nullptr) const;

  /// ‖x̃_j‖².
  double colSquaredNorm(Index j) const { return colSqNorm_[j]; }
  /// Σ_i x̃_ij (zero when centred on the column mean).
  double colSum(Index j) const { return (rawColSum_[j] - static_cast<double>(rows_) * center_[j]) / scale_[j]; }

  /// out.col(a) = x̃_{cols[a]}: the centred, scaled columns as a dense n × |cols| block (O(nnz) each).
  void denseColumns(std::span<const Index> cols, Eigen::Ref<Mat> out) const;

  /// ‖X̃_G‖₂², the largest eigenvalue of X̃_GᵀX̃_G for a block of columns (exact for blocks up to
  /// 256 columns; beyond, the Frobenius bound Σ‖x̃_j‖²).
  double blockSpectralNormSquared(std::span<const Index> cols) const;

  /// out = X̃ w.
  void apply(CVecRef w, VecRef out) const;
  /// out = X̃ w using caller-owned scratch of size p (no allocation, for iterative solvers).
  void apply(CVecRef w, VecRef out, VecRef scratch) const;
  /// out = X̃ᵀ v.
  void applyTransposed(CVecRef v, VecRef out) const;

  /// Raw (unscaled, uncentred) column entry access for previews and tests; O(log nnz) if sparse.
  double rawCoeff(Index i, Index j) const;
  const FeatureStorage& storage() const { return *storage_; }

 private:
  double rawColDot(Index j, const Vec& v) const;

  std::shared_ptr<const FeatureStorage> storage_;
  const Mat* dense_ = nullptr;
  const SpMat* sparse_ = nullptr;
  Index rows_ = 0;
  Index cols_ = 0;
  Vec center_;
  Vec scale_;
  Vec rawColSum_;
  Vec colSqNorm_;
};

}  // namespace lambdascope
