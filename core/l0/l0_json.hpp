#pragma once
// JSON and CSV for k-sparse results (`lambdascope-cli l0` and the GUI's exports).

#include <ostream>
#include <vector>

#include "core/l0/l0_problem.hpp"
#include "core/l0/l0_solver.hpp"

namespace lambdascope::l0 {

/// The `l0` document: {"support", "coef", "intercept", "objective", "lower_bound", "gap", "nodes",
/// "seconds", "certified", ...}; support = increasing 0-based indices, coef = the original-scale
/// values on those indices (same order). `withTrace` adds the branch-and-bound history.
void writeL0Json(std::ostream& out, const L0Problem& problem, Index k, const L0Result& result,
                 bool withTrace = false);

/// The branch-and-bound history as CSV: seconds,nodes,open_nodes,incumbent,lower_bound,gap.
void writeBnbTraceCsv(std::ostream& out, const std::vector<BnbProgress>& trace);

}  // namespace lambdascope::l0
