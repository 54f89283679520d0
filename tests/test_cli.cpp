// lambdascope-cli end to end: JSON schema of `path`, flags, exit codes and one-line errors.
#include <QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include "tests/test_support.hpp"

namespace {
QString gCli;  // path of lambdascope-cli, from argv

using Run = lambdascope::test::CliRun;
Run runCli(const QStringList& args) { return lambdascope::test::runProgram(gCli, args, 120000); }

QString diabetes() { return lambdascope::test::sourcePath(QStringLiteral("resources/datasets/diabetes.csv")); }
}  // namespace

class TestCli : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void helpAndVersion();
  void pathJsonSchema();
  void explicitLambdasAndOutFile();
  void flagsChangeTheModel();
  void errorsExitTwoWithOneLine_data();
  void errorsExitTwoWithOneLine();
  void infoCommand();
  void modelsAndTheirFlags();
  void solveOneLambda();
  void weightsFileErrors();
  void multitaskJson();
};

void TestCli::helpAndVersion() {
  Run r = runCli({"--help"});
  QCOMPARE(r.exitCode, 0);
  QVERIFY(r.out.contains("path --data FILE"));
  QVERIFY(r.out.contains("--lambda-min-ratio"));
  r = runCli({"--version"});
  QCOMPARE(r.exitCode, 0);
  QVERIFY(r.out.startsWith("lambdascope-cli "));
  r = runCli({"path", "--help"});
  QCOMPARE(r.exitCode, 0);
}

void TestCli::pathJsonSchema() {
  const Run r = runCli({"path", "--data", diabetes()});
  QCOMPARE(r.exitCode, 0);
  QVERIFY(r.err.isEmpty());
  QJsonParseError perr;
  const QJsonObject o = QJsonDocument::fromJson(r.out, &perr).object();
  QCOMPARE(perr.error, QJsonParseError::NoError);
  for (const char* key : {"model", "n_samples", "n_features", "lambda_max", "tol", "path", "total_seconds"})
    QVERIFY2(o.contains(key), key);
  QCOMPARE(o["model"].toString(), QStringLiteral("lasso"));
  QCOMPARE(o["n_samples"].toInt(), 442);
  QCOMPARE(o["n_features"].toInt(), 10);
  QCOMPARE(o["tol"].toDouble(), 1e-6);
  const QJsonArray path = o["path"].toArray();
  QCOMPARE(path.size(), 100);
  const double lmax = o["lambda_max"].toDouble();
  QVERIFY(std::abs(path.first().toObject()["lambda"].toDouble() - lmax) <= 1e-15 * lmax);
  QVERIFY(std::abs(path.last().toObject()["lambda"].toDouble() - 1e-3 * lmax) <= 1e-12 * lmax);
  double previous = 2 * lmax;
  for (const auto item : path) {
    const QJsonObject pt = item.toObject();
    for (const char* key : {"lambda", "intercept", "coef", "objective", "duality_gap", "n_iter", "seconds"})
      QVERIFY2(pt.contains(key), key);
    QVERIFY(pt["lambda"].toDouble() < previous);
    previous = pt["lambda"].toDouble();
    const QJsonArray idx = pt["coef"].toObject()["index"].toArray();
    const QJsonArray val = pt["coef"].toObject()["value"].toArray();
    QCOMPARE(idx.size(), val.size());
    int last = -1;
    for (qsizetype k = 0; k < idx.size(); ++k) {
      QVERIFY(idx[k].isDouble());
      QVERIFY(idx[k].toInt() > last && idx[k].toInt() < 10);  // 0-based, increasing
      last = idx[k].toInt();
      QVERIFY(val[k].toDouble() != 0.0);
    }
    QVERIFY(pt["duality_gap"].toDouble() <= 1e-6 * o["null_objective"].toDouble());
    QVERIFY(pt["n_iter"].toInt() >= (pt["lambda"].toDouble() < lmax ? 1 : 0));
  }
  QVERIFY(path.first().toObject()["coef"].toObject()["index"].toArray().isEmpty());
  QCOMPARE(path.last().toObject()["coef"].toObject()["index"].toArray().size(), 10);
}

