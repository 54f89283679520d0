#include "ui/l0/l0_model.hpp"

#include <QJsonArray>
#include <algorithm>
#include <cmath>
#include <limits>

#include "core/io/json_writer.hpp"

namespace lambdascope::ui::l0 {

namespace core = lambdascope::l0;

namespace {

// Session JSON helpers. JSON has no ±inf/NaN, and bounds start at ±inf: keep them as strings.
QJsonValue num(double v) {
  if (std::isfinite(v)) return v;
  return std::isnan(v) ? QStringLiteral("nan") : v > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
}

/// Reads what num() wrote; a missing or foreign value sets *bad.
double numFrom(const QJsonValue& v, bool* bad) {
  if (v.isDouble()) return v.toDouble();
  const QString s = v.toString();
  if (s == QLatin1String("inf")) return std::numeric_limits<double>::infinity();
  if (s == QLatin1String("-inf")) return -std::numeric_limits<double>::infinity();
  if (s == QLatin1String("nan")) return std::numeric_limits<double>::quiet_NaN();
  *bad = true;
  return std::numeric_limits<double>::quiet_NaN();
}

QJsonArray numArray(const std::vector<double>& v) {
  QJsonArray a;
  for (double x : v) a.append(num(x));
  return a;
}

std::vector<double> numsFrom(const QJsonValue& v, bool* bad) {
  if (!v.isArray()) *bad = true;
  std::vector<double> out;
  for (const QJsonValue& x : v.toArray()) out.push_back(numFrom(x, bad));
  return out;
}

QJsonArray indexArray(const std::vector<Index>& v) {
  QJsonArray a;
  for (Index i : v) a.append(static_cast<qint64>(i));
  return a;
}

/// Feature indices: non-negative integers below `p` (when p >= 0).
std::vector<Index> indicesFrom(const QJsonValue& v, bool* bad, Index p = -1) {
  if (!v.isArray()) *bad = true;
  std::vector<Index> out;
  for (const QJsonValue& x : v.toArray()) {
    const double d = x.toDouble(-1.0);
    if (!x.isDouble() || d < 0 || d != std::floor(d) || (p >= 0 && d >= static_cast<double>(p))) *bad = true;
    else out.push_back(static_cast<Index>(d));
  }
  return out;
}

/// A dense vector as its length and non-zero entries (coefficients are sparse).
QJsonObject sparseVec(const Vec& v) {
  QJsonObject o;
  QJsonArray idx, val;
  for (Index i = 0; i < v.size(); ++i)
    if (v[i] != 0.0) {
      idx.append(static_cast<qint64>(i));
      val.append(num(v[i]));
    }
  o[QStringLiteral("size")] = static_cast<qint64>(v.size());
  o[QStringLiteral("index")] = idx;
  o[QStringLiteral("value")] = val;
  return o;
}

Vec sparseVecFrom(const QJsonValue& v, bool* bad) {
  const QJsonObject o = v.toObject();
  const double n = o.value(QStringLiteral("size")).toDouble(-1.0);
  if (!v.isObject() || n < 0 || n > 1e9 || n != std::floor(n)) {
    *bad = true;
    return {};
  }
  Vec out = Vec::Zero(static_cast<Index>(n));
  const std::vector<Index> idx = indicesFrom(o.value(QStringLiteral("index")), bad, out.size());
  const std::vector<double> val = numsFrom(o.value(QStringLiteral("value")), bad);
  if (idx.size() != val.size()) *bad = true;
  for (std::size_t k = 0; k < std::min(idx.size(), val.size()); ++k) out[idx[k]] = val[k];
  return out;
}

QJsonObject progressJson(const core::BnbProgress& p) {
  QJsonObject o;
  o[QStringLiteral("seconds")] = num(p.seconds);
  o[QStringLiteral("nodes")] = static_cast<qint64>(p.nodes);
  o[QStringLiteral("open_nodes")] = static_cast<qint64>(p.openNodes);
  o[QStringLiteral("incumbent")] = num(p.incumbent);
  o[QStringLiteral("lower_bound")] = num(p.lowerBound);
  o[QStringLiteral("gap")] = num(p.gap);
  if (!p.incumbentSupport.empty()) o[QStringLiteral("incumbent_support")] = indexArray(p.incumbentSupport);
  return o;
}

core::BnbProgress progressFrom(const QJsonObject& o, bool* bad) {
  core::BnbProgress p;
  p.seconds = numFrom(o.value(QStringLiteral("seconds")), bad);
  p.nodes = o.value(QStringLiteral("nodes")).toInteger();
  p.openNodes = o.value(QStringLiteral("open_nodes")).toInteger();
  p.incumbent = numFrom(o.value(QStringLiteral("incumbent")), bad);
  p.lowerBound = numFrom(o.value(QStringLiteral("lower_bound")), bad);
  p.gap = numFrom(o.value(QStringLiteral("gap")), bad);
  if (o.contains(QStringLiteral("incumbent_support")))
    p.incumbentSupport = indicesFrom(o.value(QStringLiteral("incumbent_support")), bad);
  return p;
}

QJsonArray matchedJson(const std::vector<core::MatchedSupport>& list) {
  QJsonArray a;
  for (const auto& m : list) {
    QJsonObject o;
    o[QStringLiteral("index")] = static_cast<qint64>(m.index);
    o[QStringLiteral("lambda")] = num(m.lambda);
    o[QStringLiteral("support")] = indexArray(m.support);
    o[QStringLiteral("exact_size")] = m.exactSize;
    a.append(o);
  }
  return a;
}

std::vector<core::MatchedSupport> matchedFrom(const QJsonValue& v, bool* bad) {
  std::vector<core::MatchedSupport> out;
  for (const QJsonValue& x : v.toArray()) {
    const QJsonObject o = x.toObject();
    core::MatchedSupport m;
    m.index = o.value(QStringLiteral("index")).toInteger(-1);
    m.lambda = numFrom(o.value(QStringLiteral("lambda")), bad);
    m.support = indicesFrom(o.value(QStringLiteral("support")), bad);
    m.exactSize = o.value(QStringLiteral("exact_size")).toBool();
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace

void L0Model::setFeatureNames(const QStringList& names) { names_ = names; }

QJsonObject L0Model::toSessionJson() const {
  QJsonObject o;
  o[QStringLiteral("loss")] = loss_;
  o[QStringLiteral("feature_names")] = QJsonArray::fromStringList(names_);
  o[QStringLiteral("selected_k")] = selectedK_;
  QJsonArray path;
  for (const auto& p : points_) {
    QJsonObject j;
    j[QStringLiteral("k")] = static_cast<qint64>(p.k);
    j[QStringLiteral("support")] = indexArray(p.support);
    j[QStringLiteral("values")] = numArray(p.values);
    j[QStringLiteral("intercept")] = num(p.intercept);
    j[QStringLiteral("objective")] = num(p.objective);
    j[QStringLiteral("lower_bound")] = num(p.lowerBound);
    j[QStringLiteral("root_bound")] = num(p.rootBound);
    j[QStringLiteral("gap")] = num(p.gap);
    j[QStringLiteral("certified")] = p.certified;
    j[QStringLiteral("nodes")] = static_cast<qint64>(p.nodes);
    j[QStringLiteral("seconds")] = num(p.seconds);
    j[QStringLiteral("status")] = QString::fromStdString(p.status);
    j[QStringLiteral("started_from")] = QString::fromStdString(p.startedFrom);
    j[QStringLiteral("validation_loss")] = num(p.validationLoss);
    j[QStringLiteral("train_loss")] = num(p.trainLoss);
    path.append(j);
  }
  o[QStringLiteral("k_path")] = path;
  QJsonObject convex;
  convex[QStringLiteral("lasso_name")] = convex_.lassoName;
  convex[QStringLiteral("mcp_name")] = convex_.mcpName;
  convex[QStringLiteral("lasso")] = matchedJson(convex_.lasso);
  convex[QStringLiteral("mcp")] = matchedJson(convex_.mcp);
  o[QStringLiteral("convex")] = convex;
  o[QStringLiteral("bnb_k")] = bnbK_;
  QJsonArray trace;
  for (const auto& pr : trace_) trace.append(progressJson(pr));
  o[QStringLiteral("bnb_trace")] = trace;
  if (bnbResult_) {
    const core::L0Result& r = *bnbResult_;
    QJsonObject j;
    j[QStringLiteral("support")] = indexArray(r.solution.support);
    j[QStringLiteral("theta")] = sparseVec(r.solution.theta);
    j[QStringLiteral("model_intercept")] = num(r.solution.intercept);
    j[QStringLiteral("model_objective")] = num(r.solution.objective);
    j[QStringLiteral("coef")] = sparseVec(r.coef);
    j[QStringLiteral("intercept")] = num(r.intercept);
    j[QStringLiteral("objective")] = num(r.objective);
    j[QStringLiteral("lower_bound")] = num(r.lowerBound);
    j[QStringLiteral("root_bound")] = num(r.rootBound);
    j[QStringLiteral("gap")] = num(r.gap);
    j[QStringLiteral("nodes")] = static_cast<qint64>(r.nodes);
    j[QStringLiteral("seconds")] = num(r.seconds);
    j[QStringLiteral("certified")] = r.certified;
    j[QStringLiteral("method")] = QString::fromStdString(r.method);
    j[QStringLiteral("status")] = QString::fromStdString(r.status);
    j[QStringLiteral("started_from")] = QString::fromStdString(r.startedFrom);
    // The result's own trace is the one shown (setBnbResult replaced the live one): not stored twice.
    j[QStringLiteral("trace_is_bnb_trace")] = !r.trace.empty();
    o[QStringLiteral("bnb_result")] = j;
  }
  return o;
}

bool L0Model::restoreSessionJson(const QJsonObject& o, QString* error) {
  bool bad = false;
  QStringList names;
  for (const QJsonValue& n : o.value(QStringLiteral("feature_names")).toArray()) names << n.toString();
  const auto p = static_cast<Index>(names.size());
  std::vector<core::KPathPoint> points;
  for (const QJsonValue& x : o.value(QStringLiteral("k_path")).toArray()) {
    const QJsonObject j = x.toObject();
    core::KPathPoint pt;
    pt.k = j.value(QStringLiteral("k")).toInteger(0);
    if (pt.k < 1) bad = true;
    pt.support = indicesFrom(j.value(QStringLiteral("support")), &bad, p);
    pt.values = numsFrom(j.value(QStringLiteral("values")), &bad);
    if (pt.values.size() != pt.support.size()) bad = true;
    pt.intercept = numFrom(j.value(QStringLiteral("intercept")), &bad);
    pt.objective = numFrom(j.value(QStringLiteral("objective")), &bad);
    pt.lowerBound = numFrom(j.value(QStringLiteral("lower_bound")), &bad);
    pt.rootBound = numFrom(j.value(QStringLiteral("root_bound")), &bad);
    pt.gap = numFrom(j.value(QStringLiteral("gap")), &bad);
    pt.certified = j.value(QStringLiteral("certified")).toBool();
    pt.nodes = j.value(QStringLiteral("nodes")).toInteger();
    pt.seconds = numFrom(j.value(QStringLiteral("seconds")), &bad);
    pt.status = j.value(QStringLiteral("status")).toString().toStdString();
    pt.startedFrom = j.value(QStringLiteral("started_from")).toString().toStdString();
    pt.validationLoss = numFrom(j.value(QStringLiteral("validation_loss")), &bad);
    pt.trainLoss = numFrom(j.value(QStringLiteral("train_loss")), &bad);
    points.push_back(std::move(pt));
  }
  const QJsonObject c = o.value(QStringLiteral("convex")).toObject();
  ConvexSupports convex;
  convex.lassoName = c.value(QStringLiteral("lasso_name")).toString();
  convex.mcpName = c.value(QStringLiteral("mcp_name")).toString();
  convex.lasso = matchedFrom(c.value(QStringLiteral("lasso")), &bad);
  convex.mcp = matchedFrom(c.value(QStringLiteral("mcp")), &bad);
  std::vector<core::BnbProgress> trace;
  for (const QJsonValue& x : o.value(QStringLiteral("bnb_trace")).toArray()) trace.push_back(progressFrom(x.toObject(), &bad));
  std::optional<core::L0Result> result;
  if (o.value(QStringLiteral("bnb_result")).isObject()) {
    const QJsonObject j = o.value(QStringLiteral("bnb_result")).toObject();
    core::L0Result r;
    r.solution.support = indicesFrom(j.value(QStringLiteral("support")), &bad, p);
    r.solution.theta = sparseVecFrom(j.value(QStringLiteral("theta")), &bad);
    r.solution.intercept = numFrom(j.value(QStringLiteral("model_intercept")), &bad);
    r.solution.objective = numFrom(j.value(QStringLiteral("model_objective")), &bad);
    r.coef = sparseVecFrom(j.value(QStringLiteral("coef")), &bad);
    r.intercept = numFrom(j.value(QStringLiteral("intercept")), &bad);
    r.objective = numFrom(j.value(QStringLiteral("objective")), &bad);
    r.lowerBound = numFrom(j.value(QStringLiteral("lower_bound")), &bad);
    r.rootBound = numFrom(j.value(QStringLiteral("root_bound")), &bad);
    r.gap = numFrom(j.value(QStringLiteral("gap")), &bad);
    r.nodes = j.value(QStringLiteral("nodes")).toInteger();
    r.seconds = numFrom(j.value(QStringLiteral("seconds")), &bad);
    r.certified = j.value(QStringLiteral("certified")).toBool();
    r.method = j.value(QStringLiteral("method")).toString().toStdString();
    r.status = j.value(QStringLiteral("status")).toString().toStdString();
    r.startedFrom = j.value(QStringLiteral("started_from")).toString().toStdString();
    if (j.value(QStringLiteral("trace_is_bnb_trace")).toBool()) r.trace = trace;
    // Plots and the certificate index coefficients by feature: they must fit the names.
    if (r.coef.size() != p) bad = true;
    result = std::move(r);
  }
  if (bad) {
    if (error) *error = tr("the stored k-sparse results are malformed");
    return false;
  }
  names_ = names;
  loss_ = o.value(QStringLiteral("loss")).toString(QStringLiteral("squared"));
  points_ = std::move(points);
  convex_ = std::move(convex);
  bnbK_ = o.value(QStringLiteral("bnb_k")).toInt(0);
  trace_ = std::move(trace);
  bnbResult_ = std::move(result);
  Q_EMIT convexChanged();
  Q_EMIT kPathChanged();
  Q_EMIT bnbChanged();
  setSelectedK(std::max(1, o.value(QStringLiteral("selected_k")).toInt(1)));
  return true;
}

void L0Model::clearKPath() {
  points_.clear();
  convex_ = {};
  Q_EMIT convexChanged();
  Q_EMIT kPathChanged();
}

void L0Model::addPoint(const core::KPathPoint& point) {
  points_.push_back(point);
  Q_EMIT kPathChanged();
}

const core::KPathPoint* L0Model::pointFor(int k) const {
  for (const auto& p : points_)
    if (p.k == k) return &p;
  return nullptr;
}

void L0Model::setConvex(const ConvexSupports& supports) {
  convex_ = supports;
  Q_EMIT convexChanged();
}

double L0Model::jaccardAt(int k, int which) const {
  const auto* pt = pointFor(k);
  const auto& list = which == 0 ? convex_.lasso : convex_.mcp;
  if (!pt || k < 1 || static_cast<std::size_t>(k) > list.size()) return std::numeric_limits<double>::quiet_NaN();
  const core::MatchedSupport& m = list[static_cast<std::size_t>(k - 1)];
  if (m.index < 0) return std::numeric_limits<double>::quiet_NaN();
  return core::jaccard(pt->support, m.support);
}

void L0Model::clearBnb(int k) {
  bnbK_ = k;
  trace_.clear();
  bnbResult_.reset();
  Q_EMIT bnbChanged();
}

void L0Model::addProgress(const core::BnbProgress& progress) {
  trace_.push_back(progress);
  Q_EMIT bnbChanged();
}

void L0Model::setBnbResult(const core::L0Result& result) {
  bnbResult_ = result;
  // Both certificates are valid for this k: keep the better objective and the higher bound.
  for (auto& p : points_) {
    if (p.k != bnbK_ || !result.solution.valid()) continue;
    if (result.objective < p.objective) {
      p.objective = result.objective;
      p.support = result.solution.support;
      p.values.clear();
      for (Index j : p.support) p.values.push_back(result.coef[j]);
      p.intercept = result.intercept;
    }
    p.lowerBound = std::min(std::max(p.lowerBound, result.lowerBound), p.objective);
    p.gap = core::relativeGap(p.objective, p.lowerBound);
    p.certified = p.gap <= core::kCertifiedGap;
    p.nodes += result.nodes;
    p.status = result.status + " (branch-and-bound)";
    Q_EMIT kPathChanged();
  }
  if (!result.trace.empty()) trace_ = result.trace;  // the complete history replaces the live one
  Q_EMIT bnbChanged();
}

void L0Model::setSelectedK(int k) {
  if (k == selectedK_) return;
  selectedK_ = k;
  Q_EMIT selectedKChanged(k);
}

void L0Model::writeJson(std::ostream& out, const QString& settingsText) const {
  JsonWriter j(out);
  j.beginObject();
  j.key("settings").value(settingsText.toStdString());
  j.key("loss").value(loss_.toStdString());
  std::vector<std::string> names;
  for (const QString& n : names_) names.push_back(n.toStdString());
  j.key("feature_names").array(names);
  j.key("k_path").beginArray();
  for (const auto& p : points_) {
    j.beginObject();
    j.key("k").value(static_cast<long long>(p.k));
    std::vector<long long> idx(p.support.begin(), p.support.end());
    j.key("support").array(idx);
    j.key("coef").array(p.values);
    j.key("intercept").value(p.intercept);
    j.key("objective").value(p.objective);
    j.key("lower_bound").value(p.lowerBound);
    j.key("gap").value(p.gap);
    j.key("certified").value(p.certified);
    j.key("nodes").value(static_cast<long long>(p.nodes));
    j.key("status").value(p.status);
    j.key("validation_loss").value(p.validationLoss);
    j.key("jaccard_lasso").value(jaccardAt(static_cast<int>(p.k), 0));
    j.key("jaccard_mcp").value(jaccardAt(static_cast<int>(p.k), 1));
    j.key("seconds").value(p.seconds);
    j.endObject();
  }
  j.endArray();
  if (bnbResult_) {
    const core::L0Result& r = *bnbResult_;
    j.key("branch_and_bound").beginObject();
    j.key("k").value(bnbK_);
    std::vector<long long> idx(r.solution.support.begin(), r.solution.support.end());
    std::vector<double> coef;
    for (Index s : r.solution.support) coef.push_back(r.coef.size() > s ? r.coef[s] : 0.0);
    j.key("support").array(idx);
    j.key("coef").array(coef);
    j.key("intercept").value(r.intercept);
    j.key("objective").value(r.objective);
    j.key("lower_bound").value(r.lowerBound);
    j.key("gap").value(r.gap);
    j.key("nodes").value(static_cast<long long>(r.nodes));
    j.key("seconds").value(r.seconds);
    j.key("certified").value(r.certified);
    j.key("status").value(r.status);
    j.key("trace").beginArray();
    for (const auto& pr : trace_) {
      j.beginObject();
      j.key("seconds").value(pr.seconds);
      j.key("nodes").value(static_cast<long long>(pr.nodes));
      j.key("incumbent").value(pr.incumbent);
      j.key("lower_bound").value(pr.lowerBound);
      j.key("gap").value(pr.gap);
      j.endObject();
    }
    j.endArray();
    j.endObject();
  }
  j.endObject();
  out << '\n';
}

void L0Model::writeKPathCsv(std::ostream& out) const {
  out << "k,objective,lower_bound,gap,certified,validation_loss,jaccard_lasso,jaccard_mcp,support\n";
  for (const auto& p : points_) {
    std::string support;
    for (Index s : p.support) {
      if (!support.empty()) support += ' ';
      support += std::to_string(s);
    }
    out << p.k << ',' << JsonWriter::number(p.objective) << ',' << JsonWriter::number(p.lowerBound) << ','
        << JsonWriter::number(p.gap) << ',' << (p.certified ? "true" : "false") << ','
        << JsonWriter::number(p.validationLoss) << ',' << JsonWriter::number(jaccardAt(static_cast<int>(p.k), 0))
        << ',' << JsonWriter::number(jaccardAt(static_cast<int>(p.k), 1)) << ",\"" << support << "\"\n";
  }
}

}  // namespace lambdascope::ui::l0
