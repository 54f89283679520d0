// The bad-input table: one row per hostile or degenerate input, for every format (CSV/TSV,
// LIBSVM, .npy/.npz, .mat), for the model and path options, and through the CLI. Each row
// expects either a clear error (DataError / std::invalid_argument naming the file, the place
// and the value) or a correct result — never a crash, a hang or another exception. Rows are
// timed: each must finish within kRowSeconds.
//
// Binary bad files come from tests/robustness/make_bad_binary.py (NumPy/SciPy); text inputs are
// generated here (some are large: a 10 MB line, a header of 10^6 columns).

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <unistd.h>

#include "core/io/dataset_io.hpp"
#include "core/model.hpp"
#include "core/path/regularization_path.hpp"
#include "tests/test_support.hpp"

using namespace lambdascope;

namespace {

constexpr qint64 kRowSeconds = 20;

QString gCli;

QString badBinary(const char* name) {
  return test::sourcePath(QStringLiteral("tests/robustness/bad_binary/") + QLatin1String(name));
}

// Writes `content` to dir/name and returns the path.
QString writeFile(const QTemporaryDir& dir, const QString& name, const std::string& content) {
  const QString path = dir.filePath(name);
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly)) return {};
  f.write(content.data(), static_cast<qint64>(content.size()));
  return path;
}

// A one-array .npy file (format 1.0, '<f8', C order) built by hand.
std::string npyBytes(Index rows, Index cols, const std::vector<double>& rowMajor) {
  std::string header = "{'descr': '<f8', 'fortran_order': False, 'shape': (" +
                       std::to_string(rows) + ", " + std::to_string(cols) + "), }";
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string out("\x93NUMPY\x01\x00", 8);
  out += static_cast<char>(header.size() & 0xFF);
  out += static_cast<char>(header.size() >> 8);
  out += header;
  out.append(reinterpret_cast<const char*>(rowMajor.data()), rowMajor.size() * sizeof(double));
  return out;
}

PathResult fitPath(const Dataset& d, ModelSpec spec = {}, int nLambdas = 20) {
  PathOptions options;
  options.nLambdas = nLambdas;
  NullObserver observer;
  return computePath(d, spec, options, observer);
}

bool allCertified(const PathResult& r) {
  for (const auto& p : r.points)
    if (!p.certified() || !std::isfinite(p.objective)) return false;
  return !r.points.empty();
}

// One row of the load table: `make` returns the path to load (writing it under dir if needed);
// `error` is a substring of the DataError message (empty: the file must load and `check` runs).
struct LoadCase {
  const char* name;
  std::function<QString(const QTemporaryDir&)> make;
  const char* error = "";
  std::function<void(const Dataset&)> check = {};
  std::function<void(LoadOptions&)> options = {};
};

std::string repeatRow(const std::string& row, int times) {
  std::string s;
  s.reserve(row.size() * static_cast<std::size_t>(times));
  for (int k = 0; k < times; ++k) s += row;
  return s;
}

