#pragma once
// Values that cross from the k-sparse worker thread to the UI thread, and their metatypes.

#include <QMetaType>
#include <QString>
#include <vector>

#include "core/l0/branch_and_bound.hpp"
#include "core/l0/k_path.hpp"
#include "core/l0/l0_solver.hpp"
#include "core/types.hpp"

namespace lambdascope::ui::l0 {

/// The Lasso (ℓ1-logistic) and MCP supports matched to each k of a k-path (index k−1).
struct ConvexSupports {
  QString lassoName;  ///< "Lasso" or "ℓ1-logistic"
  QString mcpName;    ///< "MCP" (empty for the logistic loss: no MCP preset there)
  std::vector<lambdascope::l0::MatchedSupport> lasso;
  std::vector<lambdascope::l0::MatchedSupport> mcp;
};

/// How a k-sparse job ended.
struct L0JobSummary {
  bool cancelled = false;
  bool failed = false;
  QString error;
  double seconds = 0.0;
};

/// Register the types above for queued connections (idempotent).
void registerL0MetaTypes();

}  // namespace lambdascope::ui::l0

Q_DECLARE_METATYPE(lambdascope::l0::KPathPoint)
Q_DECLARE_METATYPE(lambdascope::l0::BnbProgress)
Q_DECLARE_METATYPE(lambdascope::l0::L0Result)
Q_DECLARE_METATYPE(lambdascope::ui::l0::ConvexSupports)
Q_DECLARE_METATYPE(lambdascope::ui::l0::L0JobSummary)
