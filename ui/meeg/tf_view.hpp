#pragma once
// TfView: |Z| of one source's TF-MxNE coefficients as an image, time (s) × frequency (Hz).

#include <QString>

#include "core/types.hpp"
#include "ui/plots/plot_widget.hpp"

namespace lambdascope::ui::meeg {

class TfView : public PlotWidget {
  Q_OBJECT

 public:
  explicit TfView(QWidget* parent = nullptr);

  /// `magnitude` is n_freqs × n_steps (|Z| of one source); window s is centred at
  /// t0 + s·stepSeconds and frequency f is f·freqStep Hz. An empty matrix shows `note` instead.
  void setMagnitude(const Mat& magnitude, double t0, double stepSeconds, double freqStep, const QString& title,
                    const QString& note = {});

  const Mat& magnitude() const { return magnitude_; }
  QCPColorMap* colorMap() const { return map_; }

 protected:
  void sync() override;

 private:
  Mat magnitude_;
  double t0_ = 0.0, dt_ = 1.0, df_ = 1.0;
  QString title_, note_;
  bool dirty_ = false;
  QCPColorMap* map_;
  QCPColorScale* scale_;
  QCPTextElement* titleElement_;
  QCPItemText* noteItem_;
};

}  // namespace lambdascope::ui::meeg