std::vector<LoadCase> loadCases() {
  using D = const QTemporaryDir&;
  const auto text = [](const char* name, std::string content) {
    return [name, content](D dir) { return writeFile(dir, QString::fromLatin1(name), content); };
  };
  const auto file = [](const char* name) { return [name](D) { return badBinary(name); }; };
  std::vector<LoadCase> c = {
      // ---- CSV / TSV: structure.
      {"csv/empty file", text("empty.csv", ""), "empty file: no header row"},
      {"csv/ragged row", text("ragged.csv", "a,b,y\n1,2,3\n4,5\n"), ":3: ragged row: expected 3 fields"},
      {"csv/header only", text("header.csv", "a,y\n"), "no data rows"},
      {"csv/p = 0 (target only)", text("p0.csv", "y\n1\n2\n"), "only one column 'y'"},
      {"csv/n = 1 (target cannot vary)", text("n1.csv", "a,b,y\n1,2,3\n"),
       "target column 'y' has no variance (all 1 values are 3)"},
      {"tsv/NaN", text("nan.tsv", "a\tb\ty\n1\t2\t3\n4\tNaN\t6\n"), ":3:2: NaN value 'NaN' in column 'b'"},
      {"csv/+Inf", text("inf.csv", "a,y\n1,2\ninf,3\n"), ":3:1: infinite value 'inf' in column 'a'"},
      {"csv/1e999 overflows", text("big.csv", "a,y\n1e999,2\n1,3\n"), "beyond the range of a double"},
      {"csv/non-UTF-8 value", text("latin1.csv", "a,y\n\xE9t\xE9,1\n2,3\n"),
       ":2:1: non-numeric value '\\xE9t\\xE9' in column 'a'"},
      {"csv/non-UTF-8 header name loads", text("latin1_header.csv", "caf\xE9,y\n1,2\n3,4\n"), "",
       [](const Dataset& d) { QCOMPARE(d.featureNames().front(), std::string("caf\xE9")); }},
      {"csv/UTF-16", text("utf16.csv", std::string("\xFF\xFE" "a\0,\0y\0", 8)), "UTF-16 encoded"},
      {"csv/NUL bytes", text("nul.csv", std::string("a,y\n1,\0\n", 8)), ":2:2: non-numeric value '\\x00'"},
      {"csv/line of 10 MB", text("long_line.csv", "a,y\n" + std::string(10'000'000, '7') + "x,1\n2,3\n"),
       ":2:1: non-numeric value '7777"},
      {"csv/10 MB number loads (it overflows)",
       text("long_number.csv", "a,y\n" + std::string(10'000'000, '9') + ",1\n2,3\n"),
       "beyond the range of a double"},
      {"csv/header of 10^6 columns, no rows",
       text("wide_header.csv", repeatRow("c,", 1) + [] {
         std::string s;
         for (int j = 0; j < 1'000'000; ++j) s.append("x").append(std::to_string(j)).append(",");
         return s + "y\n";
       }()),
       "no data rows"},
      {"csv/10^6 columns, 2 rows (p >> n) loads sparse",
       text("wide.csv", [] {
         std::string h, r1, r2;
         for (int j = 0; j < 1'000'000; ++j) {
           h.append("x").append(std::to_string(j)).append(",");  // not "x" + …: GCC 12 false -Wrestrict
           r1 += j % 1000 == 0 ? "1," : "0,";
           r2 += j % 1000 == 1 ? "2," : "0,";
         }
         return h + "y\n" + r1 + "1\n" + r2 + "2\n";
       }()),
       "",
       [](const Dataset& d) {
         QCOMPARE(d.features(), Index{1'000'000});
         QCOMPARE(d.samples(), Index{2});
         QCOMPARE(d.storageKind(), StorageKind::Sparse);
       }},
      {"csv/ragged 10^6-column row", text("wide_ragged.csv", "a,b,y\n" + repeatRow("1,", 1'000'000) + "1\n"),
       "ragged row: expected 3 fields (as in the header), found 1000001"},
      // ---- Files that are not files.
      {"file/directory", [](D dir) { return dir.path(); }, "is a directory, not a data file"},
      {"file/missing", [](D dir) { return dir.filePath(QStringLiteral("gone.csv")); }, "file not found"},
      {"file/missing .npz", [](D dir) { return dir.filePath(QStringLiteral("gone.npz")); }, "file not found"},
      {"file/missing .mat", [](D dir) { return dir.filePath(QStringLiteral("gone.mat")); }, "file not found"},
      {"file/directory named .mat", [](D dir) {
         QDir(dir.path()).mkdir(QStringLiteral("d.mat"));
         return dir.filePath(QStringLiteral("d.mat"));
       }, "is a directory"},
      // ---- LIBSVM.
      {"libsvm/empty", text("e.libsvm", ""), "empty file: no data lines"},
      {"libsvm/index overflows 64 bits", text("o.libsvm", "1 1:1 99999999999999999999999:2\n2 1:3\n"),
       ":1:3: feature index '99999999999999999999999' is too large"},
      {"libsvm/index 2^31", text("o31.libsvm", "1 2147483648:1\n2 1:3\n"), "is too large"},
      {"libsvm/index 2^31 - 1 in a tiny file", text("o30.libsvm", "1 2147483647:1\n2 1:3\n"),
       "implausibly large"},
      {"libsvm/negative index", text("neg.libsvm", "1 -3:1\n2 1:3\n"), "negative feature index '-3'"},
      {"libsvm/NaN value", text("nan.libsvm", "1 1:nan\n2 1:3\n"), ":1:2: NaN value 'nan' for feature 1"},
      {"libsvm/non-UTF-8", text("bin.libsvm", "1 1:\xFF\xFE\n2 1:3\n"), "non-numeric value '\\xFF\\xFE'"},
      // ---- NumPy.
      {"npz/truncated", file("truncated.npz"), ""},  // message checked below: any DataError
      {"npz/not a zip", file("not_a_zip.npz"), ""},
      {"npz/no y", file("no_y.npz"), "no array 'y' for the target (the archive holds keys 'X')"},
      {"npz/no X", file("no_X.npz"), "no array 'X' (the archive holds keys 'features', 'y')"},
      {"npz/y of the wrong length", file("y_wrong_length.npz"), "y has 5 values but X has 6 rows"},
      {"npz/3-D X", file("X_3d.npz"), "'X' has shape (6, 3, 1): expected a 2-D array"},
      {"npz/strings in X", file("X_strings.npz"), "'X' holds strings"},
      {"npz/NaN in X", file("X_nan.npz"), "NaN value nan in X at row 3, column 2 (1-based)"},
      {"npz/-Inf in y", file("y_inf.npz"), "infinite value -inf in y at element 5 (1-based)"},
      {"npz/n = 0", file("X_no_rows.npz"), "X has no rows"},
      {"npz/p = 0", file("X_no_columns.npz"), "X has no columns"},
      {"npz/feature names of the wrong count", file("names_wrong_count.npz"), "2 feature names for 3 columns"},
      {"npz/sparse, decreasing indptr", file("sparse_bad_indptr.npz"), "'X_indptr' decreases"},
      {"npz/sparse, index out of range", file("sparse_index_out_of_range.npz"),
       "'X_indices'[1] = 9"},
      {"npz/constant y", file("constant_y.npz"), "y has no variance (all 6 values are 1)"},
      {"npy/1-D", file("npy_1d.npy"), "a single .npy dataset is a 2-D array"},
      {"npy/one column (p = 0)", file("npy_one_column.npy"), "a single .npy dataset is a 2-D array"},
      {"npy/truncated", file("npy_truncated.npy"), "truncated data"},
      {"npy/object (pickle)", file("npy_object.npy"), "object arrays (dtype '|O', Python pickles) are refused"},
      {"npy/complex", file("npy_complex.npy"), "complex"},
      {"npy/Inf", file("npy_inf.npy"), "infinite value inf in X (columns 1 to p) at row 2, column 1"},
      {"npy/huge shape, few bytes",
       text("huge.npy", npyBytes(Index{1} << 40, Index{1} << 20, {1.0, 2.0})), ""},
      // ---- MATLAB.
      {"mat/empty file", file("mat_empty.mat"), "empty file: not a MATLAB .mat file"},
      {"mat/text", file("mat_text.mat"), ""},
      {"mat/no X", file("mat_no_X.mat"), "no variable 'X' in the file (it holds variables 'A', 'y')"},
      {"mat/X is a cell array", file("mat_X_cell.mat"), "variable 'X' is a cell array"},
      {"mat/X is text", file("mat_X_char.mat"), "variable 'X' is a char array"},
      {"mat/X is a struct", file("mat_X_struct.mat"), "variable 'X' is a struct"},
      {"mat/complex X", file("mat_X_complex.mat"), "variable 'X' is complex"},
      {"mat/3-D X", file("mat_X_3d.mat"), "variable 'X' has 3 dimensions (3 x 2 x 3)"},
      {"mat/y is a matrix", file("mat_y_matrix.mat"), "variable 'y' is a 6 x 2 matrix"},
      {"mat/y of the wrong length", file("mat_y_wrong_length.mat"), "y has 4 values but X has 6 rows"},
      {"mat/NaN in X", file("mat_X_nan.mat"), "NaN value nan in X at row 3, column 2 (1-based)"},
      {"mat/truncated (matio alone returns zeros)", file("mat_truncated.mat"),
       "damaged MATLAB file, truncated: variable 2 claims 96 bytes but the file ends 56 bytes later"},
      {"mat/truncated, compressed", file("mat_truncated_compressed.mat"), "truncated: variable 2 claims"},
      {"mat/truncated, level 4", file("mat_v4_truncated.mat"), "truncated: variable 2 claims"},
      // Found by fuzz_mat: dimensions inside a compressed stream (6e8 elements in a 6 x 3 array)
      // made matio calloc gigabytes; the layout walk now inflates compressed variables too.
      {"mat/compressed, forged dimensions", file("mat_compressed_forged_dims.mat"),
       "variable 1 (compressed) is inconsistent: an array claims 600000000 elements in"},
      {"mat/compressed, damaged stream", file("mat_compressed_damaged_stream.mat"),
       "damaged MATLAB file, variable 1 is a damaged compressed stream"},
      // Found by fuzz_mat: a swapped type whose M digit says little-endian; matio then reads the
      // other fields unswapped (a 256 MB name), the layout walk must too.
      {"mat/level 4, swapped type, little-endian fields",
       [](D) { return test::sourcePath(QStringLiteral("tests/fuzz/regressions/mat/v4_swapped_type_256MB_name_timeout.mat")); },
       "damaged MATLAB file, truncated: variable 2 claims 6755399709491200 bytes but the file ends 421 bytes later"},
      // Found by fuzz_mat: a 117 440 520 × 0 char matrix of names (no bytes) made 3 GB of empty names.
      {"mat/feature_names with 10^8 empty rows",
       [](D) { return test::sourcePath(QStringLiteral("tests/fuzz/regressions/mat/feature_names_117M_rows_0_cols_3GB.mat")); },
       "117440520 feature names for 8 columns of X"},
      {"mat/truncated header", file("mat_truncated_header.mat"), ""},
  };
  return c;
}

