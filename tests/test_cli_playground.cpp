// lambdascope-cli playground end to end: the JSON contract, the closed form of GD on the
// diagonal quadratic, presets, and one-line errors with exit code 2.
#include <QtTest>

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <cmath>

#include "tests/test_support.hpp"

namespace {
QString gCli;  // path of lambdascope-cli, from argv

using Run = lambdascope::test::CliRun;
Run runCli(const QStringList& args) {
  return lambdascope::test::runProgram(gCli, QStringList{"playground"} + args, 120000);
}

QJsonObject json(const Run& r) {
  QJsonParseError err;
  const QJsonObject o = QJsonDocument::fromJson(r.out, &err).object();
  if (err.error != QJsonParseError::NoError) qWarning() << err.errorString() << r.err;
  return o;
}

QString preset(const QString& name) { return lambdascope::test::sourcePath("resources/presets/" + name); }
}  // namespace

class TestCliPlayground : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void gdOnDiagonalQuadraticIsTheClosedForm();
  void everyMethodPrintsTheContract_data();
  void everyMethodPrintsTheContract();
  void newtonOneStepAndRates();
  void presetRunsEveryMethod();
  void shippedPresetsRun();
  void outFile();
  void errorsExitTwoWithOneLine_data();
  void errorsExitTwoWithOneLine();
};

void TestCliPlayground::gdOnDiagonalQuadraticIsTheClosedForm() {
  const Run r = runCli({"--problem", "quadratic", "--condition", "8", "--method", "gd", "--step", "0.2", "--iters",
                        "25", "--start", "1.5,-2"});
  QCOMPARE(r.exitCode, 0);
  QVERIFY(r.err.isEmpty());
  const QJsonObject o = json(r);
  const QJsonArray it = o["iterates"].toArray(), values = o["values"].toArray();
  QCOMPARE(it.size(), 26);
  QCOMPARE(values.size(), 26);
  QCOMPARE(it[0].toArray()[0].toDouble(), 1.5);  // iterate 0 is the start
  QCOMPARE(it[0].toArray()[1].toDouble(), -2.0);
  const double a[2] = {1.0, 8.0}, x0[2] = {1.5, -2.0};
  for (int k = 0; k < it.size(); ++k) {
    const QJsonArray xk = it[k].toArray();
    QCOMPARE(xk.size(), 2);
    for (int i = 0; i < 2; ++i) {
      const double expected = std::pow(1.0 - 0.2 * a[i], k) * x0[i];
      QVERIFY2(std::abs(xk[i].toDouble() - expected) <= 1e-13 * (k + 1) * std::abs(x0[i]),
               qPrintable(QStringLiteral("k=%1 i=%2").arg(k).arg(i)));
    }
    // values[k] = f(iterates[k]) = (x² + K y²)/2.
    const double x = xk[0].toDouble(), y = xk[1].toDouble();
    QVERIFY(std::abs(values[k].toDouble() - (x * x + 8.0 * y * y) / 2.0) <= 1e-15 * (1 + values[k].toDouble()));
  }
  QCOMPARE(o["f_star"].toDouble(), 0.0);
  QCOMPARE(o["problem"].toString(), QStringLiteral("quadratic"));
  QCOMPARE(o["method"].toString(), QStringLiteral("gd"));
  QCOMPARE(o["step"].toDouble(), 0.2);
  QCOMPARE(o["runs"].toArray().size(), 1);
  QVERIFY(o["bound"].isNull());  // s = 0.2 > 1/L = 0.125: no theorem applies
}

void TestCliPlayground::everyMethodPrintsTheContract_data() {
  QTest::addColumn<QStringList>("args");
  const QStringList q{"--problem", "quadratic", "--condition", "10", "--rotation", "30"};
  QTest::newRow("gd") << q + QStringList{"--method", "gd"};
  QTest::newRow("gd-armijo") << q + QStringList{"--method", "gd-armijo"};
  QTest::newRow("heavy-ball") << q + QStringList{"--method", "heavy-ball", "--step", "0.1", "--momentum", "0.5"};
  QTest::newRow("nesterov") << q + QStringList{"--method", "nesterov"};
  QTest::newRow("newton") << q + QStringList{"--method", "newton"};
  QTest::newRow("bfgs") << QStringList{"--problem", "rosenbrock", "--method", "bfgs"};
  QTest::newRow("ista") << QStringList{"--problem", "lasso2d", "--lambda", "0.05", "--method", "ista"};
  QTest::newRow("fista") << QStringList{"--problem", "enet2d", "--lambda", "0.1", "--l1-ratio", "0.7", "--method", "fista"};
  QTest::newRow("cd") << QStringList{"--problem", "lasso2d", "--method", "cd"};
  QTest::newRow("cd-random") << QStringList{"--problem", "lasso2d", "--method", "cd-random", "--seed", "3"};
  QTest::newRow("sgd") << QStringList{"--problem", "logistic", "--method", "sgd", "--seed", "4"};
  QTest::newRow("minibatch") << QStringList{"--problem", "logistic", "--method", "minibatch", "--batch-size", "8"};
  QTest::newRow("svrg") << QStringList{"--problem", "logistic", "--features", "bmi,bp", "--method", "svrg"};
  QTest::newRow("subgradient") << QStringList{"--problem", "nonsmooth", "--method", "subgradient", "--step", "0.3"};
}

