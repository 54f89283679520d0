#include "core/design_matrix.hpp"

#include <stdexcept>

#include <Eigen/Eigenvalues>

namespace lambdascope {

FeatureStorage takeStorage(SpMat&& X) {
  FeatureStorage out(std::in_place_type<SpMat>);
  std::get<SpMat>(out).swap(X);
  return out;  // NRVO: the variant itself is not moved
}

std::shared_ptr<const FeatureStorage> shareStorage(FeatureStorage&& X) {
  if (auto* sparse = std::get_if<SpMat>(&X)) {
    auto shared = std::make_shared<FeatureStorage>(std::in_place_type<SpMat>);
    std::get<SpMat>(*shared).swap(*sparse);
    return shared;
  }
  return std::make_shared<const FeatureStorage>(std::move(X));  // Mat moves its buffer
}

DesignMatrix::DesignMatrix(std::shared_ptr<const FeatureStorage> storage, Vec center, Vec scale)
    : storage_(std::move(storage)), center_(std::move(center)), scale_(std::move(scale)) {
  if (!storage_) throw std::invalid_argument("DesignMatrix: no storage");
  if (const auto* d = std::get_if<Mat>(storage_.get())) {
    dense_ = d;
    rows_ = d->rows();
    cols_ = d->cols();
  } else {
    sparse_ = &std::get<SpMat>(*storage_);
    rows_ = sparse_->rows();
    cols_ = sparse_->cols();
  }
  if (center_.size() == 0) center_ = Vec::Zero(cols_);
  if (scale_.size() == 0) scale_ = Vec::Ones(cols_);
  if (center_.size() != cols_ || scale_.size() != cols_)
    throw std::invalid_argument("DesignMatrix: centering/scaling size does not match the columns");

  rawColSum_.resize(cols_);
  colSqNorm_.resize(cols_);
  const double n = static_cast<double>(rows_);
  for (Index j = 0; j < cols_; ++j) {
    const double mu = center_[j];
    const double s2 = scale_[j] * scale_[j];
    if (dense_) {
      const auto x = dense_->col(j);
      rawColSum_[j] = x.sum();
      colSqNorm_[j] = (x.array() - mu).square().sum() / s2;
    } else {
      double sum = 0.0;
      double sq = 0.0;
      for (SpMat::InnerIterator it(*sparse_, j); it; ++it) {
        sum += it.value();
        sq += it.value() * it.value();
      }
      rawColSum_[j] = sum;
      // ‖x − μ1‖² expanded; the terms are exact for μ = 0 and well conditioned for mean-centring.
      colSqNorm_[j] = std::max(0.0, (sq - 2.0 * mu * sum + n * mu * mu)) / s2;
    }
  }
}

Index DesignMatrix::nonZeros() const {
  if (sparse_) return sparse_->nonZeros();
  return (dense_->array() != 0.0).count();
}

double DesignMatrix::density() const {
  const double total = static_cast<double>(rows_) * static_cast<double>(cols_);
  return total > 0 ? static_cast<double>(nonZeros()) / total : 0.0;
}

double DesignMatrix::rawColDot(Index j, const Vec& v) const {
  if (dense_) return dense_->col(j).dot(v);
  double acc = 0.0;
  for (SpMat::InnerIterator it(*sparse_, j); it; ++it) acc += it.value() * v[it.index()];
  return acc;
}

double DesignMatrix::colDot(Index j, CVecRef v) const {
  const double mu = center_[j];
  if (dense_) return (dense_->col(j).array() - mu).matrix().dot(v) / scale_[j];
  double acc = 0.0;
  for (SpMat::InnerIterator it(*sparse_, j); it; ++it) acc += it.value() * v[it.index()];
  if (mu != 0.0) acc -= mu * v.sum();  // the sum is a full pass: only when centred
  return acc / scale_[j];
}

void DesignMatrix::transposeTimes(std::span<const Index> cols, CVecRef v, VecRef out) const {
  if (dense_) {
    for (const Index j : cols) out[j] = colDot(j, v);
    return;
  }
  const double total = v.sum();
  for (const Index j : cols) {
    double acc = 0.0;
    for (SpMat::InnerIterator it(*sparse_, j); it; ++it) acc += it.value() * v[it.index()];
    out[j] = (acc - center_[j] * total) / scale_[j];
  }
}

double DesignMatrix::colWeightedSquaredNorm(Index j, CVecRef h) const {
  const double mu = center_[j];
  const double s2 = scale_[j] * scale_[j];
  if (dense_) return ((dense_->col(j).array() - mu).square() * h.array()).sum() / s2;
  double xx = 0.0;
  double x1 = 0.0;
  for (SpMat::InnerIterator it(*sparse_, j); it; ++it) {
    xx += it.value() * it.value() * h[it.index()];
    x1 += it.value() * h[it.index()];
  }
  if (mu != 0.0) return (xx - 2.0 * mu * x1 + mu * mu * h.sum()) / s2;
  return xx / s2;
}

void DesignMatrix::colAxpy(Index j, double a, VecRef out, const Vec* h) const {
  const double as = a / scale_[j];
  const double mu = center_[j];
  if (dense_) {
    if (h) {
      out.array() += as * (dense_->col(j).array() - mu) * h->array();
    } else {
      out.array() += as * (dense_->col(j).array() - mu);
    }
    return;
  }
  for (SpMat::InnerIterator it(*sparse_, j); it; ++it)
    out[it.index()] += as * it.value() * (h ? (*h)[it.index()] : 1.0);
  if (mu != 0.0) {
    if (h) {
      out.array() -= as * mu * h->array();
    } else {
      out.array() -= as * mu;
    }
  }
}

double DesignMatrix::colDot(Index j, const ShiftedVector& v) const {
  const double mu = center_[j];
  if (dense_) {
    // Centre inside the dot: avoids cancellation when |μ| ≫ std (raw, uncentred features).
    const double centred = (dense_->col(j).array() - mu).matrix().dot(v.base());
    return (centred + v.shift() * (rawColSum_[j] - static_cast<double>(rows_) * mu)) / scale_[j];
  }
  return (rawColDot(j, v.base()) + v.shift() * rawColSum_[j] - mu * v.sum()) / scale_[j];
}

void DesignMatrix::colAxpy(Index j, double a, ShiftedVector& v) const {
  const double as = a / scale_[j];
  if (dense_) {
    v.addScaledRaw(as, dense_->col(j), rawColSum_[j]);
  } else {
    Vec& base = v.mutableBase();
    for (SpMat::InnerIterator it(*sparse_, j); it; ++it) base[it.index()] += as * it.value();
    v.addToSum(as * rawColSum_[j]);
  }
  v.addConstant(-as * center_[j]);
}

void DesignMatrix::colTransposeTimes(Index j, const ShiftedMatrix& R, VecRef out) const {
  // x̃_jᵀ(base + 1sᵀ) = (x_jᵀbase − μ_j·1ᵀbase + (Σx_j − nμ_j)·s)/s_j: O(nnz_j·T), exact centring.
  const double mu = center_[j];
  const Mat& base = R.base();
  if (dense_ && mu == 0.0) {
    // Uncentred (M/EEG gains, no intercept): one GEMV, vectorised across the T columns.
    out.noalias() = base.transpose() * dense_->col(j);
    out += rawColSum_[j] * R.shift().transpose();
    out /= scale_[j];
    return;
  }
  if (dense_) {
    // Centre inside the dots: no cancellation when |μ| ≫ std (raw, uncentred features).
    const auto centred = dense_->col(j).array() - mu;
    for (Index t = 0; t < base.cols(); ++t) out[t] = (centred * base.col(t).array()).sum();
    out += (rawColSum_[j] - static_cast<double>(rows_) * mu) * R.shift().transpose();
    out /= scale_[j];
    return;
  }
  out.setZero();
  const Index T = base.cols();
  for (SpMat::InnerIterator it(*sparse_, j); it; ++it)
    for (Index t = 0; t < T; ++t) out[t] += it.value() * base(it.index(), t);
  out -= mu * R.baseSum().transpose();
  out += (rawColSum_[j] - static_cast<double>(rows_) * mu) * R.shift().transpose();
  out /= scale_[j];
}

void DesignMatrix::colRankOneUpdate(Index j, CVecRef delta, ShiftedMatrix& R) const {
  const double inv = 1.0 / scale_[j];
  Mat& base = R.mutableBase();
  if (dense_) {
    base.noalias() += (dense_->col(j) * inv) * delta.transpose();
  } else {
    const Index T = base.cols();
    for (SpMat::InnerIterator it(*sparse_, j); it; ++it) {
      const double v = it.value() * inv;
      for (Index t = 0; t < T; ++t) base(it.index(), t) += v * delta[t];
    }
  }
  R.addToSum((rawColSum_[j] * inv) * delta.transpose());
  R.addConstantRow((-center_[j] * inv) * delta.transpose());
}

void DesignMatrix::applyTransposed(const ShiftedMatrix& R, Eigen::Ref<Mat> out) const {
  if (dense_ && !center_.isZero(0.0)) {
    // Centred dense columns: per-column centred dots, exact where a product then a correction
    // would cancel.
    Vec col(R.cols());
    for (Index j = 0; j < cols_; ++j) {
      colTransposeTimes(j, R, col);
      out.row(j) = col.transpose();
    }
    return;
  }
  if (dense_) {
    out.noalias() = dense_->transpose() * R.base();
  } else {
    out.noalias() = sparse_->transpose() * R.base();
  }
  out.noalias() -= center_ * R.baseSum();
  out.noalias() += (rawColSum_ - static_cast<double>(rows_) * center_) * R.shift();
  out.array().colwise() /= scale_.array();
}

void DesignMatrix::denseColumns(std::span<const Index> cols, Eigen::Ref<Mat> out) const {
  out.setZero();
  for (std::size_t a = 0; a < cols.size(); ++a) colAxpy(cols[a], 1.0, out.col(static_cast<Index>(a)));
}

double DesignMatrix::blockSpectralNormSquared(std::span<const Index> cols) const {
  const auto k = static_cast<Index>(cols.size());
  if (k == 0) return 0.0;
  if (k == 1) return colSqNorm_[cols[0]];
  if (k > 256) {
    double sum = 0.0;
    for (const Index j : cols) sum += colSqNorm_[j];
    return sum;
  }
  Mat block(rows_, k);
  denseColumns(cols, block);
  const Mat gram = block.transpose() * block;
  return Eigen::SelfAdjointEigenSolver<Mat>(gram, Eigen::EigenvaluesOnly).eigenvalues().maxCoeff();
}

void DesignMatrix::apply(CVecRef w, VecRef out) const {
  Vec scratch(cols_);
  apply(w, out, scratch);
}

void DesignMatrix::apply(CVecRef w, VecRef out, VecRef scratch) const {
  // Sparse w (a Lasso iterate): only its non-zero columns are read, not all p.
  if (const Index nnz = (w.array() != 0.0).count(); 4 * nnz < cols_) {
    out.setZero();
    for (Index j = 0; j < cols_; ++j)
      if (w[j] != 0.0) colAxpy(j, w[j], out);
    return;
  }
  scratch = w.cwiseQuotient(scale_);
  if (dense_) {
    out.noalias() = *dense_ * scratch;
  } else {
    out.noalias() = *sparse_ * scratch;
  }
  out.array() -= center_.dot(scratch);
}

void DesignMatrix::applyTransposed(CVecRef v, VecRef out) const {
  if (dense_) {
    out.noalias() = dense_->transpose() * v;
  } else {
    out.noalias() = sparse_->transpose() * v;
  }
  const double vs = v.sum();
  out = (out - vs * center_).cwiseQuotient(scale_);
}

double DesignMatrix::rawCoeff(Index i, Index j) const {
  if (dense_) return (*dense_)(i, j);
  return sparse_->coeff(i, j);
}

}  // namespace lambdascope