// Files the table expects to fail without a fixed message: any one-line DataError will do.
bool anyErrorRow(const LoadCase& c) {
  const std::string n = c.name;
  return n == "npz/truncated" || n == "npz/not a zip" || n == "mat/text" ||
         n == "mat/truncated header" || n == "npy/huge shape, few bytes";
}

// One row of the options table: a spec/path option that must be refused by name and value.
struct OptionCase {
  const char* name;
  std::function<void(ModelSpec&, PathOptions&)> set;
  const char* error;
};

const OptionCase kOptionCases[] = {
    {"tol = 0", [](ModelSpec& s, PathOptions&) { s.tol = 0.0; }, "tol must be a positive number, got 0"},
    {"tol < 0", [](ModelSpec& s, PathOptions&) { s.tol = -1e-3; }, "tol must be a positive number, got -0.001"},
    {"tol = NaN", [](ModelSpec& s, PathOptions&) { s.tol = std::nan(""); }, "tol must be a positive number"},
    {"tol = Inf", [](ModelSpec& s, PathOptions&) { s.tol = HUGE_VAL; }, "tol must be a positive number"},
    {"lambda = 0", [](ModelSpec&, PathOptions& o) { o.lambdas = {0.1, 0.0}; },
     "lambda #2 must be a positive finite number, got 0"},
    {"lambda < 0", [](ModelSpec&, PathOptions& o) { o.lambdas = {-1.0}; },
     "lambda #1 must be a positive finite number, got -1"},
    {"lambda = NaN", [](ModelSpec&, PathOptions& o) { o.lambdas = {std::nan("")}; },
     "lambda #1 must be a positive finite number"},
    {"lambda = Inf", [](ModelSpec&, PathOptions& o) { o.lambdas = {HUGE_VAL}; },
     "lambda #1 must be a positive finite number"},
    {"0 lambdas", [](ModelSpec&, PathOptions& o) { o.nLambdas = 0; }, "the number of lambdas must be at least 1"},
    {"lambda-min-ratio = 0", [](ModelSpec&, PathOptions& o) { o.lambdaMinRatio = 0.0; },
     "lambda-min-ratio must be in (0, 1], got 0"},
    {"lambda-min-ratio > 1", [](ModelSpec&, PathOptions& o) { o.lambdaMinRatio = 2.0; },
     "lambda-min-ratio must be in (0, 1], got 2"},
    {"max epochs = 0", [](ModelSpec& s, PathOptions&) { s.maxEpochs = 0; }, "max epochs must be at least 1"},
    {"enet l1-ratio = 0", [](ModelSpec& s, PathOptions&) { s.model = "enet"; s.l1Ratio = 0.0; },
     "l1-ratio must be in (0, 1]"},
    {"mcp gamma = 1", [](ModelSpec& s, PathOptions&) { s.model = "mcp"; s.gamma = 1.0; }, "gamma must be > 1"},
    {"negative sample weight", [](ModelSpec& s, PathOptions&) { s.sampleWeights.assign(442, 1.0); s.sampleWeights[7] = -1; },
     "sample weight #8 must be a finite number > 0, got -1"},
    {"unknown model", [](ModelSpec& s, PathOptions&) { s.model = "lasso2"; }, "lasso2"},
};

