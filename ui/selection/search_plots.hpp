#pragma once
// The bilevel search's side plots: criterion vs cost for the optimiser and the baselines, the
// elastic net's criterion map over (λ, ρ) with the trajectory, and the weighted Lasso's λ_j bars.

#include <vector>

#include "core/selection/hpo.hpp"
#include "ui/plots/plot_widget.hpp"
#include "ui/selection/selection_worker.hpp"

namespace lambdascope::ui {

/// Best criterion so far against inner solves (or seconds) for each series.
class SearchComparisonPlot : public PlotWidget {
  Q_OBJECT

 public:
  explicit SearchComparisonPlot(QWidget* parent = nullptr);
  void clearAll();
  void addStep(HpoSeries series, const HpoStep& step);
  /// x axis: inner solves (false) or seconds (true).
  void setSecondsAxis(bool seconds);
  QCPGraph* series(HpoSeries s) const { return graphs_[static_cast<std::size_t>(s)]; }

 protected:
  void sync() override;

 private:
  std::vector<std::pair<HpoSeries, HpoStep>> steps_;
  std::size_t drawn_ = 0;
  bool seconds_ = false;
  std::vector<QCPGraph*> graphs_;
};

/// Elastic net: the criterion over (log λ, ρ) as a colour map, with the search's path on it.
class CriterionMapPlot : public PlotWidget {
  Q_OBJECT

 public:
  explicit CriterionMapPlot(QWidget* parent = nullptr);
  void clearAll();
  void setGrid(double logLambdaLo, double logLambdaHi, int nLambdas, int nRatios);
  void addCell(const MapCell& cell);
  void addIterate(const HpoStep& step);
  QCPColorMap* map() const { return map_; }
  QCPCurve* trajectory() const { return trajectory_; }
  int cells() const { return cells_; }

 protected:
  void sync() override;

 private:
  QCPColorMap* map_;
  QCPColorScale* scale_;
  QCPCurve* trajectory_;
  std::vector<MapCell> pendingCells_;
  std::vector<HpoStep> pendingSteps_;
  int cells_ = 0;
  int nLambdas_ = 0;
  int nRatios_ = 0;
};

/// Weighted Lasso: the current λ_j of every tuned feature (log scale), moving with the search.
class LambdaBarsPlot : public PlotWidget {
  Q_OBJECT

 public:
  explicit LambdaBarsPlot(QWidget* parent = nullptr);
  void clearAll();
  void setNames(const std::vector<std::string>& names);
  void showStep(const HpoStep& step);
  QCPBars* bars() const { return bars_; }

 protected:
  void sync() override;

 private:
  QCPBars* bars_;
  Vec pending_;
  bool dirty_ = false;
};

}  // namespace lambdascope::ui
