#pragma once
// CoefficientBarPlot: the coefficients at the cursor's λ, one bar per feature.

#include <QString>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "ui/plots/plot_widget.hpp"

namespace lambdascope::ui {

/// Positive bars and negative bars are two QCPBars (two colours) sharing the keys 1..m; bar i is
/// labelled with its feature's name. Up to kMaxBars features are shown: all of them when p is
/// small, otherwise the kMaxBars largest |coefficients| (in feature order). The value axis is
/// set by the caller (the path's range) so bars keep their scale while the cursor moves.
class CoefficientBarPlot : public PlotWidget {
  Q_OBJECT

 public:
  static constexpr Index kMaxBars = 40;

  explicit CoefficientBarPlot(QWidget* parent = nullptr);

  void setFeatureNames(const std::vector<std::string>& names);
  /// Show `beta` (length p); `valueRange` fixes the y axis (empty range = fit to the bars).
  void setCoefficients(const Vec& beta, const QCPRange& valueRange, const QString& caption);
  void clearCoefficients();

  /// What is drawn: feature index, name and value of each bar, left to right.
  const std::vector<Index>& barFeatures() const { return shown_; }
  std::vector<QString> barLabels() const;
  std::vector<double> barValues() const;
  QCPBars* positiveBars() const { return positive_; }
  QCPBars* negativeBars() const { return negative_; }

 private:
  std::vector<std::string> names_;
  std::vector<Index> shown_;
  QCPBars* positive_;
  QCPBars* negative_;
  QCPTextElement* caption_;
  QSharedPointer<QCPAxisTickerText> ticker_;
};

}  // namespace lambdascope::ui