// One CLI row: arguments (with @DATA@ replaced by a data file) and what stderr must say.
struct CliCase {
  const char* name;
  QStringList args;
  const char* data;  // file under tests/robustness/bad_binary, "bundled", or a temp-file key
  const char* error;
};

}  // namespace

class TestBadInputs : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase();
  void load_data();
  void load();
  void options_data();
  void options();
  void constantColumnStandardized();
  void duplicatedColumnsConverge();
  void pMuchLargerThanN();
  void twoSamples();
  void fileRemovedWhileLoading();
  void fileTruncatedWhileLoading();
  void cancelledLoad();
  void cli_data();
  void cli();

 private:
  QTemporaryDir dir_;
  std::vector<LoadCase> cases_;
};

void TestBadInputs::initTestCase() {
  QVERIFY(dir_.isValid());
  cases_ = loadCases();
}

void TestBadInputs::load_data() {
  QTest::addColumn<int>("row");
  for (std::size_t k = 0; k < cases_.size(); ++k)
    QTest::newRow(cases_[k].name) << static_cast<int>(k);
}

void TestBadInputs::load() {
  QFETCH(int, row);
  const LoadCase& c = cases_[static_cast<std::size_t>(row)];
  const QString path = c.make(dir_);
  QVERIFY(!path.isEmpty());
  LoadOptions options;
  if (c.options) c.options(options);
  QElapsedTimer timer;
  timer.start();
  const bool expectError = *c.error != '\0' || anyErrorRow(c);
  try {
    const Dataset d = loadDataset(path.toStdString(), options);
    QVERIFY2(!expectError, qPrintable(QStringLiteral("loaded, but expected: %1").arg(QLatin1String(c.error))));
    QVERIFY(d.target().allFinite());
    QVERIFY(test::denseFeatures(d).allFinite() || d.features() > 100000);
    if (c.check) c.check(d);
  } catch (const DataError& e) {
    const std::string what = e.what();
    QVERIFY2(expectError, e.what());
    QVERIFY2(what.find(c.error) != std::string::npos, e.what());
    QVERIFY2(what.rfind(path.toStdString(), 0) == 0, e.what());  // names the file first
    QVERIFY2(what.find('\n') == std::string::npos, e.what());
    QVERIFY2(what.size() < 600, e.what());
  }
  QVERIFY2(timer.elapsed() < kRowSeconds * 1000,
           qPrintable(QStringLiteral("took %1 ms").arg(timer.elapsed())));
}

