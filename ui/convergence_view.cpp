#include "ui/convergence_view.hpp"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>
#include <cmath>

#include "core/model.hpp"
#include "ui/plots/convergence_plot.hpp"

namespace lambdascope::ui {

ConvergenceView::ConvergenceView(QWidget* parent)
    : QWidget(parent),
      solverA_(new QComboBox(this)),
      solverB_(new QComboBox(this)),
      tol_(new QComboBox(this)),
      xAxis_(new QComboBox(this)),
      race_(new QPushButton(tr("Race"), this)),
      stop_(new QPushButton(tr("Stop"), this)),
      status_(new QLabel(this)),
      plot_(new ConvergencePlot(this)) {
  setObjectName(QStringLiteral("convergenceView"));
  solverA_->setObjectName(QStringLiteral("raceSolverA"));
  solverB_->setObjectName(QStringLiteral("raceSolverB"));
  tol_->setObjectName(QStringLiteral("raceTol"));
  xAxis_->setObjectName(QStringLiteral("raceXAxis"));
  race_->setObjectName(QStringLiteral("raceButton"));
  stop_->setObjectName(QStringLiteral("raceStopButton"));
  status_->setObjectName(QStringLiteral("raceStatus"));

  // Solvers are whatever the core offers now (more may be added without touching this file).
  const std::vector<std::string> solvers = availableSolvers();
  for (const std::string& name : solvers) {
    const QString s = QString::fromStdString(name);
    solverA_->addItem(s, s);
    solverB_->addItem(s, s);
  }
  solverB_->addItem(tr("(none)"), QString());
  // Default race: working sets against plain cyclic CD when both exist, else the first two.
  const int ws = solverA_->findData(QStringLiteral("ws-cd"));
  solverA_->setCurrentIndex(ws >= 0 ? ws : 0);
  const int cd = solverB_->findData(QStringLiteral("cd"));
  solverB_->setCurrentIndex(cd >= 0 && cd != solverA_->currentIndex() ? cd
                            : solvers.size() > 1                      ? (solverA_->currentIndex() == 0 ? 1 : 0)
                                                                      : solverB_->count() - 1);
  solverA_->setToolTip(tr("Solver A (blue circles)"));
  solverB_->setToolTip(tr("Solver B (orange squares), or none for a single trace"));

  tol_->addItem(tr("tol"), 1.0);
  tol_->addItem(tr("tol / 100"), 100.0);
  tol_->addItem(tr("tol / 10⁴"), 1e4);
  tol_->setCurrentIndex(1);
  tol_->setToolTip(tr("The race's tolerance: the model panel's tol, or tighter for longer curves"));

  xAxis_->addItem(tr("vs epoch"), static_cast<int>(ConvergencePlot::XAxis::Epochs));
  xAxis_->addItem(tr("vs time"), static_cast<int>(ConvergencePlot::XAxis::Seconds));
  xAxis_->setToolTip(tr("Horizontal axis: epochs (one pass over the coordinates) or wall time"));

  race_->setToolTip(tr("Solve the λ at the path cursor with both solvers, cold start from w = 0, "
                       "each on its own thread (Ctrl+Shift+R)"));
  stop_->setToolTip(tr("Stop the race (Esc)"));
  stop_->setEnabled(false);
  race_->setEnabled(false);

  auto* controls = new QHBoxLayout;
  controls->setContentsMargins(8, 6, 8, 2);
  controls->setSpacing(6);
  controls->addWidget(new QLabel(tr("Race"), this));
  controls->addWidget(solverA_);
  controls->addWidget(new QLabel(tr("vs"), this));
  controls->addWidget(solverB_);
  controls->addSpacing(12);
  controls->addWidget(new QLabel(tr("to"), this));
  controls->addWidget(tol_);
  controls->addSpacing(12);
  controls->addWidget(xAxis_);
  controls->addStretch(1);
  controls->addWidget(race_);
  controls->addWidget(stop_);

  status_->setContentsMargins(10, 0, 8, 2);
  status_->setWordWrap(true);
  QPalette pal = status_->palette();
  pal.setColor(QPalette::WindowText, QColor(85, 85, 85));
  status_->setPalette(pal);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(2);
  layout->addLayout(controls);
  layout->addWidget(status_);
  layout->addWidget(plot_, 1);

  connect(race_, &QPushButton::clicked, this, &ConvergenceView::raceRequested);
  connect(stop_, &QPushButton::clicked, this, &ConvergenceView::cancelRequested);
  connect(xAxis_, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
    plot_->setXAxisMode(static_cast<ConvergencePlot::XAxis>(xAxis_->currentData().toInt()));
  });
}

QString ConvergenceView::solverA() const { return solverA_->currentData().toString(); }
QString ConvergenceView::solverB() const { return solverB_->currentData().toString(); }

void ConvergenceView::setSolvers(const QString& a, const QString& b) {
  const int ia = solverA_->findData(a);
  if (ia >= 0) solverA_->setCurrentIndex(ia);
  const int ib = solverB_->findData(b);
  solverB_->setCurrentIndex(ib >= 0 ? ib : solverB_->count() - 1);
}

double ConvergenceView::tolDivisor() const { return tol_->currentData().toDouble(); }

void ConvergenceView::setTolDivisor(double divisor) {
  for (int i = 0; i < tol_->count(); ++i)
    if (tol_->itemData(i).toDouble() == divisor) {
      tol_->setCurrentIndex(i);
      return;
    }
  tol_->addItem(tr("tol / %1").arg(divisor, 0, 'g', 3), divisor);  // scripted values (tests)
  tol_->setCurrentIndex(tol_->count() - 1);
}

void ConvergenceView::setRunning(bool running) {
  running_ = running;
  stop_->setEnabled(running);
  updateRaceButton();
}

void ConvergenceView::setCanRace(bool can, const QString& why) {
  canRace_ = can;
  race_->setToolTip(can ? tr("Solve the λ at the path cursor with both solvers, cold start from "
                             "w = 0, each on its own thread (Ctrl+Shift+R)")
                        : why);
  updateRaceButton();
}

void ConvergenceView::setStatus(const QString& text) { status_->setText(text); }

void ConvergenceView::updateRaceButton() {
  race_->setEnabled(canRace_);
  race_->setText(running_ ? tr("Restart race") : tr("Race"));
}

}  // namespace lambdascope::ui
