// lambdascope-cli l0 end to end on the bundled diabetes data: the JSON keys of the contract, the
// certificate's consistency (gap recomputed from objective and lower bound, certified ⇔ gap ≤
// 1e-6), methods agreeing on their bounds, --out, --standardize, logistic, and one-line errors.
#include <QtTest>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <csignal>
#include <fstream>

#include "tests/test_support.hpp"

namespace {
QString gCli;

using Run = lambdascope::test::CliRun;
Run runCli(const QStringList& args) { return lambdascope::test::runProgram(gCli, args, 120000); }

QString diabetes() { return lambdascope::test::sourcePath(QStringLiteral("resources/datasets/diabetes.csv")); }

QJsonObject parse(const QByteArray& text) {
  QJsonParseError err;
  const QJsonObject o = QJsonDocument::fromJson(text, &err).object();
  if (err.error != QJsonParseError::NoError) qWarning("JSON error: %s", qPrintable(err.errorString()));
  return o;
}

/// The contract's keys and the certificate's arithmetic.
void checkCertificate(const QJsonObject& o, int k) {
  for (const char* key : {"support", "coef", "intercept", "objective", "lower_bound", "gap", "nodes", "seconds", "certified"})
    QVERIFY2(o.contains(key), key);
  const QJsonArray support = o["support"].toArray();
  const QJsonArray coef = o["coef"].toArray();
  QVERIFY(support.size() <= k);
  QCOMPARE(coef.size(), support.size());
  for (int i = 1; i < support.size(); ++i) QVERIFY(support[i].toInt() > support[i - 1].toInt());
  for (const auto& s : support) QVERIFY(s.toInt() >= 0 && s.toInt() < 10);
  const double objective = o["objective"].toDouble();
  const double lower = o["lower_bound"].toDouble();
  const double gap = o["gap"].toDouble();
  QVERIFY(lower <= objective);
  QVERIFY(std::abs(gap - (objective - lower) / objective) <= 1e-12);
  QCOMPARE(o["certified"].toBool(), gap <= 1e-6);
  QVERIFY(o["seconds"].toDouble() >= 0.0);
  QVERIFY(o["nodes"].toInteger() >= 0);
}
}  // namespace

class TestCliL0 : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void bnbCertifiesOnDiabetes();
  void methodsShareTheBound();
  void outFileStandardizeAndLogistic();
  void errorsExitTwoWithOneLine_data();
  void errorsExitTwoWithOneLine();
  void ctrlCKeepsTheIncumbent();
};

void TestCliL0::bnbCertifiesOnDiabetes() {
  const Run r = runCli({"l0", "--data", diabetes(), "--k", "4", "--ridge", "0.0005", "--method", "bnb"});
  QCOMPARE(r.exitCode, 0);
  QVERIFY(r.err.isEmpty());
  const QJsonObject o = parse(r.out);
  checkCertificate(o, 4);
  QVERIFY(o["certified"].toBool());
  QVERIFY(o["nodes"].toInteger() >= 1);
  QCOMPARE(o["support"].toArray().size(), 4);
  QCOMPARE(o["status"].toString(), QStringLiteral("optimal"));
  // Recompute the objective from the file and the reported coefficients.
  QFile f(diabetes());
  QVERIFY(f.open(QIODevice::ReadOnly));
  f.readLine();
  double loss = 0.0, n = 0.0;
  const QJsonArray support = o["support"].toArray();
  const QJsonArray coef = o["coef"].toArray();
  double ridge = 0.0;
  for (const auto& c : coef) ridge += c.toDouble() * c.toDouble();
  while (!f.atEnd()) {
    const QList<QByteArray> cells = f.readLine().trimmed().split(',');
    if (cells.size() < 11) continue;
    double eta = o["intercept"].toDouble();
    for (int i = 0; i < support.size(); ++i) eta += coef[i].toDouble() * cells[support[i].toInt()].toDouble();
    const double res = cells[10].toDouble() - eta;
    loss += 0.5 * res * res;
    n += 1.0;
  }
  const double objective = loss / n + 0.0005 * ridge;
  QVERIFY2(std::abs(objective - o["objective"].toDouble()) <= 1e-9 * objective,
           qPrintable(QStringLiteral("%1 vs %2").arg(objective, 0, 'g', 17).arg(o["objective"].toDouble(), 0, 'g', 17)));
}

void TestCliL0::methodsShareTheBound() {
  double bnbObjective = 0.0;
  std::vector<QJsonObject> outs;
  for (const char* m : {"bnb", "swaps", "iht"}) {
    const Run r = runCli({"l0", "--data", diabetes(), "--k", "5", "--ridge", "1e-4", "--method", m});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = parse(r.out);
    checkCertificate(o, 5);
    QCOMPARE(o["method"].toString(), QString::fromLatin1(m));
    if (QByteArray(m) == "bnb") bnbObjective = o["objective"].toDouble();
    outs.push_back(o);
  }
  for (const QJsonObject& o : outs) {
    QVERIFY(o["objective"].toDouble() >= bnbObjective * (1.0 - 1e-12));  // no heuristic beats the optimum
    QVERIFY(o["lower_bound"].toDouble() <= bnbObjective * (1.0 + 1e-12));  // no bound exceeds it
  }
  QCOMPARE(outs[1]["nodes"].toInt(), 0);
}