void TestBadInputs::options_data() {
  QTest::addColumn<int>("row");
  for (std::size_t k = 0; k < std::size(kOptionCases); ++k)
    QTest::newRow(kOptionCases[k].name) << static_cast<int>(k);
}

void TestBadInputs::options() {
  QFETCH(int, row);
  const OptionCase& c = kOptionCases[row];
  ModelSpec spec;
  PathOptions popt;
  popt.nLambdas = 5;
  c.set(spec, popt);
  const Dataset d = test::bundledDiabetes();
  NullObserver observer;
  try {
    computePath(d, spec, popt, observer);
    QFAIL("an invalid option was accepted");
  } catch (const std::invalid_argument& e) {
    QVERIFY2(std::string(e.what()).find(c.error) != std::string::npos, e.what());
  }
}

void TestBadInputs::constantColumnStandardized() {
  // A constant column must not divide by its zero standard deviation: it stays at zero, and the
  // path equals the path without it.
  const Dataset base = test::bundledDiabetes();
  Mat X = test::denseFeatures(base);
  Mat Xc(X.rows(), X.cols() + 1);
  Xc << X.leftCols(3), Mat::Constant(X.rows(), 1, 7.5), X.rightCols(X.cols() - 3);
  const Dataset withConstant(Xc, base.target(), {}, "y");
  for (const bool standardize : {false, true}) {
    ModelSpec spec;
    spec.preprocessing.standardize = standardize;
    const PathResult a = fitPath(base, spec), b = fitPath(withConstant, spec);
    QVERIFY(allCertified(b));
    QCOMPARE(a.points.size(), b.points.size());
    for (std::size_t k = 0; k < a.points.size(); ++k) {
      const Vec wb = b.points[k].denseCoefficients(Xc.cols());
      QCOMPARE(wb[3], 0.0);
      QVERIFY(wb.allFinite());
      QVERIFY(std::abs(a.points[k].objective - b.points[k].objective) <=
              1e-6 * std::abs(a.points[k].objective) + 1e-12);
    }
  }
}

