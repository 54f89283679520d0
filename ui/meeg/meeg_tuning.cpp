#include "ui/meeg/meeg_tuning.hpp"

#include <QJsonArray>
#include <cmath>
#include <stdexcept>

#include "core/meeg/meeg_hypergrad.hpp"
#include "core/selection/hpo.hpp"

namespace lambdascope::ui::meeg {

namespace {

class StepForwarder final : public HpoObserver {
 public:
  StepForwarder(const MeegCriterion& c, const std::function<void(const TuneStep&)>& onStep, std::vector<TuneStep>& steps)
      : c_(c), onStep_(onStep), steps_(steps) {}
  Control onStep(const HpoStep& s) override {
    TuneStep t;
    t.iteration = s.iteration;
    t.alphaPercent = 100.0 * std::exp(s.logLambda) / c_.alphaMax();
    t.value = s.value;
    if (s.grad.size() > 0) t.gradLogAlpha = s.gradLogLambda;
    t.accepted = s.accepted;
    t.support = s.support;
    t.innerSolves = s.innerSolves;
    t.seconds = s.seconds;
    steps_.push_back(t);
    if (onStep_) onStep_(t);
    return Control::Continue;
  }

 private:
  const MeegCriterion& c_;
  const std::function<void(const TuneStep&)>& onStep_;
  std::vector<TuneStep>& steps_;
};

double number(const QJsonObject& o, const char* key, double fallback = std::nan("")) {
  const QJsonValue v = o.value(QLatin1String(key));
  return v.isDouble() ? v.toDouble() : fallback;
}

}  // namespace

TuneResult runTuning(const MeegCase& meeg, const TuneRequest& request, const std::function<void(const TuneStep&)>& onStep,
                     std::stop_token stop) {
  if (!(request.initPercent > 0.0)) throw std::invalid_argument("the starting alpha must be > 0 % of alpha_max");
  if (!(request.minPercent > 0.0 && request.minPercent < 100.0)) throw std::invalid_argument("the smallest alpha must be in (0, 100) %");
  MeegCriterionOptions co;
  co.criterion = request.criterion.toStdString();
  co.perSource = request.perSource;
  MeegCriterion criterion(meeg.G, meeg.M, co);
  HpoOptions ho;
  ho.optimizer = outerOptimizerFromString(request.optimizer.toStdString());
  ho.maxOuter = request.maxOuter;
  ho.lowRatio = request.minPercent / 100.0;
  ho.inner.tol = request.tol;

  TuneResult out;
  out.request = request;
  StepForwarder forward(criterion, onStep, out.steps);
  const Vec theta0 = criterion.thetaAt(std::log(request.initPercent / 100.0 * criterion.alphaMax()), 1.0);
  const HpoResult r = runHpo(criterion, theta0, ho, forward, stop);
  out.value = r.value;
  out.stopReason = QString::fromStdString(r.stopReason);
  out.innerSolves = r.innerSolves;
  out.seconds = r.seconds;
  out.cancelled = r.cancelled;
  if (r.cancelled || r.theta.size() == 0) return out;

  if (request.perSource) {
    const Vec alphas = criterion.alphas(r.theta);
    for (Index i = 0; i < alphas.size(); ++i) out.alphasPercent.push_back(100.0 * alphas[i] / criterion.alphaMax());
  }
  const MxneResult fit = criterion.solveAt(r.theta, request.tol, stop);
  if (fit.termination == Termination::Cancelled) {
    out.cancelled = true;
    return out;
  }
  MeegSolution& s = out.solution;
  s.solver = request.perSource ? QStringLiteral("mxne (one α per source)") : QStringLiteral("mxne");
  s.alpha = std::exp(criterion.logLambda(r.theta));
  s.alphaMax = criterion.alphaMax();
  s.alphaPercent = 100.0 * s.alpha / s.alphaMax;
  s.activeSet = fit.activeSet;
  s.rows = fit.activeRows;
  s.objective = fit.objective;
  s.dualityGap = fit.dualityGap;
  s.nIter = fit.nIter;
  s.seconds = fit.seconds;
  s.valid = true;
  out.valid = true;
  return out;
}

QJsonObject tuneResultToJson(const TuneResult& r) {
  QJsonObject req{{QStringLiteral("criterion"), r.request.criterion},
                  {QStringLiteral("per_source"), r.request.perSource},
                  {QStringLiteral("optimizer"), r.request.optimizer},
                  {QStringLiteral("init_alpha_percent"), r.request.initPercent},
                  {QStringLiteral("min_percent"), r.request.minPercent},
                  {QStringLiteral("max_outer"), r.request.maxOuter},
                  {QStringLiteral("tol"), r.request.tol}};
  QJsonArray steps;
  for (const TuneStep& s : r.steps) {
    QJsonObject o{{QStringLiteral("iteration"), s.iteration},
                  {QStringLiteral("alpha_percent"), s.alphaPercent},
                  {QStringLiteral("value"), s.value},
                  {QStringLiteral("accepted"), s.accepted},
                  {QStringLiteral("support_size"), static_cast<qint64>(s.support)},
                  {QStringLiteral("inner_solves"), s.innerSolves},
                  {QStringLiteral("seconds"), s.seconds}};
    if (std::isfinite(s.gradLogAlpha)) o.insert(QStringLiteral("grad_log_alpha"), s.gradLogAlpha);
    steps.append(o);
  }
  QJsonObject o{{QStringLiteral("request"), req}, {QStringLiteral("steps"), steps},
                {QStringLiteral("stop_reason"), r.stopReason}, {QStringLiteral("inner_solves"), r.innerSolves},
                {QStringLiteral("seconds"), r.seconds}, {QStringLiteral("cancelled"), r.cancelled}};
  if (std::isfinite(r.value)) o.insert(QStringLiteral("value"), r.value);
  if (r.valid) o.insert(QStringLiteral("solution"), solutionToJson(r.solution));
  if (!r.alphasPercent.empty()) {
    QJsonArray a;
    for (double v : r.alphasPercent) a.append(v);
    o.insert(QStringLiteral("alphas_percent"), a);
  }
  return o;
}

bool tuneResultFromJson(const QJsonObject& o, TuneResult* r, QString* error) {
  auto fail = [&](const QString& what) {
    if (error) *error = QStringLiteral("M/EEG tuning: %1").arg(what);
    return false;
  };
  TuneResult t;
  const QJsonObject req = o.value(QStringLiteral("request")).toObject();
  t.request.criterion = req.value(QStringLiteral("criterion")).toString(QStringLiteral("sure"));
  if (t.request.criterion != QStringLiteral("sure") && t.request.criterion != QStringLiteral("holdout"))
    return fail(QStringLiteral("unknown criterion \"%1\"").arg(t.request.criterion));
  t.request.perSource = req.value(QStringLiteral("per_source")).toBool(false);
  t.request.optimizer = req.value(QStringLiteral("optimizer")).toString(QStringLiteral("lbfgs"));
  t.request.initPercent = number(req, "init_alpha_percent", 50.0);
  t.request.minPercent = number(req, "min_percent", 5.0);
  t.request.maxOuter = req.value(QStringLiteral("max_outer")).toInt(50);
  t.request.tol = number(req, "tol", 1e-10);
  if (!o.value(QStringLiteral("steps")).isArray()) return fail(QStringLiteral("\"steps\" is missing"));
  for (const QJsonValue v : o.value(QStringLiteral("steps")).toArray()) {
    const QJsonObject s = v.toObject();
    TuneStep step;
    step.iteration = s.value(QStringLiteral("iteration")).toInt();
    step.alphaPercent = number(s, "alpha_percent");
    step.value = number(s, "value");
    step.gradLogAlpha = number(s, "grad_log_alpha");
    step.accepted = s.value(QStringLiteral("accepted")).toBool(true);
    step.support = s.value(QStringLiteral("support_size")).toInteger();
    step.innerSolves = s.value(QStringLiteral("inner_solves")).toInt();
    step.seconds = number(s, "seconds", 0.0);
    if (!(step.alphaPercent > 0.0) || !std::isfinite(step.value)) return fail(QStringLiteral("a step without alpha or value"));
    t.steps.push_back(step);
  }
  for (const QJsonValue v : o.value(QStringLiteral("alphas_percent")).toArray()) t.alphasPercent.push_back(v.toDouble());
  t.value = number(o, "value");
  t.stopReason = o.value(QStringLiteral("stop_reason")).toString();
  t.innerSolves = o.value(QStringLiteral("inner_solves")).toInt();
  t.seconds = number(o, "seconds", 0.0);
  t.cancelled = o.value(QStringLiteral("cancelled")).toBool(false);
  if (o.contains(QStringLiteral("solution"))) {
    if (!solutionFromJson(o.value(QStringLiteral("solution")).toObject(), &t.solution, error)) return false;
    t.solution.valid = true;
    t.valid = true;
  }
  *r = std::move(t);
  return true;
}

}  // namespace lambdascope::ui::meeg
