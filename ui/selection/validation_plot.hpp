#pragma once
// ValidationPlot: the validation loss against λ, glmnet's picture: the CV mean with ±1 se error
// bars filling in as folds finish (each fold loss a faint dot), λ_min and λ_1se marked; and the
// bilevel search drawn on top: the criterion curve (grid baseline), each outer iterate a point with
// its tangent from the hypergradient, the trajectory joining them. λ axis as on the path plot
// (log scale, decreasing to the right); a dashed line follows the path view's λ cursor.

#include <vector>

#include "core/selection/hpo.hpp"
#include "ui/plots/plot_widget.hpp"
#include "ui/selection/selection_worker.hpp"

namespace lambdascope::ui {

class ValidationPlot : public PlotWidget {
  Q_OBJECT

 public:
  static constexpr double kTangentHalfWidth = 0.25;  ///< in log λ

  explicit ValidationPlot(QWidget* parent = nullptr);

  void clearAll();
  // Cross-validation.
  void beginCv(const std::vector<double>& lambdas, int folds, const QString& lossName);
  void addFoldLosses(const std::vector<FoldLossPoint>& batch);
  void setCvResult(const CvResult& result);
  // Bilevel search.
  void beginHpo(double lambdaMax, const QString& criterionName);
  void addCurvePoint(double logLambda, double value);
  void addIterate(const HpoStep& step);
  /// The path view's λ cursor (NaN hides it).
  void setCursorLambda(double lambda);

  // Parts, for tests.
  QCPGraph* meanGraph() const { return mean_; }
  QCPErrorBars* errorBars() const { return bars_; }
  QCPGraph* foldDots() const { return dots_; }
  QCPGraph* curveGraph() const { return curve_; }
  QCPCurve* trajectory() const { return trajectory_; }
  QCPGraph* rejectedGraph() const { return rejected_; }
  QCPItemStraightLine* minLine() const { return minLine_; }
  QCPItemStraightLine* oneSeLine() const { return oneSeLine_; }
  QCPItemStraightLine* cursorLine() const { return cursorLine_; }
  int tangentCount() const { return static_cast<int>(tangents_.size()); }
  /// Columns whose every fold is in (λ with a mean and an error bar).
  int completeColumns() const;
  Index liveIndexMin() const { return liveMin_; }
  Index liveIndex1se() const { return live1se_; }

 Q_SIGNALS:
  /// The user clicked at this λ (the window moves the path cursor there).
  void lambdaPicked(double lambda);

 protected:
  void sync() override;

 private:
  void onMousePress(QMouseEvent* event);
  void placeMarker(QCPItemStraightLine* line, QCPItemText* label, double lambda, const QString& text);
  void rescale();

  // CV state.
  std::vector<double> lambdas_;
  Mat loss_;  // folds × λ, NaN until known
  std::vector<FoldLossPoint> pendingDots_;
  Index liveMin_ = -1;
  Index live1se_ = -1;
  bool cvFinal_ = false;
  // HPO state.
  std::vector<std::pair<double, double>> pendingCurve_;
  std::vector<HpoStep> pendingSteps_;
  std::vector<QCPItemLine*> tangents_;

  QCPGraph* dots_;
  QCPGraph* mean_;
  QCPErrorBars* bars_;
  QCPGraph* curve_;
  QCPCurve* trajectory_;
  QCPGraph* iterates_;
  QCPGraph* rejected_;
  QCPItemStraightLine* minLine_;
  QCPItemStraightLine* oneSeLine_;
  QCPItemText* minLabel_;
  QCPItemText* oneSeLabel_;
  QCPItemStraightLine* cursorLine_;
};

}  // namespace lambdascope::ui
