#include "ui/playground/prox_explorer_view.hpp"

#include <QCheckBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QSplitter>
#include <QVBoxLayout>

#include "ui/playground/slide_style.hpp"
#include "ui/plots/plot_style.hpp"
#include "ui/plots/plot_widget.hpp"

namespace lambdascope::ui::playground {

using namespace lambdascope::playground;

namespace {
constexpr double kLambdaScale = 100.0;  // slider units per unit of λ (and of γ)
constexpr int kPoints = 601;

QString describe(const std::string& op) {
  if (op == "soft") return QObject::tr("soft: λ|x|");
  if (op == "hard") return QObject::tr("hard: λ²/2·[x ≠ 0]");
  if (op == "firm") return QObject::tr("firm: MCP(λ, γ)");
  if (op == "scad") return QObject::tr("SCAD(λ, γ)");
  return QObject::tr("block soft: λ‖x‖₂ (radial)");
}
}  // namespace

ProxExplorerView::ProxExplorerView(QWidget* parent)
    : QWidget(parent),
      penaltyPlot_(new PlotWidget(QStringLiteral("prox-penalties"))),
      proxPlot_(new PlotWidget(QStringLiteral("prox-operators"))),
      lambdaSlider_(new QSlider(Qt::Horizontal)),
      gammaSlider_(new QSlider(Qt::Horizontal)),
      lambdaLabel_(new QLabel),
      gammaLabel_(new QLabel) {
  setObjectName(QStringLiteral("proxExplorer"));
  penaltyPlot_->setObjectName(QStringLiteral("proxPenaltyPlot"));
  proxPlot_->setObjectName(QStringLiteral("proxOperatorPlot"));
  penaltyPlot_->xAxis->setLabel(QStringLiteral("x"));
  penaltyPlot_->yAxis->setLabel(tr("penalty p(x)"));
  proxPlot_->xAxis->setLabel(QStringLiteral("v"));
  proxPlot_->yAxis->setLabel(tr("prox_p(v) = argmin ½(x − v)² + p(x)"));
  for (PlotWidget* p : {penaltyPlot_, proxPlot_}) {
    p->legend->setVisible(true);
    p->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    p->setMinimumSize(280, 240);
    connect(p, &PlotWidget::exportRequested, this, [this, p] { Q_EMIT exportRequested(p); });
  }
  lambdaSlider_->setObjectName(QStringLiteral("proxLambdaSlider"));
  lambdaSlider_->setRange(0, 300);
  lambdaSlider_->setValue(100);
  gammaSlider_->setObjectName(QStringLiteral("proxGammaSlider"));
  gammaSlider_->setRange(105, 800);
  gammaSlider_->setValue(300);

  auto* controls = new QGridLayout;
  controls->addWidget(new QLabel(tr("λ")), 0, 0);
  controls->addWidget(lambdaSlider_, 0, 1);
  controls->addWidget(lambdaLabel_, 0, 2);
  controls->addWidget(new QLabel(tr("γ (firm > 1, SCAD > 2)")), 1, 0);
  controls->addWidget(gammaSlider_, 1, 1);
  controls->addWidget(gammaLabel_, 1, 2);
  auto* boxes = new QHBoxLayout;
  for (const std::string& op : availableProxOperators()) {
    auto* box = new QCheckBox(describe(op));
    box->setObjectName(QStringLiteral("prox_%1").arg(QString::fromStdString(op)));
    box->setChecked(true);
    operators_[op] = box;
    boxes->addWidget(box);
    connect(box, &QCheckBox::toggled, this, [this] {
      redraw();
      Q_EMIT settingsChanged();
    });
  }
  boxes->addStretch();
  controls->addLayout(boxes, 2, 0, 1, 3);

  auto* plots = new QSplitter(Qt::Horizontal);
  plots->addWidget(penaltyPlot_);
  plots->addWidget(proxPlot_);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(plots, 1);
  layout->addLayout(controls);

  for (QSlider* s : {lambdaSlider_, gammaSlider_})
    connect(s, &QSlider::valueChanged, this, [this] {
      redraw();
      Q_EMIT settingsChanged();
    });
  redraw();
}

void ProxExplorerView::setSettings(const PresetProx& settings) {
  const QSignalBlocker b1(lambdaSlider_), b2(gammaSlider_);
  lambdaSlider_->setValue(static_cast<int>(std::lround(settings.params.lambda * kLambdaScale)));
  gammaSlider_->setValue(static_cast<int>(std::lround(settings.params.gamma * kLambdaScale)));
  for (auto& [name, box] : operators_) {
    const QSignalBlocker b(box);
    box->setChecked(std::find(settings.operators.begin(), settings.operators.end(), name) != settings.operators.end());
  }
  xMax_ = settings.xMax;
  redraw();
}

PresetProx ProxExplorerView::settings() const {
  PresetProx s;
  s.operators.clear();
  for (const std::string& op : availableProxOperators())
    if (operators_.at(op)->isChecked()) s.operators.push_back(op);
  s.params.lambda = lambdaSlider_->value() / kLambdaScale;
  s.params.gamma = gammaSlider_->value() / kLambdaScale;
  s.xMax = xMax_;
  return s;
}

void ProxExplorerView::setLargeFonts(bool on) {
  large_ = on;
  applySlideFonts(penaltyPlot_, on);
  applySlideFonts(proxPlot_, on);
  redraw();
}

void ProxExplorerView::redraw() {
  const PresetProx s = settings();
  lambdaLabel_->setText(QString::number(s.params.lambda, 'f', 2));
  gammaLabel_->setText(QString::number(s.params.gamma, 'f', 2));
  penaltyPlot_->clearGraphs();
  proxPlot_->clearGraphs();
  QCPGraph* identity = proxPlot_->addGraph();
  identity->setName(tr("identity"));
  identity->setPen(QPen(QColor(150, 150, 150), 1.0, Qt::DashLine));
  identity->setData(QVector<double>{-xMax_, xMax_}, QVector<double>{-xMax_, xMax_});
  int i = 0;
  double penMax = 0.0;
  for (const std::string& name : availableProxOperators()) {
    const QColor c = style::seriesColor(i++);
    if (!operators_.at(name)->isChecked()) continue;
    const ProxOperator op = proxOperatorFromName(name);
    ProxParams params = s.params;
    // γ is shared; keep each operator in its valid range (firm needs > 1, SCAD > 2).
    if (op == ProxOperator::Scad) params.gamma = std::max(params.gamma, 2.01);
    const ProxCurves curves = proxCurves(op, params, xMax_, kPoints);
    const QVector<double> x(curves.x.begin(), curves.x.end());
    QCPGraph* pen = penaltyPlot_->addGraph();
    pen->setName(describe(name));
    pen->setPen(QPen(c, curveWidth(large_)));
    pen->setData(x, QVector<double>(curves.penalty.begin(), curves.penalty.end()), true);
    for (double v : curves.penalty) penMax = std::max(penMax, v);
    QCPGraph* prox = proxPlot_->addGraph();
    prox->setName(describe(name));
    prox->setPen(QPen(c, curveWidth(large_)));
    prox->setData(x, QVector<double>(curves.prox.begin(), curves.prox.end()), true);
  }
  penaltyPlot_->xAxis->setRange(-xMax_, xMax_);
  penaltyPlot_->yAxis->setRange(0.0, std::max(penMax * 1.1, 0.1));
  proxPlot_->xAxis->setRange(-xMax_, xMax_);
  proxPlot_->yAxis->setRange(-xMax_, xMax_);
  penaltyPlot_->throttle()->request();
  proxPlot_->throttle()->request();
}

}  // namespace lambdascope::ui::playground
