// DatasetLoader on its worker thread: progress (bytes read and parsed) for a large generated
// CSV, Cancel from the status-bar strip, the newest request cancelling an older one, errors.

#include <QApplication>
#include <QFile>
#include <QProgressBar>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

#include "ui/dataset_loader.hpp"

using namespace lambdascope;
using namespace lambdascope::ui;

namespace {

// A CSV of about `megabytes` MB: 4 features and a target, varied values.
QString writeLargeCsv(const QTemporaryDir& dir, int megabytes, qint64* rows) {
  const QString path = dir.filePath(QStringLiteral("large_%1.csv").arg(megabytes));
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly)) return {};
  f.write("a,b,c,d,y\n");
  QByteArray chunk;
  qint64 n = 0;
  while (f.size() + chunk.size() < qint64{megabytes} << 20) {
    chunk += QByteArray::number(n % 97 * 0.25) + ',' + QByteArray::number(n % 13) + ',' +
             QByteArray::number(-(n % 7) * 1.5) + ',' + QByteArray::number(n % 31) + ',' +
             QByteArray::number(n % 5) + '\n';
    ++n;
    if (chunk.size() > (1 << 20)) {
      f.write(chunk);
      chunk.clear();
    }
  }
  f.write(chunk);
  *rows = n;
  return path;
}

}  // namespace

class TestDatasetLoader : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase();
  void largeFileReportsProgress();
  void cancelFromTheStatusBar();
  void newestRequestWins();
  void errorsAreReported();

 private:
  QTemporaryDir dir_;
  QString large_;
  qint64 rows_ = 0;
};

void TestDatasetLoader::initTestCase() {
  QVERIFY(dir_.isValid());
  large_ = writeLargeCsv(dir_, 64, &rows_);  // generated here, never committed
  QVERIFY(!large_.isEmpty());
}

void TestDatasetLoader::largeFileReportsProgress() {
  DatasetLoader loader;
  QSignalSpy progress(&loader, &DatasetLoader::progress);
  QSignalSpy loaded(&loader, &DatasetLoader::loaded);
  loader.load(large_, {});
  QVERIFY(loaded.wait(120000));
  const auto data = loaded.front().at(1).value<Dataset>();
  QCOMPARE(data.samples(), Index{rows_});
  QCOMPARE(data.features(), Index{4});
  QVERIFY2(progress.size() >= 3, qPrintable(QString::number(progress.size())));
  qint64 last = -1;
  for (const auto& args : progress) {
    const qint64 done = args.at(1).toLongLong(), total = args.at(2).toLongLong();
    QCOMPARE(total, 2 * QFileInfo(large_).size());
    QVERIFY(done >= last && done <= total);
    last = done;
  }
  qInfo("%lld rows, %lld progress reports", rows_, static_cast<qint64>(progress.size()));
}

void TestDatasetLoader::cancelFromTheStatusBar() {
  QStatusBar bar;
  DatasetLoader loader;
  LoadProgressWidget strip(&loader, &bar);
  bar.addPermanentWidget(&strip);
  bar.show();
  QSignalSpy progress(&loader, &DatasetLoader::progress);
  QSignalSpy cancelled(&loader, &DatasetLoader::cancelled);
  QSignalSpy loaded(&loader, &DatasetLoader::loaded);
  QSignalSpy busy(&loader, &DatasetLoader::busyChanged);
  loader.load(large_, {});
  QVERIFY(strip.isVisible());
  QVERIFY(progress.wait(30000));
  QElapsedTimer timer;
  timer.start();
  QTest::mouseClick(strip.cancelButton(), Qt::LeftButton);
  QVERIFY(cancelled.wait(5000));
  qInfo("cancelled %lld ms after the click", timer.elapsed());
  QVERIFY(timer.elapsed() < 2000);
  QCOMPARE(loaded.size(), 0);
  QVERIFY(!loader.isBusy());
  QCOMPARE(busy.back().at(0).toBool(), false);
  QVERIFY(!strip.isVisible());
  QVERIFY(bar.currentMessage().contains(QLatin1String("cancelled")));
}

void TestDatasetLoader::newestRequestWins() {
  // A second request cancels the first in flight; only the second is delivered.
  DatasetLoader loader;
  QSignalSpy loaded(&loader, &DatasetLoader::loaded);
  QSignalSpy failed(&loader, &DatasetLoader::failed);
  QSignalSpy cancelled(&loader, &DatasetLoader::cancelled);
  const QString small = dir_.filePath(QStringLiteral("small.csv"));
  {
    QFile f(small);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("a,y\n1,2\n3,5\n");
  }
  loader.load(large_, {});
  QTest::qWait(50);
  QElapsedTimer timer;
  timer.start();
  const quint64 second = loader.load(small, {});
  QVERIFY(loaded.wait(5000));
  QCOMPARE(loaded.size(), 1);
  QCOMPARE(loaded.front().at(0).toULongLong(), second);
  QVERIFY(timer.elapsed() < 3000);  // the big parse was abandoned, not finished first
  QCOMPARE(failed.size(), 0);
  QCOMPARE(cancelled.size(), 0);  // superseded requests are dropped silently
}

void TestDatasetLoader::errorsAreReported() {
  DatasetLoader loader;
  QSignalSpy failed(&loader, &DatasetLoader::failed);
  loader.load(dir_.filePath(QStringLiteral("missing.npz")), {});
  QVERIFY(failed.wait(5000));
  QVERIFY(failed.front().at(1).toString().contains(QLatin1String("file not found")));
}

QTEST_MAIN(TestDatasetLoader)
#include "test_dataset_loader.moc"
