#include "core/l0/branch_and_bound.hpp"

#include <Eigen/Cholesky>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <numeric>
#include <unordered_set>

#include "core/l0/perspective_relaxation.hpp"
#include "core/l0/swap_search.hpp"

namespace lambdascope::l0 {

const char* bnbStatusName(BnbStatus status) {
  switch (status) {
    case BnbStatus::Optimal: return "optimal";
    case BnbStatus::TimeLimit: return "time_limit";
    case BnbStatus::NodeLimit: return "node_limit";
    case BnbStatus::Cancelled: return "cancelled";
  }
  return "unknown";
}

namespace {

struct Node {
  double bound = -std::numeric_limits<double>::infinity();  ///< valid lower bound (parent's or own)
  int depth = 0;
  long long seq = 0;
  Index nIn = 0;
  Index nFree = 0;
  std::vector<VarState> state;
  Vec theta;  ///< warm start (the parent's relaxation point)
  double intercept = 0.0;
};

/// Heap order: smallest bound on top; ties deeper first, then older first (deterministic).
struct WorseNode {
  bool operator()(const Node& a, const Node& b) const {
    if (a.bound != b.bound) return a.bound > b.bound;
    if (a.depth != b.depth) return a.depth < b.depth;
    return a.seq > b.seq;
  }
};

std::size_t hashSupport(const std::vector<Index>& s) {
  std::size_t h = 1469598103934665603ull;
  for (Index j : s) h = (h ^ static_cast<std::size_t>(j)) * 1099511628211ull;
  return h;
}

/// Least squares: every θ supported on A = in ∪ free with F(θ) ≤ ub lies in the ellipsoid
/// F̂_A + ½(θ − θ̂_A)ᵀQ_A(θ − θ̂_A) ≤ ub (Q_A = G_AA + 2λ₂I, θ̂_A the ridge fit on A), hence
/// |θ_j| ≤ |θ̂_j| + √(2(ub − F̂_A)(Q_A⁻¹)_jj). The node's optimum, when it beats the incumbent,
/// obeys that box, so the big-M relaxation with it bounds every node that matters (a node whose
/// optimum is ≥ ub is pruned either way). Returns F̂_A (a valid bound of the node itself).
double levelSetBox(const L0Problem& problem, const std::vector<VarState>& state, double ub,
                   std::vector<Index>& active, Mat& Q, Vec& box) {
  const Index p = problem.features();
  active.clear();
  for (Index j = 0; j < p; ++j)
    if (state[static_cast<std::size_t>(j)] != VarState::Out) active.push_back(j);
  const Index m = static_cast<Index>(active.size());
  box.setZero(p);
  if (m == 0) return problem.nullObjective();
  const Mat& G = problem.gram();
  const Vec& c = problem.gramRhs();
  Q.resize(m, m);
  Vec rhs(m);
  for (Index a = 0; a < m; ++a) {
    rhs[a] = c[active[static_cast<std::size_t>(a)]];
    for (Index b = 0; b < m; ++b) Q(a, b) = G(active[static_cast<std::size_t>(a)], active[static_cast<std::size_t>(b)]);
  }
  Q.diagonal().array() += 2.0 * problem.ridge();
  const Eigen::LLT<Mat> llt(Q);
  if (llt.info() != Eigen::Success) {
    box.setConstant(std::numeric_limits<double>::infinity());
    return -std::numeric_limits<double>::infinity();
  }
  const Vec w = llt.solve(rhs);
  const double fhat = problem.nullObjective() - 0.5 * rhs.dot(w);
  // Rounding margin: a slightly larger box stays valid.
  const double slackAbs = std::max(ub - fhat, 0.0) + 1e-10 * std::abs(ub);
  const Mat inv = llt.solve(Mat::Identity(m, m));
  for (Index a = 0; a < m; ++a)
    box[active[static_cast<std::size_t>(a)]] =
        (std::abs(w[a]) + std::sqrt(2.0 * slackAbs * std::max(inv(a, a), 0.0))) * (1.0 + 1e-9);
  return fhat;
}

}  // namespace

BnbResult branchAndBound(const L0Problem& problem, Index k, const L0Solution* start,
                         const BnbOptions& options, const BnbCallback& callback, std::stop_token stop) {
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - t0).count(); };

  const Index p = problem.features();
  k = std::clamp<Index>(k, 0, p);
  BnbResult result;
  PerspectiveRelaxation relaxation(problem);
  std::unordered_set<std::size_t> tried;
  std::vector<Index> order(static_cast<std::size_t>(p));

  if (start && start->valid()) result.incumbent = *start;
  bool incumbentChanged = start && start->valid();
  auto offer = [&](L0Solution&& s) {
    if (s.objective < result.incumbent.objective) {
      result.incumbent = std::move(s);
      incumbentChanged = true;
    }
  };
  // Logistic refits are Newton solves: warm-started from the relaxation's point they need a few
  // iterations instead of a dozen from zero.
  L0Solution warm;
  auto tryRounding = [&](const Node& node, const Vec& theta, double intercept) {
    // in ∪ the (k − |in|) largest free |θ_j|, refitted exactly.
    order.clear();
    std::vector<Index> support;
    for (Index j = 0; j < p; ++j) {
      const VarState s = node.state[static_cast<std::size_t>(j)];
      if (s == VarState::In) support.push_back(j);
      else if (s == VarState::Free) order.push_back(j);
    }
    const Index budget = k - node.nIn;
    const Index take = std::min<Index>(budget, static_cast<Index>(order.size()));
    std::partial_sort(order.begin(), order.begin() + take, order.end(),
                      [&](Index a, Index b) { return std::abs(theta[a]) > std::abs(theta[b]); });
    support.insert(support.end(), order.begin(), order.begin() + take);
    std::sort(support.begin(), support.end());
    if (!tried.insert(hashSupport(support)).second) return;
    warm.theta = theta;
    warm.intercept = intercept;
    offer(problem.fitSupport(support, &warm));
  };

  std::vector<Node> heap;
  long long seq = 0;
  {
    Node root;
    root.state.assign(static_cast<std::size_t>(p), VarState::Free);
    root.nFree = p;
    root.theta = Vec::Zero(p);
    if (result.incumbent.valid()) {
      root.theta = result.incumbent.theta;
      root.intercept = result.incumbent.intercept;
    } else {
      L0Workspace ws(problem.samples(), p);
      problem.objectiveBestIntercept(root.theta, root.intercept, ws);
    }
    root.seq = seq++;
    heap.push_back(std::move(root));
  }

  // Nodes pruned by their bound are closed only up to the tolerance: their bounds stay part of
  // the certificate (a leaf's exact value is ≥ the incumbent once offered, so it needs no record).
  double prunedMin = std::numeric_limits<double>::infinity();
  auto globalBound = [&] {
    const double open = heap.empty() ? std::numeric_limits<double>::infinity() : heap.front().bound;
    return std::min({open, prunedMin, result.incumbent.objective});
  };
  double lastReport = -1.0;
  auto report = [&](bool force) -> bool {
    const double now = elapsed();
    const double lb = globalBound();
    result.lowerBound = lb;
    result.gap = relativeGap(result.incumbent.objective, lb);
    if (!force && !incumbentChanged && now - lastReport < options.progressInterval) return true;
    lastReport = now;
    BnbProgress pr;
    pr.seconds = now;
    pr.nodes = result.nodes;
    pr.openNodes = static_cast<long long>(heap.size());
    pr.incumbent = result.incumbent.objective;
    pr.lowerBound = lb;
    pr.gap = result.gap;
    if (incumbentChanged) pr.incumbentSupport = result.incumbent.support;
    incumbentChanged = false;
    if (result.trace.size() >= options.maxTracePoints) {
      // Thin the history (every other point), keeping the first.
      std::size_t w = 1;
      for (std::size_t r = 2; r < result.trace.size(); r += 2) result.trace[w++] = std::move(result.trace[r]);
      result.trace.resize(w);
    }
    result.trace.push_back(pr);
    return !callback || callback(pr) == Control::Continue;
  };

  std::vector<VarState> ridgeState(static_cast<std::size_t>(p));
  std::vector<Index> ridgeSupport;
  // Big-M boxes need the Gram matrix (least squares) and a ridge (else Q may be singular).
  const bool useBox = options.bigMBox && problem.loss() == L0Loss::Squared && problem.hasGram() &&
                      problem.ridge() > 0.0;
  Vec box(p);
  Mat boxQ;
  std::vector<Index> boxActive;
  RelaxationOptions ropt;
  ropt.maxIterations = options.relaxationIterations;
  ropt.stop = stop;
  result.status = BnbStatus::Optimal;
  report(true);

  while (!heap.empty()) {
    const double ub = result.incumbent.objective;
    const double tolAbs = std::isfinite(ub) ? options.relGapTol * std::max(ub, 0.0) : 0.0;
    const double pruneAt = std::isfinite(ub) ? ub - tolAbs : std::numeric_limits<double>::infinity();
    if (heap.front().bound >= pruneAt) break;  // every open node is within tolerance: optimal
    if (stop.stop_requested()) {
      result.status = BnbStatus::Cancelled;
      break;
    }
    if (result.nodes >= options.maxNodes) {
      result.status = BnbStatus::NodeLimit;
      break;
    }
    if (elapsed() >= options.timeLimit) {
      result.status = BnbStatus::TimeLimit;
      break;
    }

    std::pop_heap(heap.begin(), heap.end(), WorseNode{});
    Node node = std::move(heap.back());
    heap.pop_back();
    ++result.nodes;
    const Index budget = k - node.nIn;

    if (budget <= 0 || node.nFree <= budget) {
      // Leaf: the constraint no longer binds; the node's optimum is the fit on in ∪ free.
      std::vector<Index> support;
      for (Index j = 0; j < p; ++j)
        if (node.state[static_cast<std::size_t>(j)] == VarState::In ||
            (budget > 0 && node.state[static_cast<std::size_t>(j)] == VarState::Free))
          support.push_back(j);
      if (tried.insert(hashSupport(support)).second) {
        warm.theta = node.theta;
        warm.intercept = node.intercept;
        offer(problem.fitSupport(support, &warm));
      }
    } else {
      const bool isRoot = node.depth == 0;
      // Cheap first: dropping the cardinality constraint leaves ridge on in ∪ free, solved
      // directly; its dual bound is weaker than the perspective one but often enough to prune
      // (and it is most of the perspective bound when λ₂ is tiny, where proximal gradient is slow).
      if (!isRoot && problem.ridge() > 0.0 && node.nIn + node.nFree <= options.ridgeBoundLimit) {
        for (Index j = 0; j < p; ++j)
          ridgeState[static_cast<std::size_t>(j)] =
              node.state[static_cast<std::size_t>(j)] == VarState::Out ? VarState::Out : VarState::In;
        ridgeSupport.clear();
        for (Index j = 0; j < p; ++j)
          if (ridgeState[static_cast<std::size_t>(j)] == VarState::In) ridgeSupport.push_back(j);
        const L0Solution ridgeFit = problem.fitSupport(ridgeSupport);
        node.bound = std::max(node.bound, relaxation.dualBoundAt(ridgeFit.theta, ridgeFit.intercept, ridgeState, 0));
        if (node.bound >= pruneAt) {
          prunedMin = std::min(prunedMin, node.bound);
          if (!report(false)) {
            result.status = BnbStatus::Cancelled;
            break;
          }
          continue;
        }
      }
      ropt.box = nullptr;
      if (useBox && std::isfinite(ub) && node.nIn + node.nFree <= options.ridgeBoundLimit) {
        const double fhat = levelSetBox(problem, node.state, ub, boxActive, boxQ, box);
        if (fhat >= pruneAt) {  // the node cannot beat the incumbent
          node.bound = std::max(node.bound, fhat);
          prunedMin = std::min(prunedMin, node.bound);
          if (!report(false)) {
            result.status = BnbStatus::Cancelled;
            break;
          }
          continue;
        }
        ropt.box = &box;
      }
      ropt.pruneAt = pruneAt;
      ropt.absTol = 0.25 * tolAbs;
      ropt.branchFraction = isRoot ? 1e-4 : 0.05;
      ropt.maxIterations = isRoot ? 4 * options.relaxationIterations : options.relaxationIterations;
      RelaxationResult rel = relaxation.solve(node.state, budget, node.theta, node.intercept, ropt);
      result.relaxationIterations += rel.iterations;
      const double bound = std::max(node.bound, rel.lowerBound);
      if (isRoot) {
        result.rootBound = rel.lowerBound;
        // A good incumbent early prunes most of the tree: polish the rounded root point.
        tryRounding(node, rel.theta, rel.intercept);
        L0Solution rounded = problem.fitTopK(rel.theta, k);
        offer(swapSearch(problem, k, rounded, {}, stop).solution);
      } else if (rel.lowerBound < pruneAt) {
        // (A prunable node's rounded support is one of its own: it cannot beat the incumbent.)
        tryRounding(node, rel.theta, rel.intercept);
      }
      const double ubNow = result.incumbent.objective;
      const double pruneNow = std::isfinite(ubNow) ? ubNow - options.relGapTol * std::max(ubNow, 0.0)
                                                   : std::numeric_limits<double>::infinity();
      if (bound < pruneNow) {
        // Branch on the free feature with the largest fractional z (ties: larger |θ|).
        Index branch = -1;
        double bestZ = -1.0, bestAbs = -1.0;
        for (Index j = 0; j < p; ++j) {
          if (node.state[static_cast<std::size_t>(j)] != VarState::Free) continue;
          const double zj = rel.z.size() == p ? rel.z[j] : 0.0;
          const bool fractional = zj > 1e-12 && zj < 1.0 - 1e-9;
          const double key = fractional ? zj : -1.0;
          const double a = std::abs(rel.theta[j]);
          if (key > bestZ || (key == bestZ && a > bestAbs)) {
            bestZ = key;
            bestAbs = a;
            branch = j;
          }
        }
        for (int side = 0; side < 2; ++side) {
          Node child;
          child.bound = bound;
          child.depth = node.depth + 1;
          child.seq = seq++;
          child.state = node.state;
          child.theta = rel.theta;
          child.intercept = rel.intercept;
          child.nIn = node.nIn;
          child.nFree = node.nFree - 1;
          if (side == 0) {
            child.state[static_cast<std::size_t>(branch)] = VarState::In;
            ++child.nIn;
          } else {
            child.state[static_cast<std::size_t>(branch)] = VarState::Out;
            child.theta[branch] = 0.0;
          }
          heap.push_back(std::move(child));
          std::push_heap(heap.begin(), heap.end(), WorseNode{});
        }
        result.maxOpenNodes = std::max<long long>(result.maxOpenNodes, static_cast<long long>(heap.size()));
      } else {
        prunedMin = std::min(prunedMin, bound);
      }
    }
    if (!report(false)) {
      result.status = BnbStatus::Cancelled;
      break;
    }
  }
  result.seconds = elapsed();
  report(true);
  result.lowerBound = globalBound();
  result.gap = relativeGap(result.incumbent.objective, result.lowerBound);
  return result;
}

}  // namespace lambdascope::l0
