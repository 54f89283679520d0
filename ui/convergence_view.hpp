#pragma once
// ConvergenceView: the "Convergence" tab. Race controls (solver A vs solver B, tolerance,
// x axis) above a ConvergencePlot. No jobs here: MainWindow starts them on RaceController.

#include <QString>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;

namespace lambdascope::ui {

class ConvergencePlot;

class ConvergenceView : public QWidget {
  Q_OBJECT

 public:
  explicit ConvergenceView(QWidget* parent = nullptr);

  ConvergencePlot* plot() const { return plot_; }

  /// Solver names as in availableSolvers(); solverB() is empty for "none" (a one-solver trace).
  QString solverA() const;
  QString solverB() const;
  void setSolvers(const QString& a, const QString& b);
  /// The race's tolerance is the model panel's tol divided by this (1, 100 or 10⁴).
  double tolDivisor() const;
  void setTolDivisor(double divisor);

  /// Idle: Race enabled when `canRace`; running: Race restarts, Stop enabled.
  void setRunning(bool running);
  void setCanRace(bool can, const QString& why = {});
  void setStatus(const QString& text);

  QPushButton* raceButton() const { return race_; }
  QPushButton* stopButton() const { return stop_; }
  QComboBox* solverACombo() const { return solverA_; }
  QComboBox* solverBCombo() const { return solverB_; }
  QComboBox* tolCombo() const { return tol_; }
  QComboBox* xAxisCombo() const { return xAxis_; }
  QLabel* statusLabel() const { return status_; }

 Q_SIGNALS:
  void raceRequested();
  void cancelRequested();

 private:
  void updateRaceButton();

  QComboBox* solverA_;
  QComboBox* solverB_;
  QComboBox* tol_;
  QComboBox* xAxis_;
  QPushButton* race_;
  QPushButton* stop_;
  QLabel* status_;
  ConvergencePlot* plot_;
  bool running_ = false;
  bool canRace_ = false;
};

}  // namespace lambdascope::ui
