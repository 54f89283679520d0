// lambdascope-cli cv / hypergrad / hpo end to end: the JSON the README documents, the conventions
// (contiguous folds, full-data grid, ddof-1 se, λ_1se), methods agreeing, and exit codes.
#include <QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <cmath>

#include "tests/test_support.hpp"

namespace {
QString gCli;

using Run = lambdascope::test::CliRun;
Run runCli(const QStringList& args) { return lambdascope::test::runProgram(gCli, args, 300000); }

QJsonObject json(const Run& r) { return QJsonDocument::fromJson(r.out).object(); }
QString diabetes() { return lambdascope::test::sourcePath(QStringLiteral("resources/datasets/diabetes.csv")); }
}  // namespace

class TestCliSelection : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void cvJsonFollowsGlmnetConventions();
  void cvOutFileAndShuffledSeed();
  void hypergradMethodsAgree();
  void hypergradModelsAndCriteria();
  void hpoTrajectory();
  void repeatTimesTheSameWork();
  void errorsExitTwo_data();
  void errorsExitTwo();
};

void TestCliSelection::cvJsonFollowsGlmnetConventions() {
  const Run r = runCli({"cv", "--data", diabetes(), "--model", "lasso", "--n-lambdas", "20", "--n-folds", "10", "--folds",
                        "contiguous", "--tol", "1e-10"});
  QCOMPARE(r.exitCode, 0);
  const QJsonObject o = json(r);
  for (const char* key : {"lambdas", "fold_loss", "mean", "se", "lambda_min", "lambda_1se", "index_min", "index_1se", "refit"})
    QVERIFY2(o.contains(key), key);
  const QJsonArray lambdas = o["lambdas"].toArray();
  const QJsonArray folds = o["fold_loss"].toArray();
  QCOMPARE(lambdas.size(), 20);
  QCOMPARE(folds.size(), 10);
  QCOMPARE(o["fold_sizes"].toArray()[0].toInt(), 45);
  QCOMPARE(o["fold_sizes"].toArray()[9].toInt(), 44);
  // mean = plain average, se = ddof-1 sd / √K, recomputed from fold_loss.
  const QJsonArray mean = o["mean"].toArray();
  const QJsonArray se = o["se"].toArray();
  for (int c = 0; c < lambdas.size(); ++c) {
    double m = 0.0;
    for (const auto& row : folds) m += row.toArray()[c].toDouble();
    m /= 10.0;
    double ss = 0.0;
    for (const auto& row : folds) ss += std::pow(row.toArray()[c].toDouble() - m, 2);
    QVERIFY(std::abs(mean[c].toDouble() - m) <= 1e-12 * m);
    QVERIFY(std::abs(se[c].toDouble() - std::sqrt(ss / 9.0) / std::sqrt(10.0)) <= 1e-10 * se[c].toDouble());
  }
  const int iMin = o["index_min"].toInt();
  const int i1se = o["index_1se"].toInt();
  QCOMPARE(o["lambda_min"].toDouble(), lambdas[iMin].toDouble());
  QCOMPARE(o["lambda_1se"].toDouble(), lambdas[i1se].toDouble());
  QVERIFY(lambdas[i1se].toDouble() >= lambdas[iMin].toDouble());
  const double bound = mean[iMin].toDouble() + se[iMin].toDouble();
  for (int c = 0; c < lambdas.size(); ++c) {
    QVERIFY(mean[c].toDouble() >= mean[iMin].toDouble());
    if (lambdas[c].toDouble() > lambdas[i1se].toDouble()) QVERIFY(mean[c].toDouble() > bound);
  }
  const QJsonObject refit = o["refit"].toObject();
  QCOMPARE(refit["lambda"].toDouble(), o["lambda_min"].toDouble());
  QVERIFY(refit.contains("coef") && refit.contains("intercept"));
  QVERIFY(o["criteria"].toObject().contains("sure"));
}

void TestCliSelection::cvOutFileAndShuffledSeed() {
  QTemporaryDir dir;
  const QString out = dir.filePath("cv.json");
  const QStringList base{"cv", "--data", diabetes(), "--n-lambdas", "10", "--n-folds", "5", "--folds", "shuffled", "--no-criteria"};
  QCOMPARE(runCli(base + QStringList{"--seed", "3", "--out", out}).exitCode, 0);
  QFile f(out);
  QVERIFY(f.open(QIODevice::ReadOnly));
  const QJsonObject a = QJsonDocument::fromJson(f.readAll()).object();
  const QJsonObject b = json(runCli(base + QStringList{"--seed", "3"}));
  const QJsonObject c = json(runCli(base + QStringList{"--seed", "4"}));
  QCOMPARE(a["fold_loss"], b["fold_loss"]);
  QVERIFY(a["fold_loss"] != c["fold_loss"]);
}

void TestCliSelection::hypergradMethodsAgree() {
  double grads[3] = {0, 0, 0};
  int k = 0;
  for (const char* method : {"implicit", "forward", "reverse"}) {
    const Run r = runCli({"hypergrad", "--data", diabetes(), "--model", "lasso", "--criterion", "holdout", "--split", "first-half",
                          "--method", method, "--log-lambda", "-2", "--fd-step", "1e-4"});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = json(r);
    for (const char* key : {"value", "grad_log_lambda", "support_size", "seconds"}) QVERIFY2(o.contains(key), key);
    QCOMPARE(o["n_train"].toInt(), 221);
    QCOMPARE(o["n_validation"].toInt(), 221);
    grads[k++] = o["grad_log_lambda"].toDouble();
    QVERIFY(std::abs(o["grad_log_lambda"].toDouble() - o["fd_grad_log_lambda"].toDouble()) <=
            1e-4 * std::abs(o["fd_grad_log_lambda"].toDouble()));
  }
  QVERIFY(std::abs(grads[0] - grads[1]) <= 1e-7 * std::abs(grads[0]));
  QVERIFY(std::abs(grads[0] - grads[2]) <= 1e-7 * std::abs(grads[0]));
}

