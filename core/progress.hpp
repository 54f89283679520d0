#pragma once
// Qt-free progress reporting. Solvers call an observer; its answer can stop them.
// Implementations may be called from worker threads and must be thread-safe.

#include <vector>

#include "core/types.hpp"

namespace lambdascope {

/// One solver epoch (or outer iteration) on one λ.
struct IterationReport {
  Index lambdaIndex = 0;
  double lambda = 0.0;
  int epoch = 0;
  double objective = 0.0;          ///< primal objective, when computed this epoch (else NaN)
  double stopCriterion = 0.0;      ///< duality gap (or stationarity), when computed (else NaN)
  double threshold = 0.0;          ///< the value stopCriterion must reach
  double seconds = 0.0;            ///< since the solve started
  Index workingSetSize = 0;        ///< features the solver iterates on (0: not applicable)
  Index screened = 0;              ///< features discarded by gap-safe screening for this λ
  Index extrapolations = 0;        ///< Anderson extrapolations accepted so far in this solve
};

/// One solved point of a regularisation path; coefficients on the original feature scale.
struct PathPoint {
  Index index = 0;               ///< position in the λ grid
  double lambda = 0.0;
  double intercept = 0.0;        ///< (multitask: the first task's)
  std::vector<Index> support;    ///< 0-based indices of non-zero coefficients (rows), increasing
  std::vector<double> values;    ///< their values; multitask: support.size() × tasks, row-major
  Index tasks = 1;               ///< T > 1 for multitask models
  std::vector<double> intercepts;  ///< multitask: one intercept per task
  double objective = 0.0;        ///< primal objective at this point
  double dualityGap = 0.0;       ///< the stopping criterion at return: the absolute duality gap
                                 ///< (convex models) or the stationarity (MCP, SCAD)
  double gapThreshold = 0.0;     ///< the value it had to reach: tol × P(0), or tol × λ_max
  const char* criterion = "duality_gap";  ///< "duality_gap" or "stationarity"
  int epochs = 0;
  double seconds = 0.0;
  Termination termination = Termination::Converged;

  bool certified() const { return termination == Termination::Converged; }
  /// Dense coefficient vector of length p; for multitask models the row norms ‖B_j‖₂ (what the
  /// path, support and bar plots show).
  Vec denseCoefficients(Index p) const;
  /// The k-th support entry as plotted: its value, or its row norm for multitask models.
  double displayValue(std::size_t k) const;
};

/// The λ grid of a path, announced before the first λ is solved.
struct PathGrid {
  std::vector<double> lambdas;  ///< in solve order (decreasing for a geometric grid)
  double lambdaMax = 0.0;       ///< smallest λ with w = 0
  double nullObjective = 0.0;   ///< P(0), the scale of the relative tolerance
};

class ProgressObserver {
 public:
  virtual ~ProgressObserver() = default;
  virtual Control onPathStart(const PathGrid&) { return Control::Continue; }
  virtual Control onIteration(const IterationReport&) { return Control::Continue; }
  virtual Control onPathPoint(const PathPoint&) { return Control::Continue; }
};

/// An observer that ignores everything.
class NullObserver final : public ProgressObserver {};

}  // namespace lambdascope