void TestBadInputs::duplicatedColumnsConverge() {
  // Duplicated columns make the Lasso solution non-unique, not the optimum: every λ must be
  // certified and reach the objective of the path without the duplicates; the split between
  // the copies is free, their sum is the single column's coefficient.
  const Dataset base = test::bundledDiabetes();
  const Mat X = test::denseFeatures(base);
  Mat Xd(X.rows(), X.cols() + 3);
  Xd << X, X.col(2), X.col(8), X.col(2);
  const Dataset dup(Xd, base.target(), {}, "y");
  for (const char* solver : {"auto", "cd", "ws-cd", "fista"}) {
    ModelSpec spec;
    spec.solver = solver;
    spec.maxEpochs = 200000;
    const PathResult a = fitPath(base, spec), b = fitPath(dup, spec);
    QVERIFY2(allCertified(b), solver);
    for (std::size_t k = 0; k < a.points.size(); ++k) {
      const double gap = std::abs(a.points[k].objective - b.points[k].objective);
      QVERIFY2(gap <= 2e-6 * a.points[k].objective, qPrintable(QStringLiteral("%1: λ #%2 objective differs by %3")
                                                             .arg(QLatin1String(solver)).arg(k).arg(gap)));
    }
  }
}

void TestBadInputs::pMuchLargerThanN() {
  // 20 samples, 3000 features (the leukemia shape in miniature): a sparse solution, certified.
  const Dataset d = test::correlatedSynthetic(20, 3000, 0.5);
  const PathResult r = fitPath(d, {}, 30);
  QVERIFY(allCertified(r));
  QVERIFY(r.points.back().support.size() <= 20u);  // at most n non-zeros at a Lasso vertex
}

