#include "ui/meeg/time_course_plot.hpp"

#include <QMouseEvent>
#include <algorithm>

#include "ui/meeg/line_set_plottable.hpp"
#include "ui/plots/plot_style.hpp"

namespace lambdascope::ui::meeg {

TimeCoursePlot::TimeCoursePlot(QWidget* parent)
    : PlotWidget(QStringLiteral("meeg-time-course"), parent),
      othersLines_(new LineSetPlottable(xAxis, yAxis)),
      graph_(addGraph()),
      cursor_(new QCPItemStraightLine(this)),
      title_(new QCPTextElement(this, QString(), style::tickFont())) {
  setObjectName(QStringLiteral("timeCoursePlot"));
  setInteractions({});
  plotLayout()->insertRow(0);
  plotLayout()->addElement(0, 0, title_);
  othersLines_->setPen(QPen(QColor(150, 150, 150, 120), 0.8));
  othersLines_->setName(tr("other active sources"));
  graph_->setPen(QPen(QColor(178, 24, 43), 2.0));
  xAxis->setLabel(tr("time (s)"));
  cursor_->setPen(QPen(style::cursorColor(), 1.0, Qt::DashLine));
  cursor_->setSelectable(false);
  auto* zero = new QCPItemStraightLine(this);
  zero->point1->setCoords(0.0, 0.0);
  zero->point2->setCoords(1.0, 0.0);
  zero->setPen(QPen(QColor(160, 160, 160), 0.8));
  zero->setSelectable(false);
}

void TimeCoursePlot::setCourses(const Vec& times, const Mat& others, const Vec& selected, const QString& name,
                                const QString& unit) {
  times_ = times;
  others_ = others;
  selected_ = selected;
  name_ = name;
  unit_ = unit;
  dirty_ = true;
  throttle()->request();
}

void TimeCoursePlot::setCurrentTime(double t) {
  time_ = t;
  throttle()->request();
}

void TimeCoursePlot::sync() {
  if (dirty_) {
    dirty_ = false;
    std::vector<QPointF> points;
    std::vector<int> starts{0};
    for (Index r = 0; r < others_.rows(); ++r) {
      for (Index k = 0; k < others_.cols() && k < times_.size(); ++k) points.emplace_back(times_(k), others_(r, k));
      starts.push_back(static_cast<int>(points.size()));
    }
    othersLines_->setPolylines(std::move(points), std::move(starts));
    QVector<double> x, y;
    for (Index k = 0; k < selected_.size() && k < times_.size(); ++k) {
      x.append(times_(k));
      y.append(selected_(k));
    }
    graph_->setData(x, y, true);
    double amp = 0.0;
    if (others_.size() > 0) amp = others_.cwiseAbs().maxCoeff();
    if (selected_.size() > 0) amp = std::max(amp, selected_.cwiseAbs().maxCoeff());
    if (!(amp > 0.0)) amp = 1.0;
    yAxis->setRange(-1.08 * amp, 1.08 * amp);
    if (times_.size() > 1) xAxis->setRange(times_(0), times_(times_.size() - 1));
    yAxis->setLabel(unit_);
    title_->setText(selected_.size() > 0 ? tr("source %1  (grey: the other %2 active sources)").arg(name_).arg(others_.rows())
                                         : tr("click a source in the brain to see its time course  (grey: %1 active sources)")
                                               .arg(others_.rows()));
  }
  cursor_->point1->setCoords(time_, 0.0);
  cursor_->point2->setCoords(time_, 1.0);
}

void TimeCoursePlot::mouseReleaseEvent(QMouseEvent* event) {
  PlotWidget::mouseReleaseEvent(event);
  if (event->button() == Qt::LeftButton && axisRect()->rect().contains(event->pos()))
    Q_EMIT timeClicked(xAxis->pixelToCoord(event->position().x()));
}

}  // namespace lambdascope::ui::meeg
