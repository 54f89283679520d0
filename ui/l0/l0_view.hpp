#pragma once
// L0View: the "k-sparse" tab — k-path (objective, certified lower bound, gap vs k), support grids
// beside Lasso/MCP at matched sparsity with Jaccard agreement, hold-out loss vs k, and a live
// branch-and-bound view (incumbent and bound vs time, gap closing; Cancel keeps the incumbent and
// its certified gap). Every plot and result exports.

#include <QJsonObject>
#include <QString>
#include <QWidget>
#include <optional>

#include "core/dataset.hpp"
#include "core/l0/k_path.hpp"
#include "core/l0/l0_problem.hpp"
#include "ui/plots/plot_export.hpp"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSlider;
class QSpinBox;

namespace lambdascope::ui {
class PlotWidget;
}

namespace lambdascope::ui::l0 {

class BnbPlot;
class KPathPlot;
class L0Controller;
class L0Model;
class SupportGridPlot;
class HoldoutPlot;

class L0View : public QWidget {
  Q_OBJECT

 public:
  explicit L0View(QWidget* parent = nullptr);
  ~L0View() override;

  /// The data every job uses (the window's current dataset); cancels a running job.
  void setDataset(const Dataset& dataset, const QString& displayName);
  bool hasDataset() const { return data_.has_value(); }

  // Settings (the controls), for tests and scripting.
  void setLoss(lambdascope::l0::L0Loss loss);
  void setRidge(double ridge);
  void setStandardize(bool on);
  void setKMax(int kMax);
  void setBnbSecondsPerK(double seconds);
  void setHoldoutFraction(double fraction);
  void setTimeLimit(double seconds);
  double timeLimit() const;  ///< branch-and-bound time limit (s)
  void setK(int k);
  int k() const;
  int kMax() const;
  double bnbSecondsPerK() const;
  double holdoutFraction() const;
  /// The current settings, or nothing with a message in *error.
  std::optional<lambdascope::l0::L0Settings> settings(QString* error) const;

  // Jobs. Each returns the job id, or 0 when it cannot start (errorOccurred says why).
  quint64 runKPath();
  quint64 runBnb();
  void cancel();
  bool isRunning() const;

  // Sessions: the results as shown (L0Model::toSessionJson), restored without recomputing.
  QJsonObject saveResults() const;
  bool restoreResults(const QJsonObject& results, QString* error);

  // Export.
  bool exportResultsJson(const QString& path, QString* error) const;
  bool exportKPathCsv(const QString& path, QString* error) const;
  bool exportBnbCsv(const QString& path, QString* error) const;
  /// Every plot into `dir` as <name>.<format>.
  bool exportPlots(const QString& dir, lambdascope::ui::PlotFormat format, QString* error) const;
  void flushPlots();

  L0Model* model() const { return model_; }
  L0Controller* controller() const { return controller_; }
  KPathPlot* kPathPlot() const { return kPathPlot_; }
  SupportGridPlot* supportPlot() const { return supportPlot_; }
  HoldoutPlot* holdoutPlot() const { return holdoutPlot_; }
  BnbPlot* bnbPlot() const { return bnbPlot_; }
  QLabel* certificateLabel() const { return certificate_; }
  /// Close-time shutdown of the worker thread (waits at most timeoutMs).
  bool shutdown(int timeoutMs);

 Q_SIGNALS:
  void kPathFinished(bool cancelled);
  void bnbFinished(bool cancelled);
  void errorOccurred(const QString& message);

 private:
  void buildUi();
  void updateCertificate();
  void updateButtons();
  void report(const QString& message);
  void onExportMenu(int which);
  QString settingsText() const;

  std::optional<Dataset> data_;
  QString dataName_;
  L0Model* model_;
  L0Controller* controller_;

  QComboBox* loss_ = nullptr;
  QLineEdit* ridge_ = nullptr;
  QCheckBox* standardize_ = nullptr;
  QSpinBox* kMax_ = nullptr;
  QDoubleSpinBox* bnbPerK_ = nullptr;
  QDoubleSpinBox* holdout_ = nullptr;
  QSlider* kSlider_ = nullptr;
  QLabel* kLabel_ = nullptr;
  QDoubleSpinBox* timeLimit_ = nullptr;
  QPushButton* runPath_ = nullptr;
  QPushButton* runBnb_ = nullptr;
  QPushButton* cancel_ = nullptr;
  QPushButton* export_ = nullptr;
  QLabel* certificate_ = nullptr;
  QLabel* status_ = nullptr;

  KPathPlot* kPathPlot_ = nullptr;
  SupportGridPlot* supportPlot_ = nullptr;
  HoldoutPlot* holdoutPlot_ = nullptr;
  BnbPlot* bnbPlot_ = nullptr;
};

}  // namespace lambdascope::ui::l0
