#include "ui/meeg/meeg_solution.hpp"

#include <QJsonArray>
#include <QTextStream>
#include <algorithm>
#include <cmath>

namespace lambdascope::ui::meeg {

Index MeegSolution::rowOf(Index j) const {
  const auto it = std::lower_bound(activeSet.begin(), activeSet.end(), j);
  if (it == activeSet.end() || *it != j) {
    // Active sets are increasing by contract; fall back to a scan if one is not.
    const auto f = std::find(activeSet.begin(), activeSet.end(), j);
    return f == activeSet.end() ? -1 : static_cast<Index>(f - activeSet.begin());
  }
  return static_cast<Index>(it - activeSet.begin());
}

Mat predictedData(const Mat& G, const MeegSolution& solution, Index timePoints) {
  Mat out = Mat::Zero(G.rows(), timePoints);
  if (!solution.valid || solution.rows.cols() != timePoints) return out;
  for (std::size_t k = 0; k < solution.activeSet.size(); ++k) {
    const Index j = solution.activeSet[k];
    if (j < 0 || j >= G.cols()) continue;
    out.noalias() += G.col(j) * solution.rows.row(static_cast<Index>(k));
  }
  return out;
}

double explainedVariance(const Mat& M, const Mat& residual) {
  const double m = M.squaredNorm();
  return m > 0.0 ? 1.0 - residual.squaredNorm() / m : 0.0;
}

namespace {
double unitFactor(Index j, AmplitudeUnits units, const Vec& depthWeights) {
  if (units == AmplitudeUnits::NanoAmpereMeter && j >= 0 && j < depthWeights.size()) return depthWeights(j) * 1e9;
  return 1.0;
}
}  // namespace

std::vector<double> sourceAmplitudes(const MeegSolution& solution, AmplitudeMode mode, Index timeIndex,
                                     AmplitudeUnits units, const Vec& depthWeights) {
  std::vector<double> out(solution.activeSet.size(), 0.0);
  for (std::size_t k = 0; k < out.size(); ++k) {
    const auto r = static_cast<Index>(k);
    if (r >= solution.rows.rows()) break;
    const double f = std::abs(unitFactor(solution.activeSet[k], units, depthWeights));
    if (mode == AmplitudeMode::RowNorm)
      out[k] = f * solution.rows.row(r).norm();
    else if (timeIndex >= 0 && timeIndex < solution.rows.cols())
      out[k] = f * std::abs(solution.rows(r, timeIndex));
  }
  return out;
}

QString amplitudeLabel(AmplitudeMode mode, AmplitudeUnits units, double timeSeconds) {
  const bool physical = units == AmplitudeUnits::NanoAmpereMeter;
  if (mode == AmplitudeMode::RowNorm) return physical ? QStringLiteral("‖q_i‖₂ (nA·m)") : QStringLiteral("‖B_i‖₂");
  const QString at = QString::number(timeSeconds * 1000.0, 'f', 1);
  return physical ? QStringLiteral("|q_i| at %1 ms (nA·m)").arg(at) : QStringLiteral("|B_i| at %1 ms").arg(at);
}

Vec sourceTimeCourse(const MeegSolution& solution, Index j, Index timePoints, AmplitudeUnits units,
                     const Vec& depthWeights) {
  Vec out = Vec::Zero(timePoints);
  const Index r = solution.rowOf(j);
  if (r < 0 || r >= solution.rows.rows() || solution.rows.cols() != timePoints) return out;
  out = solution.rows.row(r).transpose() * unitFactor(j, units, depthWeights);
  return out;
}

QJsonObject solutionToJson(const MeegSolution& s) {
  QJsonObject o;
  o.insert(QStringLiteral("solver"), s.solver);
  o.insert(QStringLiteral("alpha"), s.alpha);
  o.insert(QStringLiteral("alpha_max"), s.alphaMax);
  o.insert(QStringLiteral("alpha_percent"), s.alphaPercent);
  QJsonArray active;
  for (Index j : s.activeSet) active.append(static_cast<qint64>(j));
  o.insert(QStringLiteral("active_set"), active);
  QJsonArray courses;
  for (Index r = 0; r < s.rows.rows(); ++r) {
    QJsonArray row;
    for (Index t = 0; t < s.rows.cols(); ++t) row.append(s.rows(r, t));
    courses.append(row);
  }
  o.insert(QStringLiteral("time_courses"), courses);
  o.insert(QStringLiteral("objective"), s.objective);
  o.insert(QStringLiteral("duality_gap"), s.dualityGap);
  o.insert(QStringLiteral("n_iter"), s.nIter);
  o.insert(QStringLiteral("seconds"), s.seconds);
  return o;
}

bool solutionFromJson(const QJsonObject& o, MeegSolution* s, QString* error) {
  auto fail = [&](const QString& key) {
    if (error) *error = QStringLiteral("M/EEG solution: key \"%1\" is missing or has the wrong type").arg(key);
    return false;
  };
  MeegSolution out;
  if (!o.value(QStringLiteral("solver")).isString()) return fail(QStringLiteral("solver"));
  out.solver = o.value(QStringLiteral("solver")).toString();
  for (const auto& [key, dst] : {std::pair{QStringLiteral("alpha"), &out.alpha},
                                 std::pair{QStringLiteral("alpha_max"), &out.alphaMax},
                                 std::pair{QStringLiteral("alpha_percent"), &out.alphaPercent},
                                 std::pair{QStringLiteral("objective"), &out.objective},
                                 std::pair{QStringLiteral("duality_gap"), &out.dualityGap},
                                 std::pair{QStringLiteral("seconds"), &out.seconds}}) {
    if (!o.value(key).isDouble()) return fail(key);
    *dst = o.value(key).toDouble();
  }
  out.nIter = o.value(QStringLiteral("n_iter")).toInt();
  const QJsonValue active = o.value(QStringLiteral("active_set"));
  const QJsonValue courses = o.value(QStringLiteral("time_courses"));
  if (!active.isArray()) return fail(QStringLiteral("active_set"));
  if (!courses.isArray()) return fail(QStringLiteral("time_courses"));
  for (const QJsonValue& v : active.toArray()) out.activeSet.push_back(static_cast<Index>(v.toInteger()));
  const QJsonArray rows = courses.toArray();
  if (rows.size() != static_cast<qsizetype>(out.activeSet.size())) return fail(QStringLiteral("time_courses"));
  const Index T = rows.isEmpty() ? 0 : static_cast<Index>(rows.first().toArray().size());
  out.rows = Mat::Zero(static_cast<Index>(rows.size()), T);
  for (Index r = 0; r < out.rows.rows(); ++r) {
    const QJsonArray row = rows.at(r).toArray();
    if (static_cast<Index>(row.size()) != T) return fail(QStringLiteral("time_courses"));
    for (Index t = 0; t < T; ++t) out.rows(r, t) = row.at(t).toDouble();
  }
  out.valid = true;
  *s = std::move(out);
  return true;
}

QString solutionToCsv(const MeegSolution& s, const Vec& times) {
  QString text;
  QTextStream out(&text);
  out.setRealNumberPrecision(17);
  out << "# solver=" << s.solver << " alpha=" << s.alpha << " alpha_max=" << s.alphaMax
      << " alpha_percent=" << s.alphaPercent << " objective=" << s.objective << " duality_gap=" << s.dualityGap
      << " n_iter=" << s.nIter << " seconds=" << s.seconds << "\n";
  out << "# rows: active sources (0-based index); columns: B at each time sample (depth-weighted units)\n";
  out << "source";
  for (Index t = 0; t < s.rows.cols(); ++t) out << "," << (t < times.size() ? times(t) : static_cast<double>(t));
  out << "\n";
  for (std::size_t k = 0; k < s.activeSet.size(); ++k) {
    out << static_cast<qint64>(s.activeSet[k]);
    for (Index t = 0; t < s.rows.cols(); ++t) out << "," << s.rows(static_cast<Index>(k), t);
    out << "\n";
  }
  return text;
}

}  // namespace lambdascope::ui::meeg
