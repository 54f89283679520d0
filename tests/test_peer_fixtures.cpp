// Our Lasso paths against scikit-learn's and glmnet's on the same data and the same λ grid
// (fixtures made by tests/fixtures/make_lasso_fixtures.py). Objectives are recomputed here, by
// one independent dense formula, for all three.
#include <QtTest>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "core/io/dataset_io.hpp"
#include "core/path/regularization_path.hpp"
#include "tests/test_support.hpp"

using namespace lambdascope;

namespace {

struct PeerPath {
  std::vector<double> intercept;
  std::vector<Vec> coef;
};

PeerPath readPeer(const QJsonObject& obj, Index p) {
  PeerPath peer;
  for (const auto v : obj["intercept"].toArray()) peer.intercept.push_back(v.toDouble());
  for (const auto c : obj["coef"].toArray()) {
    Vec beta = Vec::Zero(p);
    const QJsonArray idx = c.toObject()["index"].toArray();
    const QJsonArray val = c.toObject()["value"].toArray();
    for (qsizetype k = 0; k < idx.size(); ++k) beta[idx[k].toInt()] = val[k].toDouble();
    peer.coef.push_back(beta);
  }
  return peer;
}

/// The model's objective on the raw data: 1/(2n)‖y − Xβ − b0‖² + λ‖β‖₁ (lasso) or
/// (1/n) Σ log(1 + exp(−y(Xβ + b0))) + λ‖β‖₁ (logreg, y ∈ {−1, +1}).
double objective(const QString& model, const Mat& X, const Vec& y, const Vec& beta, double b0,
                 double lambda) {
  const Vec eta = X * beta + Vec::Constant(y.size(), b0);
  const double n = static_cast<double>(y.size());
  double loss = 0.0;
  if (model == QLatin1String("logreg")) {
    for (Index i = 0; i < y.size(); ++i) {
      const double t = y[i] * eta[i];
      loss += std::max(-t, 0.0) + std::log1p(std::exp(-std::abs(t)));
    }
    loss /= n;
  } else {
    loss = (y - eta).squaredNorm() / (2.0 * n);
  }
  return loss + lambda * beta.lpNorm<1>();
}

/// Support of the coefficients that matter: a coefficient whose whole contribution to the fit,
/// |β_j|·‖x_j − x̄_j‖, is below 1e-10·‖y − ȳ‖ is rounding (a peer's 1e-13 crumb at λ_max), not a
/// selected feature.
std::vector<Index> support(const Mat& X, const Vec& y, const Vec& beta) {
  std::vector<Index> s;
  const double floor = 1e-10 * (y.array() - y.mean()).matrix().norm();
  for (Index j = 0; j < beta.size(); ++j) {
    const double colNorm = (X.col(j).array() - X.col(j).mean()).matrix().norm();
    if (std::abs(beta[j]) * colNorm > floor) s.push_back(j);
  }
  return s;
}

}  // namespace

class TestPeerFixtures : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void matchesPeers_data();
  void matchesPeers();
};

void TestPeerFixtures::matchesPeers_data() {
  QTest::addColumn<QString>("name");
  QTest::addColumn<QString>("model");
  for (const char* name : {"diabetes", "prostate", "diabetes_x2", "gasoline"})
    QTest::newRow(qPrintable(QStringLiteral("lasso/%1").arg(name))) << name << "lasso";
  QTest::newRow("logreg/breast_cancer_std") << "breast_cancer_std" << "logreg";
}

void TestPeerFixtures::matchesPeers() {
  QFETCH(QString, name);
  QFETCH(QString, model);
  QFile f(test::sourcePath(QStringLiteral("tests/fixtures/%1_%2.json").arg(model, name)));
  QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
  const QJsonObject fx = QJsonDocument::fromJson(f.readAll()).object();

  QString dataPath;
  if (name == QLatin1String("diabetes")) {
    dataPath = test::sourcePath(QStringLiteral("resources/datasets/diabetes.csv"));
  } else {
    LAMBDASCOPE_REQUIRE_SHARED(shared, QStringLiteral("tabular/%1.csv").arg(name));
    dataPath = shared;
  }
  const Dataset data = loadDataset(dataPath.toStdString());
  const Index p = data.features();
  QCOMPARE(p, static_cast<Index>(fx["n_features"].toInt()));
  const Mat X = std::get<Mat>(*data.storage());
  const Vec& y = data.target();

  PathOptions opt;
  for (const auto v : fx["lambdas"].toArray()) opt.lambdas.push_back(v.toDouble());
  ModelSpec spec;
  spec.model = model.toStdString();
  spec.tol = 1e-10;
  NullObserver none;
  const PathResult ours = computePath(data, spec, opt, none);
  QCOMPARE(ours.points.size(), opt.lambdas.size());
  QVERIFY(std::abs(ours.lambdaMax - fx["lambda_max"].toDouble()) <= 1e-12 * ours.lambdaMax);

  const PeerPath sk = readPeer(fx["sklearn"].toObject(), p);
  const PeerPath gl = readPeer(fx["glmnet"].toObject(), p);
  double worstVsBest = 0.0;  // (ours − best peer) / best peer; ≤ 0 where we are better
  int supportMismatches = 0;
  for (std::size_t k = 0; k < opt.lambdas.size(); ++k) {
    const double lambda = opt.lambdas[k];
    const PathPoint& pt = ours.points[k];
    const double mine = objective(model, X, y, pt.denseCoefficients(p), pt.intercept, lambda);
    QVERIFY(std::abs(mine - pt.objective) <= 1e-9 * mine);  // our report is the true objective
    const double objSk = objective(model, X, y, sk.coef[k], sk.intercept[k], lambda);
    const double objGl = objective(model, X, y, gl.coef[k], gl.intercept[k], lambda);
    const double best = std::min(objSk, objGl);
    worstVsBest = std::max(worstVsBest, (mine - best) / best);
    QVERIFY2(mine <= best * (1 + 1e-6),
             qPrintable(QStringLiteral("lambda #%1: ours %2, sklearn %3, glmnet %4")
                            .arg(k).arg(mine, 0, 'g', 17).arg(objSk, 0, 'g', 17).arg(objGl, 0, 'g', 17)));
    // Same support as the peer whose objective is closest to optimal.
    const Vec& bestCoef = objSk <= objGl ? sk.coef[k] : gl.coef[k];
    if (std::abs(mine - best) <= 1e-8 * best && support(X, y, pt.denseCoefficients(p)) != support(X, y, bestCoef))
    {
      ++supportMismatches;
      const auto a = support(X, y, pt.denseCoefficients(p));
      const auto b = support(X, y, bestCoef);
      QString detail;
      for (Index j = 0; j < p; ++j) {
        const bool inA = std::find(a.begin(), a.end(), j) != a.end();
        const bool inB = std::find(b.begin(), b.end(), j) != b.end();
        if (inA != inB)
          detail += QStringLiteral(" j=%1 ours=%2 peer=%3").arg(j).arg(pt.denseCoefficients(p)[j], 0, 'g', 6).arg(bestCoef[j], 0, 'g', 6);
      }
      qInfo("lambda #%zu (%g):%s", k, lambda, qPrintable(detail));
    }
  }
  qInfo("%s: worst (ours - best peer)/best peer = %.3g over %zu lambdas; support mismatches %d",
        qPrintable(name), worstVsBest, opt.lambdas.size(), supportMismatches);
  QCOMPARE(supportMismatches, 0);
}

QTEST_APPLESS_MAIN(TestPeerFixtures)
#include "test_peer_fixtures.moc"
