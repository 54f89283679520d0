#pragma once
// ModelPanel: model choice, λ grid, tolerance and preprocessing; Run/Cancel and progress.

#include <QString>
#include <QWidget>
#include <vector>

#include "core/model.hpp"
#include "core/path/regularization_path.hpp"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QSpinBox;

namespace lambdascope::ui {

/// What the panel shows, as persisted in QSettings ("model/...").
struct ModelSettings {
  QString model = QStringLiteral("lasso");
  QString solver = QString::fromStdString(ModelSpec{}.solver);
  int nLambdas = 100;
  double lambdaMinRatio = 1e-3;
  bool useExplicitLambdas = false;
  QString explicitLambdas;
  double tol = 1e-6;
  bool fitIntercept = true;
  bool standardize = false;
  double l1Ratio = 0.5;     ///< enet
  double gamma = 0.0;       ///< mcp/scad; 0 = the model's default
  QString weightsFile;      ///< wlasso
  bool positive = false;    ///< lasso, enet, wlasso, logreg
  int groupSize = 2;        ///< group: contiguous groups of this size...
  QString groupsFile;       ///< ...unless a labels file is given
};

/// Parse "1, 0.5 0.1;0.01" into positive finite values; on failure returns false and says why.
bool parseLambdaList(const QString& text, std::vector<double>& out, QString* error);

class ModelPanel : public QWidget {
  Q_OBJECT

 public:
  explicit ModelPanel(QWidget* parent = nullptr);

  ModelSettings settings() const;
  void setSettings(const ModelSettings& s);

  /// The spec and grid options for a run; false (with a message) when a field is invalid.
  bool buildRequest(ModelSpec& spec, PathOptions& options, QString* error) const;

  /// Idle: Run enabled, Cancel disabled; running: both enabled (Run restarts).
  void setRunning(bool running);
  void setProgress(int done, int total);
  void setStatus(const QString& text);

  QPushButton* runButton() const { return run_; }
  QPushButton* cancelButton() const { return cancel_; }
  QProgressBar* progressBar() const { return progress_; }
  QLabel* statusLabel() const { return status_; }

 Q_SIGNALS:
  void runRequested();
  void cancelRequested();

 private:
  void updateGridWidgets();

  void updateModelWidgets();

  QComboBox* model_;
  QComboBox* solver_;
  QLineEdit* l1Ratio_;
  QLineEdit* gamma_;
  QLineEdit* weightsFile_;
  QPushButton* browseWeights_;
  QCheckBox* positive_;
  QWidget* l1RatioRow_;
  QWidget* gammaRow_;
  QWidget* weightsRow_;
  QSpinBox* groupSize_;
  QLineEdit* groupsFile_;
  QWidget* groupRow_;
  QRadioButton* geometric_;
  QRadioButton* explicit_;
  QSpinBox* nLambdas_;
  QLineEdit* ratio_;
  QLineEdit* lambdaList_;
  QLineEdit* tol_;
  QCheckBox* intercept_;
  QCheckBox* standardize_;
  QPushButton* run_;
  QPushButton* cancel_;
  QProgressBar* progress_;
  QLabel* status_;
};

}  // namespace lambdascope::ui
