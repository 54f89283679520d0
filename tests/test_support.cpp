#include "tests/test_support.hpp"

#include <QFileInfo>

#include "core/io/dataset_io.hpp"

namespace lambdascope::test {

QString sourcePath(const QString& relative) {
  return QStringLiteral(LAMBDASCOPE_SOURCE_DIR) + QLatin1Char('/') + relative;
}

QString sharedDataPath(const QString& relative) {
  const QString path = QStringLiteral(LAMBDASCOPE_SHARED_DATA) + QLatin1Char('/') + relative;
  return QFileInfo::exists(path) ? QFileInfo(path).canonicalFilePath() : QString();
}

Dataset bundledDiabetes() {
  return loadDataset(sourcePath(QStringLiteral("resources/datasets/diabetes.csv")).toStdString());
}

}  // namespace lambdascope::test