void TestCliL0::outFileStandardizeAndLogistic() {
  QTemporaryDir dir;
  const QString out = dir.filePath(QStringLiteral("l0.json"));
  Run r = runCli({"l0", "--data", diabetes(), "--k", "3", "--ridge", "0.01", "--standardize", "--out", out, "--trace"});
  QCOMPARE(r.exitCode, 0);
  QVERIFY(r.out.isEmpty());
  QFile f(out);
  QVERIFY(f.open(QIODevice::ReadOnly));
  const QJsonObject o = parse(f.readAll());
  checkCertificate(o, 3);
  QVERIFY(o["standardize"].toBool());
  QVERIFY(o["trace"].isArray() && !o["trace"].toArray().isEmpty());

  // Logistic on a two-class target derived from diabetes: sex takes two values.
  r = runCli({"l0", "--data", diabetes(), "--target", "sex", "--loss", "logistic", "--k", "2", "--ridge", "0.001"});
  QCOMPARE(r.exitCode, 0);
  const QJsonObject lo = parse(r.out);
  checkCertificate(lo, 2);
  QCOMPARE(lo["loss"].toString(), QStringLiteral("logistic"));
  QVERIFY(lo["objective"].toDouble() < std::log(2.0));
}

void TestCliL0::errorsExitTwoWithOneLine_data() {
  QTest::addColumn<QStringList>("args");
  QTest::addColumn<QString>("mentions");
  const QString d = diabetes();
  QTest::newRow("no k") << QStringList{"l0", "--data", d, "--ridge", "0.1"} << "--k";
  QTest::newRow("no ridge") << QStringList{"l0", "--data", d, "--k", "2"} << "--ridge";
  QTest::newRow("k zero") << QStringList{"l0", "--data", d, "--k", "0", "--ridge", "0.1"} << "--k";
  QTest::newRow("k too large") << QStringList{"l0", "--data", d, "--k", "11", "--ridge", "0.1"} << "--k";
  QTest::newRow("negative ridge") << QStringList{"l0", "--data", d, "--k", "2", "--ridge", "-1"} << "--ridge";
  QTest::newRow("bad loss") << QStringList{"l0", "--data", d, "--k", "2", "--ridge", "1", "--loss", "hinge"} << "hinge";
  QTest::newRow("bad method") << QStringList{"l0", "--data", d, "--k", "2", "--ridge", "1", "--method", "mip"} << "mip";
  QTest::newRow("logistic continuous") << QStringList{"l0", "--data", d, "--k", "2", "--ridge", "1", "--loss", "logistic"} << "two classes";
  QTest::newRow("logistic no ridge") << QStringList{"l0", "--data", d, "--target", "sex", "--k", "2", "--ridge", "0", "--loss", "logistic"} << "--ridge";
  QTest::newRow("missing file") << QStringList{"l0", "--data", "/nonexistent.csv", "--k", "2", "--ridge", "1"} << "nonexistent";
  QTest::newRow("bad time") << QStringList{"l0", "--data", d, "--k", "2", "--ridge", "1", "--time-limit", "0"} << "--time-limit";
}

void TestCliL0::errorsExitTwoWithOneLine() {
  QFETCH(QStringList, args);
  QFETCH(QString, mentions);
  const Run r = runCli(args);
  QCOMPARE(r.exitCode, 2);
  QVERIFY(r.out.isEmpty());
  const QByteArray err = r.err.trimmed();
  QVERIFY2(!err.isEmpty() && !err.contains('\n'), err.constData());
  QVERIFY2(err.contains(mentions.toUtf8()), err.constData());
}

void TestCliL0::ctrlCKeepsTheIncumbent() {
  // A long search: 80 correlated features, a target without signal (deterministic noise), a tiny
  // ridge (measured: 50 % gap left after 20 s). SIGINT after a second and a half.
  QTemporaryDir dir;
  const QString csv = dir.filePath(QStringLiteral("hard.csv"));
  {
    const lambdascope::Dataset d = lambdascope::test::correlatedSynthetic(100, 80, 0.9);
    const auto& X = std::get<lambdascope::Mat>(*d.storage());
    std::ofstream f(csv.toStdString());
    for (lambdascope::Index j = 0; j < X.cols(); ++j) f << 'x' << j << ',';
    f << "y\n";
    f.precision(17);
    for (lambdascope::Index i = 0; i < X.rows(); ++i) {
      for (lambdascope::Index j = 0; j < X.cols(); ++j) f << X(i, j) << ',';
      const double h = std::sin(12.9898 * static_cast<double>(i) + 1.0) * 43758.5453;
      f << h - std::floor(h) - 0.5 << '\n';
    }
  }
  QProcess proc;
  proc.start(gCli, {"l0", "--data", csv, "--k", "10", "--ridge", "1e-6"});
  QVERIFY(proc.waitForStarted());
  QTest::qWait(1500);
  QVERIFY(proc.state() == QProcess::Running);
  ::kill(static_cast<pid_t>(proc.processId()), SIGINT);
  QVERIFY(proc.waitForFinished(10000));
  QCOMPARE(proc.exitCode(), 130);
  const QJsonObject o = parse(proc.readAllStandardOutput());
  for (const char* key : {"support", "coef", "objective", "lower_bound", "gap", "certified"}) QVERIFY2(o.contains(key), key);
  QCOMPARE(o["support"].toArray().size(), 10);
  QCOMPARE(o["status"].toString(), QStringLiteral("cancelled"));
  QVERIFY(o["lower_bound"].toDouble() <= o["objective"].toDouble());
  QVERIFY(std::abs(o["gap"].toDouble() - (o["objective"].toDouble() - o["lower_bound"].toDouble()) / o["objective"].toDouble()) <= 1e-12);
}

int main(int argc, char** argv) {
  TestCliL0 t;
  return lambdascope::test::cliTestMain(t, gCli, argc, argv);
}

#include "test_cli_l0.moc"
