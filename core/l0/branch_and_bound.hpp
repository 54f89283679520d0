#pragma once
// Best-first branch-and-bound over supports, bounded by the perspective relaxation.
//
// A node fixes some features in (z_j = 1) and some out (θ_j = 0). Its bound is the dual value of
// its perspective relaxation (valid at every iterate, so an inexact solve still bounds); the
// relaxation's primal point rounded to its largest entries and refitted exactly gives incumbents.
// For least squares each node's relaxation also gets big-M boxes |θ_j| ≤ M_j taken from the
// incumbent's level set restricted to the node's span (valid wherever the node could beat the
// incumbent), which keeps the bound strong when λ₂ is tiny.
// Nodes are explored lowest bound first; a node is pruned when its bound reaches the incumbent
// minus relGapTol × incumbent; branching is on the free feature with the largest fractional z.
// The global lower bound is the smallest bound among open nodes, so at any time — and after a
// node limit, a time limit or a cancellation — the incumbent comes with a certified gap
// (incumbent − lower bound)/incumbent.

#include <functional>
#include <limits>
#include <stop_token>
#include <vector>

#include "core/l0/l0_problem.hpp"
#include "core/types.hpp"

namespace lambdascope::l0 {

struct BnbOptions {
  double relGapTol = 1e-7;  ///< stop when (incumbent − bound)/incumbent ≤ this
  long long maxNodes = 50'000'000;
  double timeLimit = std::numeric_limits<double>::infinity();  ///< seconds
  int relaxationIterations = 5000;  ///< per node (the bound is valid whenever it stops)
  double progressInterval = 0.05;   ///< seconds between progress reports (plus every improvement)
  std::size_t maxTracePoints = 20000;
  /// Nodes with at most this many features in ∪ free first try the ridge bound (a direct solve).
  Index ridgeBoundLimit = 300;
  /// Least squares: tighten node relaxations with big-M boxes from the incumbent's level set.
  bool bigMBox = true;
};

enum class BnbStatus { Optimal, TimeLimit, NodeLimit, Cancelled };
const char* bnbStatusName(BnbStatus status);  ///< not toString: see terminationName

/// A snapshot of the search, reported over time.
struct BnbProgress {
  double seconds = 0.0;
  long long nodes = 0;      ///< nodes evaluated
  long long openNodes = 0;  ///< nodes waiting in the queue
  double incumbent = std::numeric_limits<double>::infinity();
  double lowerBound = -std::numeric_limits<double>::infinity();
  double gap = std::numeric_limits<double>::infinity();
  std::vector<Index> incumbentSupport;  ///< filled when the incumbent changed in this report
};

struct BnbResult {
  L0Solution incumbent;
  double lowerBound = -std::numeric_limits<double>::infinity();  ///< ≤ incumbent.objective
  double rootBound = -std::numeric_limits<double>::infinity();
  double gap = std::numeric_limits<double>::infinity();
  long long nodes = 0;
  long long maxOpenNodes = 0;
  long long relaxationIterations = 0;  ///< proximal-gradient iterations over all nodes (cost)
  double seconds = 0.0;
  BnbStatus status = BnbStatus::Optimal;
  std::vector<BnbProgress> trace;  ///< the reports, in time order (thinned beyond maxTracePoints)
};

/// Return Control::Stop to cancel (the incumbent and its certified gap are kept).
using BnbCallback = std::function<Control(const BnbProgress&)>;

/// `start`: an incumbent to begin with (e.g. from swapSearch); may be null.
BnbResult branchAndBound(const L0Problem& problem, Index k, const L0Solution* start,
                         const BnbOptions& options = {}, const BnbCallback& callback = {},
                         std::stop_token stop = {});

}  // namespace lambdascope::l0
