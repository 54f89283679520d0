#pragma once
// MeegSolution: one solution of the M/EEG inverse problem as the views show it (a path point of
// MxNE/irMxNE or a TF-MxNE result), and the arithmetic the views need on it: prediction G·B,
// explained variance, per-source amplitudes, and the JSON/CSV export (the CLI's `meeg` keys).

#include <QJsonObject>
#include <QString>
#include <vector>

#include "core/types.hpp"

namespace lambdascope::ui::meeg {

struct MeegSolution {
  QString solver;                 ///< "mxne", "irmxne", "tfmxne"
  double alpha = 0.0;             ///< λ of the objective
  double alphaMax = 0.0;
  double alphaPercent = 0.0;      ///< 100 λ / α_max
  std::vector<Index> activeSet;   ///< 0-based source indices, increasing
  Mat rows;                       ///< |activeSet| × T rows of B (depth-weighted units)
  double objective = 0.0;
  double dualityGap = 0.0;
  int nIter = 0;
  double seconds = 0.0;
  bool valid = false;             ///< false: no solution yet

  /// Row of source j in `rows`, or −1 when j is not active.
  Index rowOf(Index j) const;
};

enum class AmplitudeMode { RowNorm, AtTime };
enum class AmplitudeUnits { DepthWeighted, NanoAmpereMeter };

/// G[:, A] · B_A (n × T); zeros when A is empty.
Mat predictedData(const Mat& G, const MeegSolution& solution, Index timePoints);
/// 1 − ‖R‖²_F / ‖M‖²_F (0 when M = 0).
double explainedVariance(const Mat& M, const Mat& residual);
/// Amplitude of every active source: ‖B_i‖₂ over time, or |B_i(t_k)|; in nA·m when units ask
/// for it and depth weights are given (q = w_i · B_i, A·m → ×1e9).
std::vector<double> sourceAmplitudes(const MeegSolution& solution, AmplitudeMode mode, Index timeIndex,
                                     AmplitudeUnits units, const Vec& depthWeights);
/// The label of that amplitude (colour scale, tooltips).
QString amplitudeLabel(AmplitudeMode mode, AmplitudeUnits units, double timeSeconds);
/// The time course of source j (zeros when inactive), in the requested units.
Vec sourceTimeCourse(const MeegSolution& solution, Index j, Index timePoints, AmplitudeUnits units,
                     const Vec& depthWeights);

/// The CLI's `meeg` JSON: solver, alpha, alpha_max, alpha_percent, active_set, time_courses,
/// objective, duality_gap, n_iter, seconds.
QJsonObject solutionToJson(const MeegSolution& solution);
/// Parse the same keys back (sessions); false when a key has the wrong type.
bool solutionFromJson(const QJsonObject& json, MeegSolution* solution, QString* error);
/// CSV: a comment header with the scalars, then one row per active source:
/// source,<B at each time sample> (header row `source,t0,t1,...` with the times in s).
QString solutionToCsv(const MeegSolution& solution, const Vec& times);

}  // namespace lambdascope::ui::meeg