void TestCli::explicitLambdasAndOutFile() {
  QTemporaryDir dir;
  const QString out = dir.filePath("path.json");
  const QString csv = dir.filePath("path.csv");
  const Run r = runCli({"path", "--data", diabetes(), "--lambdas", "1.5,0.5,0.05", "--tol", "1e-8",
                        "--out", out, "--csv", csv});
  QCOMPARE(r.exitCode, 0);
  QVERIFY(r.out.isEmpty());
  QFile f(out);
  QVERIFY(f.open(QIODevice::ReadOnly));
  const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
  const QJsonArray path = o["path"].toArray();
  QCOMPARE(path.size(), 3);
  QCOMPARE(path[0].toObject()["lambda"].toDouble(), 1.5);
  QCOMPARE(path[2].toObject()["lambda"].toDouble(), 0.05);
  QCOMPARE(o["tol"].toDouble(), 1e-8);
  QFile c(csv);
  QVERIFY(c.open(QIODevice::ReadOnly));
  const QList<QByteArray> lines = c.readAll().trimmed().split('\n');
  QCOMPARE(lines.size(), 4);
  QVERIFY(lines[0].startsWith("lambda,intercept,objective,duality_gap,\"age\""));
}

void TestCli::flagsChangeTheModel() {
  auto run = [](const QStringList& extra) {
    const Run r = runCli(QStringList{"path", "--data", diabetes(), "--n-lambdas", "5", "--lambda-min-ratio", "0.01"} + extra);
    return QJsonDocument::fromJson(r.out).object();
  };
  const QJsonObject base = run({});
  QCOMPARE(base["path"].toArray().size(), 5);
  const double lastLambda = base["path"].toArray().last().toObject()["lambda"].toDouble();
  QVERIFY(std::abs(lastLambda - 0.01 * base["lambda_max"].toDouble()) < 1e-12);
  const QJsonObject noInt = run({"--no-intercept"});
  QCOMPARE(noInt["path"].toArray().first().toObject()["intercept"].toDouble(), 0.0);
  QVERIFY(noInt["lambda_max"].toDouble() != base["lambda_max"].toDouble());
  const QJsonObject std1 = run({"--standardize"});
  QVERIFY(std1["standardize"].toBool());
  QVERIFY(std::abs(std1["lambda_max"].toDouble() - base["lambda_max"].toDouble()) > 1e-6);
  const QJsonObject sparse = run({"--storage", "sparse"});
  QCOMPARE(sparse["storage"].toString(), QStringLiteral("sparse"));
  QVERIFY(std::abs(sparse["lambda_max"].toDouble() - base["lambda_max"].toDouble()) <= 1e-12 * base["lambda_max"].toDouble());
}

void TestCli::errorsExitTwoWithOneLine_data() {
  QTest::addColumn<QStringList>("args");
  QTest::addColumn<QString>("expected");
  QTest::newRow("missing file") << QStringList{"path", "--data", "/nonexistent/x.csv"} << "/nonexistent/x.csv";
  QTest::newRow("no data flag") << QStringList{"path"} << "--data";
  QTest::newRow("unknown target") << QStringList{"path", "--data", diabetes(), "--target", "nope"} << "nope";
  QTest::newRow("unknown option") << QStringList{"path", "--data", diabetes(), "--frobnicate"} << "--frobnicate";
  QTest::newRow("bad number") << QStringList{"path", "--data", diabetes(), "--tol", "abc"} << "--tol";
  QTest::newRow("negative tol") << QStringList{"path", "--data", diabetes(), "--tol", "-1"} << "tol";
  QTest::newRow("zero lambdas") << QStringList{"path", "--data", diabetes(), "--n-lambdas", "0"} << "lambdas";
  QTest::newRow("negative lambda") << QStringList{"path", "--data", diabetes(), "--lambdas", "1,-2"} << "-2";
  QTest::newRow("bad ratio") << QStringList{"path", "--data", diabetes(), "--lambda-min-ratio", "2"} << "lambda-min-ratio";
  QTest::newRow("unknown model") << QStringList{"path", "--data", diabetes(), "--model", "ridge"} << "ridge";
  QTest::newRow("unknown command") << QStringList{"frobnicate"} << "frobnicate";
  QTest::newRow("directory") << QStringList{"path", "--data", lambdascope::test::sourcePath("resources")} << "resources";
}

void TestCli::errorsExitTwoWithOneLine() {
  QFETCH(QStringList, args);
  QFETCH(QString, expected);
  const Run r = runCli(args);
  QCOMPARE(r.exitCode, 2);
  QVERIFY(r.out.isEmpty());
  const QByteArray err = r.err.trimmed();
  QVERIFY2(!err.contains('\n'), err.constData());
  QVERIFY2(err.contains(expected.toUtf8()), err.constData());
}