void TestBadInputs::twoSamples() {
  // n = 2 is the smallest dataset that loads (n = 1 cannot have a varying target): the path must
  // run, with the intercept absorbing the mean.
  const QString path = writeFile(dir_, QStringLiteral("n2.csv"), "a,b,y\n1,5,1\n3,2,2\n");
  const Dataset d = loadDataset(path.toStdString());
  QCOMPARE(d.samples(), Index{2});
  QVERIFY(allCertified(fitPath(d, {}, 10)));
}

void TestBadInputs::fileRemovedWhileLoading() {
  // The file is unlinked after its first slice was read: the open descriptor keeps the content,
  // so the load completes and equals the load of an untouched copy.
  std::string content = "a,b,y\n";
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> u(-1, 1);
  while (content.size() < (std::size_t{20} << 20))
    content += std::to_string(u(rng)) + "," + std::to_string(u(rng)) + "," + std::to_string(u(rng)) + "\n";
  const QString path = writeFile(dir_, QStringLiteral("vanishing.csv"), content);
  const Dataset ref = parseDataset(content, "ref.csv");
  bool removed = false;
  LoadControl control;
  control.progress = [&](std::uint64_t done, std::uint64_t) {
    if (!removed && done > 0) removed = ::unlink(path.toLocal8Bit().constData()) == 0;
  };
  const Dataset d = loadDataset(path.toStdString(), {}, control);
  QVERIFY(removed);
  QVERIFY(!QFile::exists(path));
  QCOMPARE(d.samples(), ref.samples());
  QVERIFY(test::denseFeatures(d) == test::denseFeatures(ref));
  try {  // and once it is gone, a clear message
    loadDataset(path.toStdString());
    QFAIL("a removed file loaded");
  } catch (const DataError& e) {
    QVERIFY2(std::string(e.what()).find("file not found") != std::string::npos, e.what());
  }
}

void TestBadInputs::fileTruncatedWhileLoading() {
  // Another program truncates the file while it is read: the load ends with what was read
  // (a correct dataset of whole rows), a DataError at the cut line, or one saying that the file
  // changed between the two passes — never garbage or a crash.
  std::string content = "a,b,y\n";
  int rows = 0;
  while (content.size() < (std::size_t{20} << 20)) {
    content += std::to_string(rows % 7) + "," + std::to_string(rows % 11) + "," + std::to_string(rows % 5) + "\n";
    ++rows;
  }
  const QString path = writeFile(dir_, QStringLiteral("shrinking.csv"), content);
  bool cut = false;
  LoadControl control;
  control.progress = [&](std::uint64_t done, std::uint64_t) {
    if (!cut && done > 0) cut = ::truncate(path.toLocal8Bit().constData(), 1000) == 0;
  };
  try {
    const Dataset d = loadDataset(path.toStdString(), {}, control);
    QVERIFY(d.samples() < rows);
    QVERIFY(test::denseFeatures(d).allFinite());
  } catch (const DataError& e) {
    QVERIFY2(std::string(e.what()).find("ragged row") != std::string::npos ||
                 std::string(e.what()).find("empty value") != std::string::npos ||
                 std::string(e.what()).find("changed while it was being read") != std::string::npos,
             e.what());
  }
  QVERIFY(cut);
}

