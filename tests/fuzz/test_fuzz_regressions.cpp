// Replays the seed corpus and every crash reproducer of the fuzz targets (tests/fuzz/corpus/<target>/,
// tests/fuzz/regressions/<target>/) through the same entry points, built with the normal compiler:
// what the fuzzer once found stays fixed in the default test suite.

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QtTest>

#include "tests/fuzz/fuzz_targets.hpp"
#include "tests/test_support.hpp"

using namespace lambdascope;

class TestFuzzRegressions : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void replay_data();
  void replay();
};

void TestFuzzRegressions::replay_data() {
  QTest::addColumn<int>("target");
  QTest::addColumn<QString>("file");
  int rows = 0;
  for (int t = 0; t < static_cast<int>(std::size(fuzz::kTargets)); ++t) {
    const QString name = QString::fromLatin1(fuzz::kTargets[t].name);
    for (const char* kind : {"corpus", "regressions"}) {
      const QDir dir(test::sourcePath(QStringLiteral("tests/fuzz/%1/%2").arg(QLatin1String(kind), name)));
      for (const QString& f : dir.entryList(QDir::Files, QDir::Name)) {
        const QString row = QStringLiteral("%1/%2/%3").arg(name, QLatin1String(kind), f);
        QTest::newRow(qPrintable(row)) << t << dir.filePath(f);
        ++rows;
      }
    }
  }
  QVERIFY2(rows > 0, "no corpus or regression inputs found under tests/fuzz");
}

void TestFuzzRegressions::replay() {
  QFETCH(int, target);
  QFETCH(QString, file);
  QFile f(file);
  QVERIFY(f.open(QIODevice::ReadOnly));
  const QByteArray bytes = f.readAll();
  QElapsedTimer timer;
  timer.start();
  fuzz::kTargets[target].run(reinterpret_cast<const std::uint8_t*>(bytes.constData()),
                             static_cast<std::size_t>(bytes.size()));
  // A hang found by the fuzzer is a regression too: every input must finish quickly.
  QVERIFY2(timer.elapsed() < 10000, qPrintable(QStringLiteral("took %1 ms").arg(timer.elapsed())));
}

QTEST_GUILESS_MAIN(TestFuzzRegressions)
#include "test_fuzz_regressions.moc"
