#include "ui/l0/l0_model.hpp"

#include <cmath>
#include <limits>

#include "core/io/json_writer.hpp"

namespace lambdascope::ui::l0 {

namespace core = lambdascope::l0;

void L0Model::setFeatureNames(const QStringList& names) { names_ = names; }

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