void TestCliPlayground::everyMethodPrintsTheContract() {
  QFETCH(QStringList, args);
  const Run r = runCli(args + QStringList{"--iters", "30", "--start", "-0.5,0.75"});
  QVERIFY2(r.exitCode == 0, r.err.constData());
  const QJsonObject o = json(r);
  const QJsonArray it = o["iterates"].toArray(), values = o["values"].toArray();
  QCOMPARE(it.size(), 31);
  QCOMPARE(values.size(), 31);
  QCOMPARE(it[0].toArray()[0].toDouble(), -0.5);
  QCOMPARE(it[0].toArray()[1].toDouble(), 0.75);
  QCOMPARE(o["gradients"].toArray().size(), 30);
  const double fStar = o["f_star"].toDouble();
  for (const auto v : values) QVERIFY(v.toDouble() >= fStar - 1e-12 * std::max(1.0, std::abs(fStar)));
  if (args.contains("sgd") || args.contains("svrg") || args.contains("minibatch"))
    QCOMPARE(o["full_gradients"].toArray().size(), 30);
}

void TestCliPlayground::newtonOneStepAndRates() {
  const Run r = runCli({"--problem", "quadratic", "--condition", "1000", "--rotation", "10", "--method", "newton",
                        "--iters", "2", "--start", "3,-4"});
  QCOMPARE(r.exitCode, 0);
  const QJsonObject o = json(r);
  const QJsonArray x1 = o["iterates"].toArray()[1].toArray();
  QVERIFY(std::abs(x1[0].toDouble()) < 1e-12 && std::abs(x1[1].toDouble()) < 1e-12);
  const QJsonObject rates = o["rates"].toObject();
  for (const char* key : {"1/k", "1/k^2", "linear", "accelerated"}) QVERIFY2(rates.contains(key), key);
  QVERIFY(rates["1/k"].toArray()[0].isNull());  // 1/k at k = 0
  QCOMPARE(rates["linear"].toArray().size(), 3);
  // FISTA's bound is reported with its run.
  const Run f = runCli({"--problem", "lasso2d", "--method", "fista", "--iters", "40", "--start", "0.3,0.3"});
  const QJsonObject fo = json(f);
  const QJsonArray bound = fo["bound"].toObject()["values"].toArray();
  QCOMPARE(bound.size(), 41);
  for (int k = 1; k <= 40; ++k)
    QVERIFY(fo["values"].toArray()[k].toDouble() - fo["f_star"].toDouble() <= bound[k].toDouble() * (1 + 1e-9) + 1e-15);
}

void TestCliPlayground::presetRunsEveryMethod() {
  const Run r = runCli({"--preset", preset("momentum.json")});
  QVERIFY2(r.exitCode == 0, r.err.constData());
  const QJsonObject o = json(r);
  const QJsonArray runs = o["runs"].toArray();
  QCOMPARE(runs.size(), 3);
  QCOMPARE(runs[1].toObject()["method"].toString(), QStringLiteral("heavy-ball"));
  QCOMPARE(o["iterates"].toArray(), runs[0].toObject()["iterates"].toArray());  // first run at top level
  QCOMPARE(o["iterates"].toArray().size(), 121);
  QCOMPARE(o["start"].toArray()[0].toDouble(), -1.7);
  // --start and --iters override the preset.
  const Run s = runCli({"--preset", preset("momentum.json"), "--iters", "5", "--start", "1,1"});
  QCOMPARE(json(s)["iterates"].toArray().size(), 6);
  QCOMPARE(json(s)["iterates"].toArray()[0].toArray()[1].toDouble(), 1.0);
}