void TestCli::infoCommand() {
  const Run r = runCli({"info", "--data", diabetes(), "--target", "bmi"});
  QCOMPARE(r.exitCode, 0);
  const QJsonObject o = QJsonDocument::fromJson(r.out).object();
  QCOMPARE(o["n_samples"].toInt(), 442);
  QCOMPARE(o["n_features"].toInt(), 10);
  QCOMPARE(o["target"].toString(), QStringLiteral("bmi"));
  QVERIFY(o["feature_names"].toArray().contains(QStringLiteral("y")));
}

void TestCli::modelsAndTheirFlags() {
  auto path = [](const QStringList& extra) {
    const Run r = runCli(QStringList{"path", "--data", diabetes(), "--n-lambdas", "10", "--lambda-min-ratio", "0.01"} + extra);
    return std::make_pair(r.exitCode, QJsonDocument::fromJson(r.out).object());
  };
  auto [codeEnet, enet] = path({"--model", "enet", "--l1-ratio", "0.25"});
  QCOMPARE(codeEnet, 0);
  QCOMPARE(enet["model"].toString(), QStringLiteral("enet"));
  QCOMPARE(enet["l1_ratio"].toDouble(), 0.25);
  auto [codeMcp, mcp] = path({"--model", "mcp", "--gamma", "2.5"});
  QCOMPARE(codeMcp, 0);
  QCOMPARE(mcp["gamma"].toDouble(), 2.5);
  for (const auto item : mcp["path"].toArray()) {
    const QJsonObject pt = item.toObject();
    QCOMPARE(pt["stop_criterion"].toString(), QStringLiteral("stationarity"));
    QVERIFY(pt["duality_gap"].isNull());
    QVERIFY(pt["stationarity"].toDouble() <= pt["stationarity_threshold"].toDouble());
  }
  auto [codePos, pos] = path({"--positive"});
  QCOMPARE(codePos, 0);
  for (const auto item : pos["path"].toArray())
    for (const auto v : item.toObject()["coef"].toObject()["value"].toArray()) QVERIFY(v.toDouble() > 0.0);
  QTemporaryDir dir;
  const QString weights = dir.filePath("w.txt");
  QFile w(weights);
  QVERIFY(w.open(QIODevice::WriteOnly));
  w.write("# age unpenalised\n0\n1, 1, 1, 1, 1, 1, 1, 1, 1\n");
  w.close();
  auto [codeW, wl] = path({"--model", "wlasso", "--weights", weights});
  QCOMPARE(codeW, 0);
  const QJsonArray first = wl["path"].toArray().first().toObject()["coef"].toObject()["index"].toArray();
  QCOMPARE(first.size(), 1);
  QCOMPARE(first[0].toInt(), 0);  // the unpenalised feature is fitted at lambda_max
  // Flags that do not fit the model are refused with exit code 2.
  QCOMPARE(runCli({"path", "--data", diabetes(), "--model", "mcp", "--positive"}).exitCode, 2);
  QCOMPARE(runCli({"path", "--data", diabetes(), "--model", "enet", "--l1-ratio", "0"}).exitCode, 2);
  QCOMPARE(runCli({"path", "--data", diabetes(), "--model", "wlasso"}).exitCode, 2);
  QCOMPARE(runCli({"path", "--data", diabetes(), "--model", "logreg"}).exitCode, 2);  // not two classes
}

void TestCli::solveOneLambda() {
  Run r = runCli({"solve", "--data", diabetes(), "--lambda-ratio", "0.1", "--tol", "1e-10"});
  QCOMPARE(r.exitCode, 0);
  QJsonObject o = QJsonDocument::fromJson(r.out).object();
  QCOMPARE(o["path"].toArray().size(), 1);
  const QJsonObject pt = o["path"].toArray().first().toObject();
  QVERIFY(std::abs(pt["lambda"].toDouble() - 0.1 * o["lambda_max"].toDouble()) <= 1e-12 * o["lambda_max"].toDouble());
  QVERIFY(pt["certified"].toBool());
  r = runCli({"solve", "--data", diabetes(), "--lambda", "0.5"});
  QCOMPARE(r.exitCode, 0);
  o = QJsonDocument::fromJson(r.out).object();
  QCOMPARE(o["path"].toArray().first().toObject()["lambda"].toDouble(), 0.5);
  QCOMPARE(runCli({"solve", "--data", diabetes()}).exitCode, 2);  // no lambda
  QCOMPARE(runCli({"solve", "--data", diabetes(), "--lambda", "1", "--lambda-ratio", "0.5"}).exitCode, 2);
}

