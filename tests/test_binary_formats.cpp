// NumPy .npy/.npz and MATLAB .mat datasets: fixtures written by NumPy/SciPy from real data
// (tests/fixtures/make_format_fixtures.py) must load bit-for-bit as the CSV file does; v7.3
// (HDF5) files, which SciPy cannot write, are written here with matio's own writer.

#include <matio.h>

#include <QTemporaryDir>
#include <QtTest>
#include <cstring>
#include <string>
#include <vector>

#include "core/io/dataset_io.hpp"
#include "core/io/npy.hpp"
#include "tests/test_support.hpp"

using namespace lambdascope;

namespace {

std::string fixture(const QString& name) {
  return test::sourcePath(QStringLiteral("tests/fixtures/formats/") + name).toStdString();
}

bool sameBits(const Mat& a, const Mat& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.data(), b.data(), sizeof(double) * static_cast<std::size_t>(a.size())) == 0;
}

// The CSV reference: the shared real data when present, else the bundled copy of diabetes.
Dataset csvReference(const QString& name) {
  const QString shared = test::sharedDataPath(QStringLiteral("tabular/%1.csv").arg(name));
  if (!shared.isEmpty()) return loadDataset(shared.toStdString());
  if (name == QLatin1String("diabetes")) return test::bundledDiabetes();
  return {};
}

void writeMat73(const std::string& path, const Dataset& d, bool sparse) {
  mat_t* mat = Mat_CreateVer(path.c_str(), nullptr, MAT_FT_MAT73);
  QVERIFY(mat != nullptr);
  Mat X = test::denseFeatures(d);
  size_t dims[2] = {static_cast<size_t>(X.rows()), static_cast<size_t>(X.cols())};
  matvar_t* x = nullptr;
  SpMat S;
  std::vector<mat_uint32_t> ir, jc;
  mat_sparse_t sp{};
  if (!sparse) {
    x = Mat_VarCreate("X", MAT_C_DOUBLE, MAT_T_DOUBLE, 2, dims, X.data(), MAT_F_DONT_COPY_DATA);
  } else {
    S = X.sparseView();
    S.makeCompressed();
    ir.assign(S.innerIndexPtr(), S.innerIndexPtr() + S.nonZeros());
    jc.assign(S.outerIndexPtr(), S.outerIndexPtr() + S.cols() + 1);
    sp.nzmax = static_cast<mat_uint32_t>(S.nonZeros());
    sp.ir = ir.data();
    sp.nir = static_cast<mat_uint32_t>(ir.size());
    sp.jc = jc.data();
    sp.njc = static_cast<mat_uint32_t>(jc.size());
    sp.ndata = static_cast<mat_uint32_t>(S.nonZeros());
    sp.data = S.valuePtr();
    x = Mat_VarCreate("X", MAT_C_SPARSE, MAT_T_DOUBLE, 2, dims, &sp, MAT_F_DONT_COPY_DATA);
  }
  Vec y = d.target();
  size_t ydims[2] = {static_cast<size_t>(y.size()), 1};
  matvar_t* yv = Mat_VarCreate("y", MAT_C_DOUBLE, MAT_T_DOUBLE, 2, ydims, y.data(), MAT_F_DONT_COPY_DATA);
  QCOMPARE(Mat_VarWrite(mat, x, MAT_COMPRESSION_NONE), 0);
  QCOMPARE(Mat_VarWrite(mat, yv, MAT_COMPRESSION_NONE), 0);
  Mat_VarFree(x);
  Mat_VarFree(yv);
  Mat_Close(mat);
}

}  // namespace

class TestBinaryFormats : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void formatFromExtension();
  void sameAsCsv_data();
  void sameAsCsv();
  void matlab73WrittenByMatio_data();
  void matlab73WrittenByMatio();
  void storageFollowsOptions();
  void targetByName();
  void parseFromMemory();
};

void TestBinaryFormats::formatFromExtension() {
  QCOMPARE(formatFromPath("a/b.npy"), FileFormat::Npy);
  QCOMPARE(formatFromPath("b.NPZ"), FileFormat::Npz);
  QCOMPARE(formatFromPath("c.mat"), FileFormat::Matlab);
}

void TestBinaryFormats::sameAsCsv_data() {
  QTest::addColumn<QString>("file");
  QTest::addColumn<QString>("csv");
  QTest::addColumn<bool>("sparse");  // the file stores X sparse (kept sparse)
  QTest::addColumn<bool>("names");   // the file carries feature names
  QTest::newRow("npz/diabetes, C order, names") << "diabetes.npz" << "diabetes" << false << true;
  QTest::newRow("npz/diabetes, Fortran order, compressed, y (n,1)")
      << "diabetes_fortran_compressed.npz" << "diabetes" << false << false;
  QTest::newRow("npz/prostate, scipy CSC keys") << "prostate_sparse.npz" << "prostate" << true << false;
  QTest::newRow("npz/prostate, scipy CSR keys") << "prostate_sparse_csr.npz" << "prostate" << true << false;
  QTest::newRow("npy/prostate, one array, target last") << "prostate.npy" << "prostate" << false << false;
  QTest::newRow("npy/prostate, X and y pair (open X)") << "prostate_X.npy" << "prostate" << false << false;
  QTest::newRow("npy/prostate, X and y pair (open y)") << "prostate_y.npy" << "prostate" << false << false;
  QTest::newRow("mat/diabetes, v5 compressed, cell names") << "diabetes.mat" << "diabetes" << false << true;
  QTest::newRow("mat/prostate, v5 sparse, char-matrix names") << "prostate_sparse.mat" << "prostate" << true << true;
  QTest::newRow("mat/prostate, level 4") << "prostate_v4.mat" << "prostate" << false << false;
}

