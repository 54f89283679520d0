#include "ui/l0/support_grid_plot.hpp"

#include <cmath>

#include "ui/l0/l0_model.hpp"
#include "ui/plots/plot_style.hpp"

namespace lambdascope::ui::l0 {

SupportGridPlot::SupportGridPlot(const L0Model* model, QWidget* parent)
    : PlotWidget(QStringLiteral("k-support-grid"), parent), model_(model) {
  setObjectName(QStringLiteral("kSupportGridPlot"));
  plotLayout()->clear();
  for (int panel = 0; panel < 3; ++panel) {
    auto* title = new QCPTextElement(this, QString(), style::labelFont());
    auto* rect = new QCPAxisRect(this);
    plotLayout()->addElement(0, panel, title);
    plotLayout()->addElement(1, panel, rect);
    rect->axis(QCPAxis::atTop)->setVisible(panel > 0);
    for (QCPAxis* a : rect->axes()) style::styleAxis(a);
    rect->axis(QCPAxis::atBottom)->setLabel(tr("k"));
    auto* map = new QCPColorMap(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    QCPColorGradient g;
    g.setColorStopAt(0.0, QColor(250, 250, 250));
    g.setColorStopAt(1.0, panel == 0 ? style::seriesColor(0) : style::seriesColor(panel + 1));
    g.setNanHandling(QCPColorGradient::nhNanColor);
    g.setNanColor(QColor(225, 225, 225));
    map->setGradient(g);
    map->setDataRange(QCPRange(0.0, 1.0));
    map->setInterpolate(false);
    rect->axis(QCPAxis::atLeft)->setRangeReversed(true);
    if (panel > 0) rect->axis(QCPAxis::atLeft)->setTickLabels(false);
    rects_.push_back(rect);
    maps_.push_back(map);
    titles_.push_back(title);
  }
  plotLayout()->setRowStretchFactor(0, 0.01);
  connect(model_, &L0Model::kPathChanged, throttle(), &PlotThrottle::request);
  connect(model_, &L0Model::convexChanged, throttle(), &PlotThrottle::request);
}

double SupportGridPlot::cell(int panel, int k, int feature) const {
  const int p = static_cast<int>(model_->featureNames().size());
  if (feature < 0 || feature >= p || k < 1) return qQNaN();
  if (panel == 0) {
    const auto* pt = model_->pointFor(k);
    if (!pt) return qQNaN();
    return std::find(pt->support.begin(), pt->support.end(), feature) != pt->support.end() ? 1.0 : 0.0;
  }
  const auto& list = panel == 1 ? model_->convex().lasso : model_->convex().mcp;
  if (static_cast<std::size_t>(k) > list.size() || list[static_cast<std::size_t>(k - 1)].index < 0) return qQNaN();
  const auto& s = list[static_cast<std::size_t>(k - 1)].support;
  return std::find(s.begin(), s.end(), feature) != s.end() ? 1.0 : 0.0;
}

void SupportGridPlot::sync() {
  const int p = static_cast<int>(model_->featureNames().size());
  int kMax = 0;
  for (const auto& pt : model_->points()) kMax = std::max(kMax, static_cast<int>(pt.k));
  kMax = std::max<int>({kMax, static_cast<int>(model_->convex().lasso.size()), 1});
  const QString names[3] = {tr("k-sparse (ℓ0 + ridge)"), model_->convex().lassoName.isEmpty() ? tr("Lasso") : model_->convex().lassoName,
                            model_->convex().mcpName.isEmpty() ? tr("MCP (n/a)") : model_->convex().mcpName};
  // Feature names on the rows: every one when they fit, else every n-th (the grid stays readable).
  QSharedPointer<QCPAxisTickerText> featureTicker(new QCPAxisTickerText);
  const int rowStep = std::max(1, (p + kMaxLabelledRows - 1) / kMaxLabelledRows);
  for (int j = 0; j < p; j += rowStep) featureTicker->addTick(j, model_->featureNames()[j]);
  const int kStep = std::max(1, (kMax + 7) / 8);  // at most ~8 labelled columns
  QSharedPointer<QCPAxisTickerText> kTicker(new QCPAxisTickerText);
  for (int k = 1; k <= kMax; k += kStep) kTicker->addTick(k, QString::number(k));
  for (int panel = 0; panel < 3; ++panel) {
    QCPColorMap* map = maps_[static_cast<std::size_t>(panel)];
    map->data()->setSize(kMax, std::max(p, 1));
    map->data()->setRange(QCPRange(1.0, std::max(kMax, 2)), QCPRange(0.0, std::max(p - 1, 1)));
    for (int k = 1; k <= kMax; ++k)
      for (int j = 0; j < p; ++j) map->data()->setCell(k - 1, j, cell(panel, k, j));
    QCPAxisRect* rect = rects_[static_cast<std::size_t>(panel)];
    rect->axis(QCPAxis::atBottom)->setRange(0.5, kMax + 0.5);
    rect->axis(QCPAxis::atLeft)->setRange(-0.5, p - 0.5);
    if (panel == 0) rect->axis(QCPAxis::atLeft)->setTicker(featureTicker);
    rect->axis(QCPAxis::atBottom)->setTicker(kTicker);
    double sum = 0.0;
    int count = 0;
    if (panel > 0) {
      // Jaccard agreement with the k-sparse support, per k, on the top axis.
      QSharedPointer<QCPAxisTickerText> jt(new QCPAxisTickerText);
      for (int k = 1; k <= kMax; ++k) {
        const double jac = model_->jaccardAt(k, panel - 1);
        if (std::isfinite(jac)) {
          if ((k - 1) % kStep == 0) jt->addTick(k, QString::number(jac, 'f', 2));
          sum += jac;
          ++count;
        }
      }
      rect->axis(QCPAxis::atTop)->setTicker(jt);
      rect->axis(QCPAxis::atTop)->setRange(0.5, kMax + 0.5);
      rect->axis(QCPAxis::atTop)->setLabel(tr("Jaccard with k-sparse"));
    }
    titles_[static_cast<std::size_t>(panel)]->setText(
        count > 0 ? tr("%1 (mean Jaccard %2)").arg(names[panel]).arg(sum / count, 0, 'f', 2) : names[panel]);
  }
}

}  // namespace lambdascope::ui::l0