void TestCli::weightsFileErrors() {
  QTemporaryDir dir;
  const QString weights = dir.filePath("bad.txt");
  QFile w(weights);
  QVERIFY(w.open(QIODevice::WriteOnly));
  w.write("1 1 1\n1 -2 1\n");
  w.close();
  const Run r = runCli({"path", "--data", diabetes(), "--model", "wlasso", "--weights", weights});
  QCOMPARE(r.exitCode, 2);
  QVERIFY2(r.err.contains("bad.txt:2:2") && r.err.contains("-2"), r.err.constData());
  const QString shortFile = dir.filePath("short.txt");
  QFile s2(shortFile);
  QVERIFY(s2.open(QIODevice::WriteOnly));
  s2.write("1 2 3\n");
  s2.close();
  const Run r2 = runCli({"path", "--data", diabetes(), "--model", "wlasso", "--weights", shortFile});
  QCOMPARE(r2.exitCode, 2);
  QVERIFY2(r2.err.contains("weights") && r2.err.contains("10"), r2.err.constData());
}

void TestCli::multitaskJson() {
  const QString linnerud = lambdascope::test::sourcePath(QStringLiteral("tests/fixtures/linnerud.csv"));
  Run r = runCli({"path", "--data", linnerud, "--model", "mtl", "--targets", "Weight,Waist,Pulse", "--n-lambdas", "10"});
  QCOMPARE(r.exitCode, 0);
  const QJsonObject o = QJsonDocument::fromJson(r.out).object();
  QCOMPARE(o["model"].toString(), QStringLiteral("mtl"));
  QCOMPARE(o["solver"].toString(), QStringLiteral("ws-bcd"));
  QCOMPARE(o["n_tasks"].toInt(), 3);
  QCOMPARE(o["n_features"].toInt(), 3);
  QCOMPARE(o["targets"].toArray().size(), 3);
  const QJsonArray path = o["path"].toArray();
  QCOMPARE(path.size(), 10);
  const QJsonObject last = path.last().toObject();
  QCOMPARE(last["intercept"].toArray().size(), 3);
  const QJsonObject coef = last["coef"].toObject();
  QVERIFY(!coef["index"].toArray().isEmpty());
  QCOMPARE(coef["value"].toArray().size(), coef["index"].toArray().size());
  for (const auto row : coef["value"].toArray()) QCOMPARE(row.toArray().size(), 3);
  QVERIFY(last["certified"].toBool());
  // One λ with solve; the CSV export in long format (one row per λ and target).
  r = runCli({"solve", "--data", linnerud, "--model", "mtl", "--targets", "Weight,Pulse", "--lambda-ratio", "0.1"});
  QCOMPARE(r.exitCode, 0);
  QCOMPARE(QJsonDocument::fromJson(r.out).object()["path"].toArray().size(), 1);
  QTemporaryDir dir;
  const QString csv = dir.filePath("mtl.csv");
  r = runCli({"path", "--data", linnerud, "--model", "mtl", "--targets", "Weight,Pulse", "--lambdas", "1,0.1",
              "--csv", csv});
  QCOMPARE(r.exitCode, 0);
  QFile f(csv);
  QVERIFY(f.open(QIODevice::ReadOnly));
  const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
  QCOMPARE(lines.size(), 5);
  QVERIFY(lines[0].startsWith("lambda,target,intercept"));
  QVERIFY(lines[1].contains(",\"Weight\",") && lines[2].contains(",\"Pulse\","));
  // Errors: several targets for a single-task model; --target with --targets; unknown column.
  r = runCli({"path", "--data", linnerud, "--targets", "Weight,Pulse"});
  QCOMPARE(r.exitCode, 2);
  QVERIFY2(r.err.contains("mtl"), r.err.constData());
  QCOMPARE(runCli({"path", "--data", linnerud, "--model", "mtl", "--target", "Weight", "--targets", "Weight,Pulse"}).exitCode, 2);
  r = runCli({"path", "--data", linnerud, "--model", "mtl", "--targets", "Weight,Nope"});
  QCOMPARE(r.exitCode, 2);
  QVERIFY2(r.err.contains("unknown target column 'Nope'"), r.err.constData());
  QCOMPARE(runCli({"path", "--data", linnerud, "--model", "mtl", "--targets", "Weight,Pulse", "--positive"}).exitCode, 2);
}

int main(int argc, char** argv) {
  TestCli t;
  return lambdascope::test::cliTestMain(t, gCli, argc, argv);
}

#include "test_cli.moc"
