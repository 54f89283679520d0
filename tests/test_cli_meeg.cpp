// lambdascope-cli meeg end to end on the bundled reduced real case (resources/meeg): the keys of
// the contract, MxNE against MNE-Python's fixture, the gap recomputed from the written
// time courses, irMxNE stages, the α path with SURE selection, the CSV-folder input, TF-MxNE,
// --out, meeg-hypergrad / meeg-hpo, and one-line errors (exit 2).
#include <QtTest>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <cmath>
#include <fstream>

#include "core/meeg/meeg_case.hpp"
#include "core/meeg/mxne.hpp"
#include "tests/test_support.hpp"

using namespace lambdascope;

namespace {
QString gCli;

test::CliRun runCli(const QStringList& args) { return test::runProgram(gCli, args, 300000); }

QString bundled() { return test::sourcePath(QStringLiteral("resources/meeg/sample_la_meg_small.npz")); }

QJsonObject parse(const QByteArray& text) {
  QJsonParseError err;
  const QJsonObject o = QJsonDocument::fromJson(text, &err).object();
  if (err.error != QJsonParseError::NoError) qWarning("JSON error: %s", qPrintable(err.errorString()));
  return o;
}

QJsonObject fixture() {
  QFile f(test::sourcePath(QStringLiteral("tests/fixtures/meeg_mne_bundled.json")));
  if (!f.open(QIODevice::ReadOnly)) qFatal("no meeg_mne_bundled.json");
  return QJsonDocument::fromJson(f.readAll()).object();
}

void checkContract(const QJsonObject& o, int T) {
  for (const char* key : {"solver", "alpha", "alpha_max", "alpha_percent", "active_set", "time_courses", "objective",
                          "duality_gap", "n_iter", "seconds"})
    QVERIFY2(o.contains(key), key);
  const QJsonArray active = o["active_set"].toArray();
  const QJsonArray tc = o["time_courses"].toArray();
  QCOMPARE(tc.size(), active.size());
  for (const auto row : tc) QCOMPARE(row.toArray().size(), T);
  for (int i = 1; i < active.size(); ++i) QVERIFY(active[i].toInt() > active[i - 1].toInt());
  QVERIFY(std::abs(o["alpha"].toDouble() - o["alpha_percent"].toDouble() / 100.0 * o["alpha_max"].toDouble()) <=
          1e-12 * o["alpha"].toDouble());
}

/// B (p × T) from the JSON's active set and time courses.
RowMat rowsFrom(const QJsonObject& o, Index p, Index T) {
  RowMat B = RowMat::Zero(p, T);
  const QJsonArray active = o["active_set"].toArray();
  const QJsonArray tc = o["time_courses"].toArray();
  for (int a = 0; a < active.size(); ++a)
    for (Index t = 0; t < T; ++t) B(active[a].toInt(), t) = tc[a].toArray()[static_cast<int>(t)].toDouble();
  return B;
}
}  // namespace

class TestCliMeeg : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void mxneMatchesMne();
  void irmxneReportsStages();
  void pathWithSure();
  void csvFolderAndOut();
  void tfmxne();
  void hypergradAgreesWithItsFiniteDifference();
  void hpoImprovesOnItsStart();
  void errorsExitTwoWithOneLine_data();
  void errorsExitTwoWithOneLine();
};

void TestCliMeeg::mxneMatchesMne() {
  const QJsonObject fx = fixture();
  const QJsonObject peer = fx["mxne"].toArray()[2].toObject();  // 40 %
  const test::CliRun r = runCli({QStringLiteral("meeg"), QStringLiteral("--data"), bundled(), QStringLiteral("--solver"), QStringLiteral("mxne"),
                        QStringLiteral("--alpha-percent"), QString::number(peer["alpha_percent"].toDouble()),
                        QStringLiteral("--tol"), QStringLiteral("1e-14")});
  QVERIFY2(r.exitCode == 0, r.err.constData());
  const QJsonObject o = parse(r.out);
  checkContract(o, 61);
  QCOMPARE(o["solver"].toString(), QStringLiteral("mxne"));
  std::vector<int> mine, theirs;
  for (const auto v : o["active_set"].toArray()) mine.push_back(v.toInt());
  for (const auto v : peer["support"].toArray()) theirs.push_back(v.toInt());
  QCOMPARE(mine, theirs);
  QVERIFY(std::abs(o["objective"].toDouble() - peer["objective"].toDouble()) <= 1e-9 * peer["objective"].toDouble());
  // The gap recomputed from the written time courses (17 significant digits round-trip).
  const MeegCase c = loadMeegCase(bundled().toStdString());
  const MxneCertificate cert = mxneCertificate(c.G, c.M, rowsFrom(o, c.sources(), 61), o["alpha"].toDouble());
  QVERIFY(std::abs(cert.primal - o["objective"].toDouble()) <= 1e-12 * cert.primal);
  QVERIFY2(cert.gap() <= 1e-14 * c.M.squaredNorm() * 10, qPrintable(QString::number(cert.gap())));
  QCOMPARE(o["active_positions"].toArray().size(), static_cast<int>(mine.size()));
}

