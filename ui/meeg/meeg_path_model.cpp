#include "ui/meeg/meeg_path_model.hpp"

#include <algorithm>
#include <cmath>

namespace lambdascope::ui::meeg {

void MeegPathModel::reset(double alphaMax, std::vector<double> planned) {
  alphaMax_ = alphaMax;
  planned_ = std::move(planned);
  entries_.clear();
  selected_ = -1;
  sureIndex_ = -1;
  Q_EMIT modelReset();
}

void MeegPathModel::append(PathEntry entry) {
  entries_.push_back(std::move(entry));
  Q_EMIT entryAppended(size() - 1);
}

void MeegPathModel::setCriterion(const QString& criterion) {
  criterion_ = criterion;
  Q_EMIT sureChanged();
}

void MeegPathModel::setChosenIndex(int k) {
  sureIndex_ = k >= 0 && k < size() ? k : -1;
  Q_EMIT sureChanged();
}

double MeegPathModel::score(int k) const {
  if (k < 0 || k >= size()) return std::numeric_limits<double>::quiet_NaN();
  const PathEntry& e = entries_[static_cast<std::size_t>(k)];
  return criterion_ == QStringLiteral("holdout") ? e.holdout : e.sure;
}

void MeegPathModel::setSelectedIndex(int k) {
  if (k < -1 || k >= size()) k = -1;
  if (k == selected_) return;
  selected_ = k;
  Q_EMIT selectionChanged(k);
}

const PathEntry* MeegPathModel::selectedEntry() const {
  return selected_ >= 0 && selected_ < size() ? &entries_[static_cast<std::size_t>(selected_)] : nullptr;
}

int MeegPathModel::nearestIndex(double alphaPercent) const {
  if (entries_.empty() || !(alphaPercent > 0.0)) return entries_.empty() ? -1 : 0;
  const double target = std::log10(alphaPercent);
  int best = -1;
  double bestD = std::numeric_limits<double>::infinity();
  for (int k = 0; k < size(); ++k) {
    const double a = entries_[static_cast<std::size_t>(k)].solution.alphaPercent;
    if (!(a > 0.0)) continue;
    const double d = std::abs(std::log10(a) - target);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best;
}

std::vector<Index> MeegPathModel::everActive() const {
  std::vector<Index> order;
  std::vector<char> seen;
  // Largest α first, whatever order the points were solved in.
  std::vector<std::size_t> byAlpha(entries_.size());
  for (std::size_t k = 0; k < byAlpha.size(); ++k) byAlpha[k] = k;
  std::stable_sort(byAlpha.begin(), byAlpha.end(), [&](std::size_t a, std::size_t b) {
    return entries_[a].solution.alphaPercent > entries_[b].solution.alphaPercent;
  });
  for (std::size_t k : byAlpha) {
    for (Index j : entries_[k].solution.activeSet) {
      if (j < 0) continue;
      if (static_cast<std::size_t>(j) >= seen.size()) seen.resize(static_cast<std::size_t>(j) + 1, 0);
      if (seen[static_cast<std::size_t>(j)]) continue;
      seen[static_cast<std::size_t>(j)] = 1;
      order.push_back(j);
    }
  }
  return order;
}

std::pair<double, double> MeegPathModel::logPercentRange() const {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  auto take = [&](double p) {
    if (!(p > 0.0)) return;
    lo = std::min(lo, std::log10(p));
    hi = std::max(hi, std::log10(p));
  };
  for (double p : planned_) take(p);
  for (const auto& e : entries_) take(e.solution.alphaPercent);
  if (!std::isfinite(lo)) return {0.0, 2.0};
  if (hi - lo < 1e-6) {
    lo -= 0.05;
    hi += 0.05;
  }
  return {lo, hi};
}

QSharedPointer<QCPAxisTickerText> percentTicker(double logLo, double logHi) {
  QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
  std::vector<double> candidates;
  for (int e = -3; e <= 2; ++e)
    for (double m : {1.0, 2.0, 5.0}) candidates.push_back(m * std::pow(10.0, e));
  std::vector<double> inside;
  for (double c : candidates)
    if (std::log10(c) >= logLo - 1e-9 && std::log10(c) <= logHi + 1e-9) inside.push_back(c);
  // Narrow ranges: add 3, 4, 6, 7, 8 × 10^k so there are at least three ticks.
  if (inside.size() < 3) {
    inside.clear();
    for (int e = -3; e <= 2; ++e)
      for (double m : {1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0}) {
        const double c = m * std::pow(10.0, e);
        if (std::log10(c) >= logLo - 1e-9 && std::log10(c) <= logHi + 1e-9) inside.push_back(c);
      }
  }
  for (double c : inside) ticker->addTick(std::log10(c), QString::number(c, 'g', 3));
  return ticker;
}

}  // namespace lambdascope::ui::meeg