void TestCliPlayground::shippedPresetsRun() {
  const QStringList files = QDir(lambdascope::test::sourcePath("resources/presets")).entryList({"*.json"}, QDir::Files);
  QVERIFY(files.size() >= 6);
  for (const QString& f : files) {
    const Run r = runCli({"--preset", preset(f), "--iters", "20"});
    QVERIFY2(r.exitCode == 0, qPrintable(f + ": " + r.err));
    const QJsonObject o = json(r);
    QCOMPARE(o["iterates"].toArray().size(), 21);
    if (f == "prox_operators.json") QCOMPARE(o["prox_curves"].toObject()["scad"].toObject()["prox"].toArray().size(), 121);
  }
}

void TestCliPlayground::outFile() {
  QTemporaryDir dir;
  const QString out = dir.filePath("run.json");
  const Run r = runCli({"--problem", "nonsmooth", "--method", "ista", "--step", "0.25", "--iters", "10", "--out", out});
  QCOMPARE(r.exitCode, 0);
  QVERIFY(r.out.isEmpty());
  QFile f(out);
  QVERIFY(f.open(QIODevice::ReadOnly));
  const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
  // The proximal point method on |x| + 2|y| reaches the kink (0, 0) exactly.
  const QJsonArray last = o["iterates"].toArray().last().toArray();
  QCOMPARE(last[0].toDouble(), 0.0);
  QCOMPARE(last[1].toDouble(), 0.0);
}

void TestCliPlayground::errorsExitTwoWithOneLine_data() {
  QTest::addColumn<QStringList>("args");
  QTest::addColumn<QString>("expected");
  QTest::newRow("no problem") << QStringList{"--method", "gd"} << "--problem";
  QTest::newRow("no method") << QStringList{"--problem", "quadratic"} << "--method";
  QTest::newRow("unknown problem") << QStringList{"--problem", "cubic", "--method", "gd"} << "cubic";
  QTest::newRow("unknown method") << QStringList{"--problem", "quadratic", "--method", "adam"} << "adam";
  QTest::newRow("newton on lasso") << QStringList{"--problem", "lasso2d", "--method", "newton"} << "non-smooth";
  QTest::newRow("sgd on quadratic") << QStringList{"--problem", "quadratic", "--method", "sgd"} << "finite-sum";
  QTest::newRow("bad start") << QStringList{"--problem", "quadratic", "--method", "gd", "--start", "1"} << "--start";
  QTest::newRow("bad start number") << QStringList{"--problem", "quadratic", "--method", "gd", "--start", "1,x"} << "--start";
  QTest::newRow("negative step") << QStringList{"--problem", "quadratic", "--method", "gd", "--step", "-1"} << "step";
  QTest::newRow("momentum 1") << QStringList{"--problem", "quadratic", "--method", "heavy-ball", "--momentum", "1"} << "momentum";
  QTest::newRow("zero condition") << QStringList{"--problem", "quadratic", "--condition", "0", "--method", "gd"} << "condition";
  QTest::newRow("condition on lasso") << QStringList{"--problem", "lasso2d", "--condition", "3", "--method", "gd"} << "--condition";
  QTest::newRow("unknown feature") << QStringList{"--problem", "logistic", "--features", "bmi,zz", "--method", "gd"} << "zz";
  QTest::newRow("batch too big") << QStringList{"--problem", "logistic", "--method", "minibatch", "--batch-size", "1000"} << "batch";
  QTest::newRow("negative iters") << QStringList{"--problem", "quadratic", "--method", "gd", "--iters", "-3"} << "--iters";
  QTest::newRow("missing preset") << QStringList{"--preset", "/nonexistent/p.json"} << "/nonexistent/p.json";
  QTest::newRow("preset and method") << QStringList{"--preset", preset("momentum.json"), "--method", "gd"} << "--method";
  QTest::newRow("not a preset") << QStringList{"--preset", lambdascope::test::sourcePath("resources/datasets/diabetes.csv")} << "diabetes.csv";
  QTest::newRow("unknown option") << QStringList{"--problem", "quadratic", "--method", "gd", "--frob"} << "--frob";
}

void TestCliPlayground::errorsExitTwoWithOneLine() {
  QFETCH(QStringList, args);
  QFETCH(QString, expected);
  const Run r = runCli(args);
  QCOMPARE(r.exitCode, 2);
  QVERIFY(r.out.isEmpty());
  const QByteArray err = r.err.trimmed();
  QVERIFY2(!err.contains('\n'), err.constData());
  QVERIFY2(err.contains(expected.toUtf8()), err.constData());
}

int main(int argc, char** argv) {
  TestCliPlayground t;
  return lambdascope::test::cliTestMain(t, gCli, argc, argv);
}

#include "test_cli_playground.moc"
