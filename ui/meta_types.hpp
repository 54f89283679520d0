#pragma once
// Value types that cross threads through queued signals, and their Qt metatype declarations.
//
// Only this header declares metatypes for core structs, so every queued connection agrees on the
// type names. registerMetaTypes() is idempotent; JobController and DatasetLoader call it.

#include <QMetaType>
#include <QString>
#include <vector>

#include "core/dataset.hpp"
#include "core/progress.hpp"

namespace lambdascope::ui {

using lambdascope::PathGrid;  // announced by computePath before the first λ

/// How a job ended.
struct PathJobSummary {
  bool cancelled = false;
  bool failed = false;
  QString error;          ///< when failed
  double seconds = 0.0;   ///< wall time of computePath
  int points = 0;         ///< number of solved λ (all were sent before this summary)
};

/// Register the types above and the core structs for queued connections.
void registerMetaTypes();

}  // namespace lambdascope::ui

Q_DECLARE_METATYPE(lambdascope::PathPoint)
Q_DECLARE_METATYPE(lambdascope::IterationReport)
Q_DECLARE_METATYPE(lambdascope::Dataset)
Q_DECLARE_METATYPE(lambdascope::PathGrid)
Q_DECLARE_METATYPE(lambdascope::ui::PathJobSummary)
