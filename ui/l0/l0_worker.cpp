#include "ui/l0/l0_worker.hpp"

#include <chrono>
#include <exception>

#include "core/l0/l0_solver.hpp"
#include "core/path/regularization_path.hpp"

namespace lambdascope::ui::l0 {

namespace core = lambdascope::l0;

void registerL0MetaTypes() {
  qRegisterMetaType<core::KPathPoint>("lambdascope::l0::KPathPoint");
  qRegisterMetaType<core::BnbProgress>("lambdascope::l0::BnbProgress");
  qRegisterMetaType<core::L0Result>("lambdascope::l0::L0Result");
  qRegisterMetaType<ConvexSupports>("lambdascope::ui::l0::ConvexSupports");
  qRegisterMetaType<L0JobSummary>("lambdascope::ui::l0::L0JobSummary");
}

namespace {

std::vector<core::MatchedSupport> matchAll(const PathResult& path, Index kMax) {
  std::vector<core::MatchedSupport> out;
  for (Index k = 1; k <= kMax; ++k) out.push_back(core::matchBySize(path, k));
  return out;
}

}  // namespace

void L0Worker::runKPath(quint64 jobId, const Dataset& data, const core::L0Settings& settings,
                        const core::KPathOptions& options, std::stop_token stop) {
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  L0JobSummary summary;
  try {
    // The convex paths to compare with, on the same data and scaling (dense grids so that most
    // support sizes are reached).
    ConvexSupports convex;
    ModelSpec spec;
    spec.preprocessing.standardize = settings.standardize;
    spec.tol = 1e-6;
    PathOptions popt;
    popt.nLambdas = 200;
    popt.lambdaMinRatio = settings.loss == core::L0Loss::Squared ? 1e-4 : 1e-2;
    NullObserver none;
    spec.model = settings.loss == core::L0Loss::Squared ? "lasso" : "logreg";
    convex.lassoName = settings.loss == core::L0Loss::Squared ? tr("Lasso") : tr("ℓ1-logistic");
    convex.lasso = matchAll(computePath(data, spec, popt, none, stop), options.kMax);
    if (settings.loss == core::L0Loss::Squared && !stop.stop_requested()) {
      spec.model = "mcp";
      convex.mcpName = tr("MCP");
      convex.mcp = matchAll(computePath(data, spec, popt, none, stop), options.kMax);
    }
    Q_EMIT convexReady(jobId, convex);

    const core::KPathResult path = core::computeKPath(
        data, settings, options,
        [&](const core::KPathPoint& pt) {
          Q_EMIT kPathPoint(jobId, pt);
          return stop.stop_requested() ? Control::Stop : Control::Continue;
        },
        {}, stop);
    summary.cancelled = path.cancelled || stop.stop_requested();
  } catch (const std::exception& e) {
    summary.failed = true;
    summary.error = QString::fromUtf8(e.what());
  }
  summary.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  Q_EMIT kPathFinished(jobId, summary);
}

void L0Worker::runBnb(quint64 jobId, const Dataset& data, const core::L0Settings& settings, Index k,
                      double timeLimit, std::stop_token stop) {
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  L0JobSummary summary;
  core::L0Result result;
  try {
    const core::L0Problem problem(data, settings);
    core::L0SolveOptions opt;
    opt.method = core::L0Method::Bnb;
    opt.k = k;
    opt.timeLimit = timeLimit;
    auto lastSent = Clock::now() - std::chrono::seconds(1);
    result = core::solveL0(
        problem, &data, opt,
        [&](const core::BnbProgress& pr) {
          const auto now = Clock::now();
          if (!pr.incumbentSupport.empty() || now - lastSent >= std::chrono::milliseconds(kProgressIntervalMs)) {
            lastSent = now;
            Q_EMIT bnbProgress(jobId, pr);
          }
          return Control::Continue;  // cancellation goes through the stop token
        },
        stop);
    summary.cancelled = result.status == "cancelled";
  } catch (const std::exception& e) {
    summary.failed = true;
    summary.error = QString::fromUtf8(e.what());
  }
  summary.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  Q_EMIT bnbFinished(jobId, result, summary);
}

}  // namespace lambdascope::ui::l0
