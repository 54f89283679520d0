#pragma once
// Choosing α by hypergradient in the M/EEG window: the request, the live steps and the result of
// an outer optimiser (core/selection/hpo) on FDMC-SURE or the time hold-out
// (core/meeg/meeg_hypergrad), one α or one α per source, and their session JSON.

#include <QJsonObject>
#include <QString>
#include <functional>
#include <limits>
#include <stop_token>
#include <vector>

#include "core/meeg/meeg_case.hpp"
#include "ui/meeg/meeg_solution.hpp"

namespace lambdascope::ui::meeg {

struct TuneRequest {
  QString criterion = QStringLiteral("sure");  ///< "sure" or "holdout"
  bool perSource = false;                      ///< one α per source (weighted MxNE)
  QString optimizer = QStringLiteral("lbfgs");  ///< gd, linesearch, adam, lbfgs
  double initPercent = 50.0;                   ///< starting α, % of α_max
  double minPercent = 5.0;                     ///< no α below this % of the box top
  int maxOuter = 50;
  double tol = 1e-10;                          ///< inner duality gap ≤ tol·‖M‖²_F
};

/// One evaluation of the criterion (α: the common level, the geometric mean per source).
struct TuneStep {
  int iteration = 0;
  double alphaPercent = 0.0;
  double value = 0.0;
  double gradLogAlpha = std::numeric_limits<double>::quiet_NaN();
  bool accepted = true;
  Index support = 0;
  int innerSolves = 0;
  double seconds = 0.0;
};

struct TuneResult {
  TuneRequest request;
  MeegSolution solution;               ///< MxNE on all the data at the chosen α (or α_i)
  std::vector<TuneStep> steps;         ///< every evaluation, in order
  std::vector<double> alphasPercent;   ///< per source: every α_i in % of α_max
  double value = std::numeric_limits<double>::quiet_NaN();
  QString stopReason;
  int innerSolves = 0;
  double seconds = 0.0;
  bool cancelled = false;
  bool valid = false;                  ///< a solution was computed
};

/// Run the optimiser from request.initPercent, reporting every evaluation to `onStep` (from the
/// calling thread), then solve MxNE on all the data at the best point. When `stop` fires the
/// steps so far are returned with cancelled = true and no solution. Throws std::invalid_argument
/// on a bad request.
TuneResult runTuning(const MeegCase& meeg, const TuneRequest& request, const std::function<void(const TuneStep&)>& onStep,
                     std::stop_token stop);

/// {"request", "solution" (the meeg keys), "steps", "alphas_percent", "value", ...}; back again.
QJsonObject tuneResultToJson(const TuneResult& result);
bool tuneResultFromJson(const QJsonObject& json, TuneResult* result, QString* error);

}  // namespace lambdascope::ui::meeg
