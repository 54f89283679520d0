#pragma once
// TimeCoursePlot: the time course of the selected source, over the faint time courses of every
// other active source, with the current time marked.

#include <QString>

#include "core/types.hpp"
#include "ui/plots/plot_widget.hpp"

namespace lambdascope::ui::meeg {

class LineSetPlottable;

class TimeCoursePlot : public PlotWidget {
  Q_OBJECT

 public:
  explicit TimeCoursePlot(QWidget* parent = nullptr);

  /// `others` holds one row per other active source (may be empty); `selected` the selected
  /// source's course (empty: none selected). `unit` labels the value axis.
  void setCourses(const Vec& times, const Mat& others, const Vec& selected, const QString& selectedName,
                  const QString& unit);
  void setCurrentTime(double t);

  const Vec& selectedCourse() const { return selected_; }
  QCPGraph* selectedGraph() const { return graph_; }

 Q_SIGNALS:
  void timeClicked(double seconds);

 protected:
  void sync() override;
  void mouseReleaseEvent(QMouseEvent* event) override;

 private:
  Vec times_, selected_;
  Mat others_;
  QString name_, unit_;
  double time_ = 0.0;
  bool dirty_ = false;
  LineSetPlottable* othersLines_;
  QCPGraph* graph_;
  QCPItemStraightLine* cursor_;
  QCPTextElement* title_;
};

}  // namespace lambdascope::ui::meeg