void TestBinaryFormats::sameAsCsv() {
  QFETCH(QString, file);
  QFETCH(QString, csv);
  QFETCH(bool, sparse);
  QFETCH(bool, names);
  const Dataset ref = csvReference(csv);
  if (ref.samples() == 0) QSKIP("../shared/data is absent: no CSV reference for this fixture");
  LoadOptions options;
  options.storage = StorageChoice::Auto;
  options.sparseDensityThreshold = sparse ? 1.0 : 0.0;  // keep what the file holds
  const Dataset d = loadDataset(fixture(file), options);
  QCOMPARE(d.storageKind(), sparse ? StorageKind::Sparse : StorageKind::Dense);
  QCOMPARE(d.samples(), ref.samples());
  QCOMPARE(d.features(), ref.features());
  QVERIFY(sameBits(test::denseFeatures(d), test::denseFeatures(ref)));
  QVERIFY(sameBits(Mat(d.target()), Mat(ref.target())));
  QCOMPARE(d.targetName(), std::string("y"));
  if (names) QCOMPARE(d.featureNames(), ref.featureNames());
}

void TestBinaryFormats::matlab73WrittenByMatio_data() {
  QTest::addColumn<bool>("sparse");
  QTest::newRow("dense") << false;
  QTest::newRow("sparse") << true;
}

void TestBinaryFormats::matlab73WrittenByMatio() {
  QFETCH(bool, sparse);
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const std::string path = dir.filePath(QStringLiteral("diabetes73.mat")).toStdString();
  const Dataset ref = test::bundledDiabetes();
  writeMat73(path, ref, sparse);
  if (QTest::currentTestFailed()) return;
  QFile head(QString::fromStdString(path));
  QVERIFY(head.open(QIODevice::ReadOnly));
  QVERIFY(head.read(512 + 8).mid(512, 8) == QByteArray("\x89HDF\r\n\x1a\n", 8));  // really HDF5
  LoadOptions options;
  options.storage = sparse ? StorageChoice::Sparse : StorageChoice::Dense;
  const Dataset d = loadDataset(path, options);
  QVERIFY(sameBits(test::denseFeatures(d), test::denseFeatures(ref)));
  QVERIFY(sameBits(Mat(d.target()), Mat(ref.target())));
}

void TestBinaryFormats::storageFollowsOptions() {
  LoadOptions options;
  options.storage = StorageChoice::Sparse;
  QCOMPARE(loadDataset(fixture(QStringLiteral("diabetes.npz")), options).storageKind(), StorageKind::Sparse);
  options.storage = StorageChoice::Dense;
  QCOMPARE(loadDataset(fixture(QStringLiteral("prostate_sparse.mat")), options).storageKind(), StorageKind::Dense);
}

void TestBinaryFormats::targetByName() {
  // Another key / variable as the target: X's first column is not a target, but any numeric
  // vector of n values is accepted; an unknown name lists what the file holds.
  LoadOptions options;
  options.targetColumn = "nope";
  for (const char* f : {"diabetes.npz", "diabetes.mat"}) {
    try {
      loadDataset(fixture(QString::fromLatin1(f)), options);
      QFAIL("an unknown target loaded");
    } catch (const DataError& e) {
      QVERIFY2(std::string(e.what()).find("'nope'") != std::string::npos, e.what());
      QVERIFY2(std::string(e.what()).find("'X'") != std::string::npos, e.what());
    }
  }
}

void TestBinaryFormats::parseFromMemory() {
  QFile f(QString::fromStdString(fixture(QStringLiteral("diabetes.npz"))));
  QVERIFY(f.open(QIODevice::ReadOnly));
  const QByteArray bytes = f.readAll();
  const Dataset d = parseDataset(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())),
                                 "diabetes.npz");
  QVERIFY(sameBits(test::denseFeatures(d), test::denseFeatures(test::bundledDiabetes())));
  try {
    parseDataset("MATLAB 5.0", "x.mat");
    QFAIL("a .mat file parsed from memory");
  } catch (const DataError& e) {
    QVERIFY(std::string(e.what()).find("read from disk only") != std::string::npos);
  }
}

QTEST_GUILESS_MAIN(TestBinaryFormats)
#include "test_binary_formats.moc"