void TestCliMeeg::irmxneReportsStages() {
  const test::CliRun r = runCli({QStringLiteral("meeg"), QStringLiteral("--data"), bundled(), QStringLiteral("--solver"), QStringLiteral("irmxne"),
                        QStringLiteral("--alpha-percent"), QStringLiteral("60"), QStringLiteral("--n-reweight"), QStringLiteral("4")});
  QVERIFY2(r.exitCode == 0, r.err.constData());
  const QJsonObject o = parse(r.out);
  checkContract(o, 61);
  const QJsonArray stages = o["stage_objectives"].toArray();
  QVERIFY(stages.size() >= 1 && stages.size() <= 4);
  QCOMPARE(o["objective"].toDouble(), stages.last().toDouble());
  for (int k = 1; k < stages.size(); ++k) QVERIFY(stages[k].toDouble() <= stages[k - 1].toDouble() * (1 + 1e-12));
  const QJsonObject peer = fixture()["irmxne"].toArray()[0].toObject();  // 60 %, same support
  QCOMPARE(o["active_set"].toArray(), peer["support"].toArray());
}

void TestCliMeeg::pathWithSure() {
  const test::CliRun r = runCli({QStringLiteral("meeg"), QStringLiteral("--data"), bundled(), QStringLiteral("--path"), QStringLiteral("6"),
                        QStringLiteral("--min-percent"), QStringLiteral("20"), QStringLiteral("--select"), QStringLiteral("sure")});
  QVERIFY2(r.exitCode == 0, r.err.constData());
  const QJsonObject o = parse(r.out);
  checkContract(o, 61);
  const QJsonArray path = o["path"].toArray();
  QCOMPARE(path.size(), 6);
  QCOMPARE(path.first().toObject()["alpha_percent"].toDouble(), 100.0);
  QVERIFY(std::abs(path.last().toObject()["alpha_percent"].toDouble() - 20.0) < 1e-12);
  int best = 0;
  for (int k = 0; k < path.size(); ++k) {
    QVERIFY(path[k].toObject()["sure"].isDouble());
    if (path[k].toObject()["sure"].toDouble() < path[best].toObject()["sure"].toDouble()) best = k;
  }
  const QJsonObject sel = o["selection"].toObject();
  QCOMPARE(sel["method"].toString(), QStringLiteral("sure"));
  QCOMPARE(sel["index"].toInt(), best);
  QCOMPARE(o["alpha_percent"].toDouble(), path[best].toObject()["alpha_percent"].toDouble());
  QCOMPARE(o["active_set"].toArray(), path[best].toObject()["active_set"].toArray());
}

void TestCliMeeg::csvFolderAndOut() {
  // A CSV folder written from the bundled npz (the documented layout) gives the same answer.
  QTemporaryDir dir;
  const MeegCase c = loadMeegCase(bundled().toStdString());
  const QString csv = dir.filePath(QStringLiteral("case/csv"));
  QVERIFY(QDir().mkpath(csv));
  const auto write = [&](const char* name, const Mat& m) {
    std::ofstream f((csv + QLatin1Char('/') + QLatin1String(name)).toStdString());
    f.precision(17);
    for (Index i = 0; i < m.rows(); ++i) {
      for (Index j = 0; j < m.cols(); ++j) f << (j ? "," : "") << m(i, j);
      f << '\n';
    }
  };
  write("G.csv", c.G);
  write("M.csv", c.M);
  write("times.csv", c.times);
  const QString out = dir.filePath(QStringLiteral("r.json"));
  const test::CliRun a = runCli({QStringLiteral("meeg"), QStringLiteral("--data"), dir.filePath(QStringLiteral("case")),
                        QStringLiteral("--alpha-percent"), QStringLiteral("50"), QStringLiteral("--out"), out});
  QVERIFY2(a.exitCode == 0, a.err.constData());
  QVERIFY(a.out.isEmpty());
  QFile f(out);
  QVERIFY(f.open(QIODevice::ReadOnly));
  const QJsonObject fromCsv = parse(f.readAll());
  const test::CliRun b = runCli({QStringLiteral("meeg"), QStringLiteral("--data"), bundled(), QStringLiteral("--alpha-percent"), QStringLiteral("50")});
  const QJsonObject fromNpz = parse(b.out);
  QCOMPARE(fromCsv["active_set"].toArray(), fromNpz["active_set"].toArray());
  QCOMPARE(fromCsv["objective"].toDouble(), fromNpz["objective"].toDouble());
  QCOMPARE(fromCsv["alpha_max"].toDouble(), fromNpz["alpha_max"].toDouble());
}

