#pragma once
// A run's time as a person reads it: µs, ms or s, whichever keeps the digits meaningful.

#include <QString>

namespace lambdascope::ui {

inline QString formatSeconds(double s) {
  if (s < 1e-3) return QStringLiteral("%1 µs").arg(s * 1e6, 0, 'f', 0);
  if (s < 1.0) return QStringLiteral("%1 ms").arg(s * 1e3, 0, 'f', 1);
  return QStringLiteral("%1 s").arg(s, 0, 'f', 2);
}

}  // namespace lambdascope::ui