void TestBadInputs::cancelledLoad() {
  // A cancel request stops a large parse within a few thousand lines.
  std::string content = "a,b,y\n";
  while (content.size() < (std::size_t{30} << 20)) content += "1.5,2.25,3\n4,5,6.125\n";
  std::atomic<bool> cancel{false};
  LoadControl control;
  control.cancel = &cancel;
  std::uint64_t seen = 0;
  control.progress = [&](std::uint64_t done, std::uint64_t total) {
    QVERIFY(done <= total);
    seen = done;
    if (done > total / 2 + total / 10) cancel = true;  // a tenth into the parse
  };
  QElapsedTimer timer;
  timer.start();
  QVERIFY_THROWS_EXCEPTION(LoadCancelled, parseDataset(content, "big.csv", {}, control));
  QVERIFY(seen < content.size() * 2);
  QVERIFY(timer.elapsed() < 10000);
}

void TestBadInputs::cli_data() {
  QTest::addColumn<QStringList>("args");
  QTest::addColumn<QString>("error");
  const QString diabetes = test::sourcePath(QStringLiteral("resources/datasets/diabetes.csv"));
  const QString npz = test::sourcePath(QStringLiteral("tests/fixtures/formats/diabetes.npz"));
  QTest::newRow("tol = 0") << QStringList{"path", "--data", diabetes, "--tol", "0"}
                           << "tol must be a positive number, got 0";
  QTest::newRow("tol = -1") << QStringList{"path", "--data", diabetes, "--tol", "-1"}
                            << "tol must be a positive number, got -1";
  QTest::newRow("lambda = 0") << QStringList{"path", "--data", diabetes, "--lambdas", "1,0"}
                              << "lambda #2 must be a positive finite number, got 0";
  QTest::newRow("lambda < 0") << QStringList{"solve", "--data", diabetes, "--lambda", "-2"} << "lambda";
  QTest::newRow("directory") << QStringList{"path", "--data", dir_.path()} << "is a directory, not a data file";
  QTest::newRow("npz NaN") << QStringList{"path", "--data", badBinary("X_nan.npz")}
                           << "NaN value nan in X at row 3, column 2";
  QTest::newRow("mat complex") << QStringList{"path", "--data", badBinary("mat_X_complex.mat")}
                               << "variable 'X' is complex";
  QTest::newRow("truncated npz") << QStringList{"info", "--data", badBinary("truncated.npz")} << "truncated.npz";
  QTest::newRow("npz target key") << QStringList{"path", "--data", npz, "--target", "nope"}
                                  << "no array 'nope' for the target";
  QTest::newRow("LIBSVM index overflow")
      << QStringList{"path", "--data", writeFile(dir_, QStringLiteral("ovf.libsvm"), "1 1:1 18446744073709551616:2\n2 1:3\n")}
      << "is too large";
  QTest::newRow("npz works") << QStringList{"path", "--data", npz, "--n-lambdas", "5"} << "";
  QTest::newRow("mat works") << QStringList{"path", "--data",
                                            test::sourcePath(QStringLiteral("tests/fixtures/formats/prostate_sparse.mat")),
                                            "--n-lambdas", "5"}
                             << "";
}

void TestBadInputs::cli() {
  QFETCH(QStringList, args);
  QFETCH(QString, error);
  const test::CliRun run = test::runProgram(gCli, args, 60000);
  QVERIFY2(run.exitCode != -1, "crashed or timed out");
  if (error.isEmpty()) {
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY(run.out.contains("\"lambda\""));
    return;
  }
  QCOMPARE(run.exitCode, 2);
  QVERIFY2(run.err.contains(error.toUtf8()), run.err.constData());
  QVERIFY2(run.err.count('\n') == 1, run.err.constData());  // one line
}

int main(int argc, char** argv) {
  TestBadInputs test;
  return test::cliTestMain(test, gCli, argc, argv);
}
#include "test_bad_inputs.moc"