void TestCliMeeg::tfmxne() {
  const test::CliRun r = runCli({QStringLiteral("meeg"), QStringLiteral("--data"), bundled(), QStringLiteral("--solver"), QStringLiteral("tfmxne"),
                        QStringLiteral("--alpha-percent"), QStringLiteral("50"), QStringLiteral("--l1-ratio"), QStringLiteral("0.05"),
                        QStringLiteral("--wsize"), QStringLiteral("16"), QStringLiteral("--tstep"), QStringLiteral("4")});
  QVERIFY2(r.exitCode == 0, r.err.constData());
  const QJsonObject o = parse(r.out);
  checkContract(o, 61);
  QCOMPARE(o["solver"].toString(), QStringLiteral("tfmxne"));
  QVERIFY(std::abs(o["alpha_time"].toDouble() - 0.05 * o["alpha"].toDouble()) <= 1e-12 * o["alpha"].toDouble());
  QVERIFY(!o["active_set"].toArray().isEmpty());
  QVERIFY(o["duality_gap"].toDouble() <= o["gap_threshold"].toDouble());
}

void TestCliMeeg::hypergradAgreesWithItsFiniteDifference() {
  for (const QString& criterion : {QStringLiteral("sure"), QStringLiteral("holdout")}) {
    const test::CliRun r = runCli({QStringLiteral("meeg-hypergrad"), QStringLiteral("--data"), bundled(), QStringLiteral("--criterion"),
                                   criterion, QStringLiteral("--alpha-percent"), QStringLiteral("35"), QStringLiteral("--tol"),
                                   QStringLiteral("1e-13"), QStringLiteral("--fd-step"), QStringLiteral("1e-4")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject o = parse(r.out);
    for (const char* key : {"value", "grad_log_alpha", "support_size", "seconds", "alpha", "alpha_percent", "alpha_max",
                            "criterion", "supports", "fd_grad_log_alpha"})
      QVERIFY2(o.contains(key), key);
    QCOMPARE(o["criterion"].toString(), criterion);
    QCOMPARE(o["supports"].toArray().size(), criterion == QStringLiteral("sure") ? 2 : 1);
    const double g = o["grad_log_alpha"].toDouble(), fd = o["fd_grad_log_alpha"].toDouble();
    QVERIFY(o["support_size"].toInt() > 0);
    QVERIFY2(std::abs(g - fd) <= 1e-4 * std::abs(fd), qPrintable(QStringLiteral("%1 vs %2").arg(g).arg(fd)));
  }
  // One α per source: as many entries as sources, zero off the support.
  const test::CliRun r = runCli({QStringLiteral("meeg-hypergrad"), QStringLiteral("--data"), bundled(), QStringLiteral("--per-source"),
                                 QStringLiteral("--alpha-percent"), QStringLiteral("35")});
  QVERIFY2(r.exitCode == 0, r.err.constData());
  const QJsonObject o = parse(r.out);
  const QJsonArray grad = o["grad"].toArray();
  QCOMPARE(grad.size(), 652);
  int nonZero = 0;
  double sum = 0.0;
  for (const auto v : grad) {
    nonZero += v.toDouble() != 0.0 ? 1 : 0;
    sum += v.toDouble();
  }
  QVERIFY(nonZero > 0 && nonZero <= 652);
  QVERIFY(std::abs(sum - o["grad_log_alpha"].toDouble()) <= 1e-9 * std::abs(sum));
}

void TestCliMeeg::hpoImprovesOnItsStart() {
  for (const bool perSource : {false, true}) {
    QStringList args{QStringLiteral("meeg-hpo"), QStringLiteral("--data"), bundled(), QStringLiteral("--optimizer"), QStringLiteral("lbfgs"),
                     QStringLiteral("--init-alpha-percent"), QStringLiteral("60"), QStringLiteral("--max-outer"), QStringLiteral("20")};
    if (perSource) args << QStringLiteral("--per-source");
    const test::CliRun r = runCli(args);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject o = parse(r.out);
    checkContract(o, 61);  // the solution at the chosen α is a meeg document
    const QJsonObject h = o["hpo"].toObject();
    for (const char* key : {"trajectory", "evaluations", "value", "alpha", "alpha_percent", "stop_reason", "inner_solves", "seconds"})
      QVERIFY2(h.contains(key), key);
    const QJsonArray traj = h["trajectory"].toArray();
    QVERIFY(traj.size() >= 2);
    const QJsonObject first = traj.first().toObject();
    QCOMPARE(first["alpha_percent"].toDouble(), 60.0);
    // The accepted iterates never increase the criterion and the best is what is reported.
    for (int i = 1; i < traj.size(); ++i)
      QVERIFY(traj[i].toObject()["value"].toDouble() <= traj[i - 1].toObject()["value"].toDouble());
    QCOMPARE(h["value"].toDouble(), traj.last().toObject()["value"].toDouble());
    QVERIFY(h["value"].toDouble() < first["value"].toDouble());
    QCOMPARE(h.contains("alphas_percent"), perSource);
    if (perSource) QCOMPARE(h["alphas_percent"].toArray().size(), 652);
  }
}

void TestCliMeeg::errorsExitTwoWithOneLine_data() {
  QTest::addColumn<QStringList>("args");
  const QString data = bundled();
  QTest::newRow("no data") << QStringList{QStringLiteral("meeg")};
  QTest::newRow("missing file") << QStringList{QStringLiteral("meeg"), QStringLiteral("--data"), QStringLiteral("/nonexistent.npz")};
  QTest::newRow("not a zip") << QStringList{QStringLiteral("meeg"), QStringLiteral("--data"),
                                            test::sourcePath(QStringLiteral("resources/datasets/diabetes.csv"))};
  QTest::newRow("bad solver") << QStringList{QStringLiteral("meeg"), QStringLiteral("--data"), data, QStringLiteral("--solver"), QStringLiteral("lasso")};
  QTest::newRow("both alphas") << QStringList{QStringLiteral("meeg"), QStringLiteral("--data"), data, QStringLiteral("--alpha"), QStringLiteral("1"),
                                              QStringLiteral("--alpha-percent"), QStringLiteral("10")};
  QTest::newRow("negative alpha") << QStringList{QStringLiteral("meeg"), QStringLiteral("--data"), data, QStringLiteral("--alpha"), QStringLiteral("-1")};
  QTest::newRow("bad select") << QStringList{QStringLiteral("meeg"), QStringLiteral("--data"), data, QStringLiteral("--select"), QStringLiteral("cv")};
  QTest::newRow("bad tol") << QStringList{QStringLiteral("meeg"), QStringLiteral("--data"), data, QStringLiteral("--tol"), QStringLiteral("0")};
  QTest::newRow("tf path") << QStringList{QStringLiteral("meeg"), QStringLiteral("--data"), data, QStringLiteral("--solver"), QStringLiteral("tfmxne"),
                                          QStringLiteral("--path"), QStringLiteral("5")};
  QTest::newRow("unknown option") << QStringList{QStringLiteral("meeg"), QStringLiteral("--data"), data, QStringLiteral("--lambda"), QStringLiteral("1")};
  QTest::newRow("hypergrad criterion") << QStringList{QStringLiteral("meeg-hypergrad"), QStringLiteral("--data"), data,
                                                      QStringLiteral("--criterion"), QStringLiteral("cv")};
  QTest::newRow("hypergrad alpha") << QStringList{QStringLiteral("meeg-hypergrad"), QStringLiteral("--data"), data,
                                                  QStringLiteral("--alpha"), QStringLiteral("0")};
  QTest::newRow("hpo optimizer") << QStringList{QStringLiteral("meeg-hpo"), QStringLiteral("--data"), data,
                                                QStringLiteral("--optimizer"), QStringLiteral("newton")};
  QTest::newRow("hpo min percent") << QStringList{QStringLiteral("meeg-hpo"), QStringLiteral("--data"), data,
                                                  QStringLiteral("--min-percent"), QStringLiteral("100")};
  QTest::newRow("hpo no data") << QStringList{QStringLiteral("meeg-hpo")};
}

void TestCliMeeg::errorsExitTwoWithOneLine() {
  QFETCH(QStringList, args);
  const test::CliRun r = runCli(args);
  QCOMPARE(r.exitCode, 2);
  QVERIFY(r.out.isEmpty());
  QCOMPARE(r.err.count('\n'), 1);
}

int main(int argc, char** argv) {
  TestCliMeeg t;
  return test::cliTestMain(t, gCli, argc, argv);
}

#include "test_cli_meeg.moc"
