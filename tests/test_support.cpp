#include "tests/test_support.hpp"

#include <QCoreApplication>
#include <QFileInfo>
#include <QProcess>
#include <QTest>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <cmath>
#include <random>

#include "core/io/dataset_io.hpp"

namespace lambdascope::test {

QString sourcePath(const QString& relative) {
  return QStringLiteral(LAMBDASCOPE_SOURCE_DIR) + QLatin1Char('/') + relative;
}

QString sharedDataPath(const QString& relative) {
  const QString path = QStringLiteral(LAMBDASCOPE_SHARED_DATA) + QLatin1Char('/') + relative;
  return QFileInfo::exists(path) ? QFileInfo(path).canonicalFilePath() : QString();
}

CliRun runProgram(const QString& program, const QStringList& args, int timeoutMs) {
  QProcess proc;
  proc.start(program, args);
  if (!proc.waitForFinished(timeoutMs)) {
    proc.kill();
    proc.waitForFinished();
  }
  return {proc.exitStatus() == QProcess::NormalExit ? proc.exitCode() : -1, proc.readAllStandardOutput(),
          proc.readAllStandardError()};
}

int cliTestMain(QObject& test, QString& cli, int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s PATH_TO_LAMBDASCOPE_CLI [qtest options]\n", argv[0]);
    return 2;
  }
  cli = QString::fromLocal8Bit(argv[1]);
  QCoreApplication app(argc, argv);
  QStringList qtArgs;
  qtArgs << QString::fromLocal8Bit(argv[0]);
  for (int i = 2; i < argc; ++i) qtArgs << QString::fromLocal8Bit(argv[i]);
  return QTest::qExec(&test, qtArgs);
}

Mat denseFeatures(const Dataset& data) {
  if (data.storageKind() == StorageKind::Dense) return std::get<Mat>(*data.storage());
  return Mat(std::get<SpMat>(*data.storage()));
}

Dataset bundledDiabetes() {
  return loadDataset(sourcePath(QStringLiteral("resources/datasets/diabetes.csv")).toStdString());
}

Mat readNumericCsv(const QString& path) {
  std::ifstream in(path.toStdString());
  if (!in) qFatal("cannot open %s", qPrintable(path));
  std::vector<double> values;
  Index rows = 0;
  Index cols = 0;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::istringstream cells(line);
    std::string cell;
    Index c = 0;
    while (std::getline(cells, cell, ',')) {
      values.push_back(std::stod(cell));
      ++c;
    }
    cols = c;
    ++rows;
  }
  return Eigen::Map<const RowMat>(values.data(), rows, cols);
}

Dataset correlatedSynthetic(Index n, Index p, double rho) {
  std::mt19937_64 rng(20240611);
  std::normal_distribution<double> gauss;
  const double innovation = std::sqrt(1.0 - rho * rho);
  Mat X(n, p);
  for (Index i = 0; i < n; ++i) {
    double previous = gauss(rng);
    for (Index j = 0; j < p; ++j) {
      previous = rho * previous + innovation * gauss(rng);
      X(i, j) = previous;
    }
  }
  Vec beta = Vec::Zero(p);
  for (Index j = 0; j < p; j += 10) beta[j] = (j % 20 == 0 ? 1.0 : -0.5);
  Vec y = X * beta;
  for (Index i = 0; i < n; ++i) y[i] += 0.5 * gauss(rng);
  return Dataset(std::move(X), std::move(y), {}, "y", "synthetic");
}

}  // namespace lambdascope::test
