#pragma once
// Shared aliases and small enums of the numerical core. No Qt, no TBB in public headers.

#include <Eigen/Core>
#include <Eigen/SparseCore>

namespace lambdascope {

using Index = Eigen::Index;
using Vec = Eigen::VectorXd;
using Mat = Eigen::MatrixXd;                                   // column-major
using SpMat = Eigen::SparseMatrix<double, Eigen::ColMajor, int>;  // CSC
/// Multitask coefficients (p × T): row-major, so a feature's row across tasks is contiguous.
using RowMat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using CVecRef = Eigen::Ref<const Vec>;
using VecRef = Eigen::Ref<Vec>;

/// What an observer answers to a progress report.
enum class Control { Continue, Stop };

/// Why a solver returned.
enum class Termination {
  Converged,      ///< stopping criterion (duality gap or stationarity) reached the tolerance
  MaxIterations,  ///< epoch budget exhausted before the tolerance
  Cancelled,      ///< stop token or observer asked to stop; the best iterate is returned
};

/// "converged", "max_iterations", "cancelled". Not named toString: QCOMPARE on a Termination would
/// find it by argument-dependent lookup and delete[] the static string it returns.
const char* terminationName(Termination t);

}  // namespace lambdascope
