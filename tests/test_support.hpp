#pragma once
// Helpers shared by the tests: where the repository's and the shared real data live.

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QStringList>

#include "core/dataset.hpp"

namespace lambdascope::test {

/// Absolute path of a file in this repository (e.g. "resources/datasets/diabetes.csv").
QString sourcePath(const QString& relative);

/// Absolute path under ../shared/data, or an empty string when that file is absent
/// (callers QSKIP with a message).
QString sharedDataPath(const QString& relative);

/// What a finished program said (CLI tests).
struct CliRun {
  int exitCode = -1;  ///< −1 when it crashed or timed out
  QByteArray out;
  QByteArray err;
};
/// Run `program` with `args` and wait (killed after timeoutMs).
CliRun runProgram(const QString& program, const QStringList& args, int timeoutMs = 300000);
/// main() of a CLI test: argv[1] is lambdascope-cli's path (stored in `cli`), the rest goes to
/// QTest.
int cliTestMain(QObject& test, QString& cli, int argc, char** argv);

/// The raw features of a dataset as a dense matrix, whatever its storage.
Mat denseFeatures(const Dataset& data);

/// The bundled real dataset (diabetes, 442 × 10).
Dataset bundledDiabetes();

/// A headerless numeric CSV (e.g. the M/EEG case's G.csv), row by row; fails the test when the
/// file cannot be opened.
Mat readNumericCsv(const QString& path);

/// Wall-clock budgets that a test asserts (the k-sparse "certified within a minute") are claims
/// about the optimised build; instrumented builds (ASan, TSan) run several times slower and get
/// this factor more time. UBSan alone has no detection macro and barely slows the code.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr double kTimeBudgetScale = 8.0;
#else
inline constexpr double kTimeBudgetScale = 1.0;
#endif

/// Seeded synthetic regression for tests that need a slow solve (cancellation): AR(1)-correlated
/// Gaussian columns (x_j = ρ·x_{j−1} + √(1−ρ²)·ε), every 10th coefficient non-zero, noise 0.5.
Dataset correlatedSynthetic(Index n, Index p, double rho);

}  // namespace lambdascope::test

/// QSKIP unless the shared file exists; binds `var` to its path.
#define LAMBDASCOPE_REQUIRE_SHARED(var, relative)                                          \
  const QString var = ::lambdascope::test::sharedDataPath(relative);                     \
  if (var.isEmpty())                                                                      \
  QSKIP(qPrintable(QStringLiteral("../shared/data/%1 is absent: real-data check skipped") \
                       .arg(relative)))