void TestCliSelection::hypergradModelsAndCriteria() {
  for (const QStringList& extra : {QStringList{"--model", "enet", "--l1-ratio", "0.5"}, QStringList{"--model", "wlasso"},
                                   QStringList{"--criterion", "cv", "--n-folds", "5"},
                                   QStringList{"--criterion", "sure", "--sigma", "50"},
                                   QStringList{"--split", "random", "--seed", "2"}}) {
    const Run r = runCli(QStringList{"hypergrad", "--data", diabetes(), "--log-lambda", "-1.5"} + extra);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject o = json(r);
    QVERIFY(std::isfinite(o["value"].toDouble()));
    QVERIFY(o["grad"].toArray().size() >= 1);
    double sum = 0.0;
    for (const auto& g : o["grad"].toArray()) sum += g.toDouble();
    QVERIFY(std::abs(sum - o["grad_log_lambda"].toDouble()) <= 1e-9 * std::max(1.0, std::abs(sum)));
  }
}

void TestCliSelection::hpoTrajectory() {
  const Run r = runCli({"hpo", "--data", diabetes(), "--criterion", "holdout", "--method", "implicit", "--optimizer", "lbfgs",
                        "--init-log-lambda", "0", "--max-outer", "30"});
  QCOMPARE(r.exitCode, 0);
  const QJsonObject o = json(r);
  const QJsonArray t = o["trajectory"].toArray();
  QVERIFY(t.size() >= 2);
  for (const auto& step : t) {
    const QJsonObject s = step.toObject();
    QVERIFY(s.contains("log_lambda") && s.contains("value") && s.contains("grad"));
  }
  QCOMPARE(t[0].toObject()["log_lambda"].toDouble(), 0.0);
  QVERIFY(o["lambda"].toDouble() > 0.0);
  QVERIFY(o["criterion"].toDouble() <= t[0].toObject()["value"].toDouble());
  QVERIFY(o.contains("seconds"));
  QCOMPARE(o["criterion"].toDouble(), o["value"].toDouble());
}

// --repeat N reruns from the same cold start: the numbers are those of a single run, bit for bit,
// with N timings and their median as `seconds`.
void TestCliSelection::repeatTimesTheSameWork() {
  const QStringList hypergrad{"hypergrad", "--data", diabetes(), "--criterion", "holdout", "--log-lambda", "-1"};
  const QStringList hpo{"hpo", "--data", diabetes(), "--criterion", "holdout", "--optimizer", "gd", "--max-outer", "10"};
  for (const QStringList& base : {hypergrad, hpo}) {
    const QJsonObject once = json(runCli(base));
    const QJsonObject thrice = json(runCli(base + QStringList{"--repeat", "3"}));
    QCOMPARE(thrice["value"].toDouble(), once["value"].toDouble());
    QCOMPARE(thrice["lambda"].toDouble(), once["lambda"].toDouble());
    QVERIFY(!once.contains("seconds_each"));
    const QJsonArray each = thrice["seconds_each"].toArray();
    QCOMPARE(each.size(), 3);
    std::vector<double> sorted;
    for (const auto& v : each) sorted.push_back(v.toDouble());
    std::sort(sorted.begin(), sorted.end());
    QCOMPARE(thrice["seconds"].toDouble(), sorted[1]);
  }
  QCOMPARE(json(runCli(hypergrad + QStringList{"--repeat", "2"}))["grad_log_lambda"].toDouble(),
           json(runCli(hypergrad))["grad_log_lambda"].toDouble());
}

void TestCliSelection::errorsExitTwo_data() {
  QTest::addColumn<QStringList>("args");
  QTest::newRow("cv unknown scheme") << QStringList{"cv", "--data", diabetes(), "--folds", "zigzag"};
  QTest::newRow("cv too many folds") << QStringList{"cv", "--data", diabetes(), "--n-folds", "1000"};
  QTest::newRow("cv deviance for lasso") << QStringList{"cv", "--data", diabetes(), "--loss", "deviance"};
  QTest::newRow("hypergrad no lambda") << QStringList{"hypergrad", "--data", diabetes()};
  QTest::newRow("hypergrad mcp") << QStringList{"hypergrad", "--data", diabetes(), "--model", "mcp", "--log-lambda", "0"};
  QTest::newRow("hypergrad bad method") << QStringList{"hypergrad", "--data", diabetes(), "--method", "magic", "--log-lambda", "0"};
  QTest::newRow("hypergrad repeat 0") << QStringList{"hypergrad", "--data", diabetes(), "--log-lambda", "0", "--repeat", "0"};
  QTest::newRow("hpo bad optimizer") << QStringList{"hpo", "--data", diabetes(), "--optimizer", "newton"};
  QTest::newRow("hpo sure logreg") << QStringList{"hpo", "--data", diabetes(), "--model", "logreg", "--criterion", "sure"};
}

void TestCliSelection::errorsExitTwo() {
  QFETCH(QStringList, args);
  const Run r = runCli(args);
  QCOMPARE(r.exitCode, 2);
  QCOMPARE(r.err.count('\n'), 1);
}

int main(int argc, char** argv) {
  TestCliSelection t;
  return lambdascope::test::cliTestMain(t, gCli, argc, argv);
}

#include "test_cli_selection.moc"
