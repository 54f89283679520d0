#pragma once
// QSettings keys of the GUI, in one place. Every read passes a default.

#include <QString>

namespace lambdascope::ui::keys {

inline constexpr QLatin1String kGeometry{"mainWindow/geometry"};
inline constexpr QLatin1String kWindowState{"mainWindow/state"};
inline constexpr QLatin1String kSplitterPlots{"mainWindow/plotSplitter"};
inline constexpr QLatin1String kSplitterBottom{"mainWindow/bottomSplitter"};

inline constexpr QLatin1String kRecentFiles{"files/recent"};
inline constexpr QLatin1String kLastDirectory{"files/lastDirectory"};
inline constexpr QLatin1String kExportDirectory{"files/exportDirectory"};
inline constexpr QLatin1String kZeroBasedLibsvm{"files/libsvmZeroBased"};

inline constexpr QLatin1String kModel{"model/name"};
inline constexpr QLatin1String kSolver{"model/solver"};
inline constexpr QLatin1String kL1Ratio{"model/l1Ratio"};
inline constexpr QLatin1String kGamma{"model/gamma"};
inline constexpr QLatin1String kWeightsFile{"model/weightsFile"};
inline constexpr QLatin1String kPositive{"model/positive"};
inline constexpr QLatin1String kGroupSize{"model/groupSize"};
inline constexpr QLatin1String kGroupsFile{"model/groupsFile"};
inline constexpr QLatin1String kNLambdas{"model/nLambdas"};
inline constexpr QLatin1String kLambdaMinRatio{"model/lambdaMinRatio"};
inline constexpr QLatin1String kUseExplicitLambdas{"model/useExplicitLambdas"};
inline constexpr QLatin1String kExplicitLambdas{"model/explicitLambdas"};
inline constexpr QLatin1String kTol{"model/tol"};
inline constexpr QLatin1String kFitIntercept{"model/fitIntercept"};
inline constexpr QLatin1String kStandardize{"model/standardize"};

inline constexpr int kMaxRecentFiles = 8;

}  // namespace lambdascope::ui::keys
