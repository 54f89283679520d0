#include "ui/plots/coefficient_bar_plot.hpp"

#include <algorithm>
#include <numeric>

#include "ui/plots/plot_style.hpp"

namespace lambdascope::ui {

CoefficientBarPlot::CoefficientBarPlot(QWidget* parent)
    : PlotWidget(QStringLiteral("coefficients-at-lambda"), parent),
      positive_(new QCPBars(xAxis, yAxis)),
      negative_(new QCPBars(xAxis, yAxis)),
      caption_(new QCPTextElement(this)),
      ticker_(new QCPAxisTickerText) {
  setObjectName(QStringLiteral("coefficientBarPlot"));
  setFocusPolicy(Qt::ClickFocus);

  plotLayout()->insertRow(0);
  plotLayout()->addElement(0, 0, caption_);
  caption_->setFont(style::labelFont());
  caption_->setTextColor(QColor(30, 30, 30));
  caption_->setText(tr("Coefficients at the selected λ"));

  for (QCPBars* bars : {positive_, negative_}) {
    bars->setWidthType(QCPBars::wtPlotCoords);
    bars->setWidth(0.7);
    bars->setAntialiased(false);
    bars->setSelectable(QCP::stNone);
  }
  positive_->setName(tr("positive"));
  positive_->setPen(QPen(style::positiveColor().darker(115), 1.0));
  positive_->setBrush(style::positiveColor());
  negative_->setName(tr("negative"));
  negative_->setPen(QPen(style::negativeColor().darker(115), 1.0));
  negative_->setBrush(style::negativeColor());

  xAxis->setTicker(ticker_);
  xAxis->setSubTicks(false);
  xAxis->setTickLength(0, 4);
  xAxis->grid()->setVisible(false);
  yAxis->setLabel(tr("coefficient"));
  yAxis->grid()->setZeroLinePen(QPen(QColor(120, 120, 120), 1.0));
  xAxis2->setVisible(true);
  xAxis2->setTicks(false);
  xAxis2->setTickLabels(false);
  yAxis2->setVisible(true);
  yAxis2->setTicks(false);
  yAxis2->setTickLabels(false);
  clearCoefficients();
}

void CoefficientBarPlot::setFeatureNames(const std::vector<std::string>& names) {
  names_ = names;
  clearCoefficients();
}

void CoefficientBarPlot::clearCoefficients() {
  shown_.clear();
  positive_->data()->clear();
  negative_->data()->clear();
  ticker_->clear();
  xAxis->setRange(0.3, 1.7);
  yAxis->setRange(-1.0, 1.0);
  throttle()->request();
}

void CoefficientBarPlot::setCoefficients(const Vec& beta, const QCPRange& valueRange,
                                         const QString& caption) {
  const Index p = beta.size();
  // Which features get a bar.
  std::vector<Index> shown(static_cast<std::size_t>(p));
  std::iota(shown.begin(), shown.end(), Index{0});
  if (p > kMaxBars) {
    std::partial_sort(shown.begin(), shown.begin() + kMaxBars, shown.end(),
                      [&](Index a, Index b) { return std::abs(beta[a]) > std::abs(beta[b]); });
    shown.resize(static_cast<std::size_t>(kMaxBars));
    std::sort(shown.begin(), shown.end());
  }
  const bool relabel = shown != shown_;
  shown_ = std::move(shown);

  // Zero coefficients get no bar at all (not even a hairline).
  QVector<double> posKeys;
  QVector<double> posValues;
  QVector<double> negKeys;
  QVector<double> negValues;
  const auto m = static_cast<qsizetype>(shown_.size());
  for (qsizetype i = 0; i < m; ++i) {
    const double v = beta[shown_[static_cast<std::size_t>(i)]];
    const auto key = static_cast<double>(i + 1);
    if (v > 0.0) {
      posKeys.push_back(key);
      posValues.push_back(v);
    } else if (v < 0.0) {
      negKeys.push_back(key);
      negValues.push_back(v);
    }
  }
  positive_->setData(posKeys, posValues, true);
  negative_->setData(negKeys, negValues, true);

  if (relabel) {
    ticker_->clear();
    for (qsizetype i = 0; i < m; ++i) {
      const auto j = static_cast<std::size_t>(shown_[static_cast<std::size_t>(i)]);
      ticker_->addTick(static_cast<double>(i + 1),
                       j < names_.size() ? QString::fromStdString(names_[j]) : QString::number(j + 1));
    }
    xAxis->setTickLabelRotation(m > 12 ? 60.0 : 0.0);
    xAxis->setRange(0.3, static_cast<double>(m) + 0.7);
  }
  if (valueRange.size() > 0.0) {
    yAxis->setRange(valueRange);
  } else {
    bool found = false;
    QCPRange r = positive_->getValueRange(found);
    r.expand(negative_->getValueRange(found));
    r.expand(0.0);
    if (r.size() <= 0.0) r = QCPRange(-1.0, 1.0);
    yAxis->setRange(r.lower - 0.06 * r.size(), r.upper + 0.06 * r.size());
  }
  caption_->setText(caption);
  throttle()->request();
}

std::vector<QString> CoefficientBarPlot::barLabels() const {
  std::vector<QString> labels;
  for (std::size_t i = 0; i < shown_.size(); ++i)
    labels.push_back(ticker_->ticks().value(static_cast<double>(i + 1)));
  return labels;
}

std::vector<double> CoefficientBarPlot::barValues() const {
  std::vector<double> values(shown_.size(), 0.0);
  for (auto it = positive_->data()->constBegin(); it != positive_->data()->constEnd(); ++it)
    values[static_cast<std::size_t>(std::lround(it->key)) - 1] += it->value;
  for (auto it = negative_->data()->constBegin(); it != negative_->data()->constEnd(); ++it)
    values[static_cast<std::size_t>(std::lround(it->key)) - 1] += it->value;
  return values;
}

}  // namespace lambdascope::ui
