// CSV/TSV and LIBSVM loading: good files, every malformed-input case, and the shared real data
// (each set stored as CSV and as LIBSVM must parse to bit-identical numbers).

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "core/io/dataset_io.hpp"
#include "tests/test_support.hpp"

using namespace lambdascope;

Q_DECLARE_METATYPE(lambdascope::FileFormat)

namespace {

QString dataPath(const QString& relative) {
  return test::sourcePath(QStringLiteral("tests/data/") + relative);
}

std::string dataFile(const char* relative) {
  return dataPath(QString::fromUtf8(relative)).toStdString();
}

bool sameBits(const Mat& a, const Mat& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.data(), b.data(), sizeof(double) * static_cast<std::size_t>(a.size())) == 0;
}

bool sameBits(const Vec& a, const Vec& b) {
  return a.size() == b.size() &&
         std::memcmp(a.data(), b.data(), sizeof(double) * static_cast<std::size_t>(a.size())) == 0;
}

// The what() a DataError must carry: "file:line:column: reason", empty parts omitted.
std::string expectedWhat(const DataError& e) {
  std::string s = e.file();
  if (e.line() > 0) {
    s += ':' + std::to_string(e.line());
    if (e.column() > 0) s += ':' + std::to_string(e.column());
  }
  return s + ": " + e.reason();
}

struct BadCase {
  const char* name;
  const char* file;  // under tests/data/bad
  long line;
  long column;
  const char* message;              // substring of reason()
  const char* offending = nullptr;  // exact offendingText(), when given
  const char* target = "";
  bool zeroBased = false;
  int features = 0;
};

// One row per malformed input. Line/column 0 = not about one place in the file.
// clang-format off
const BadCase kBadCases[] = {
    // Files that cannot be read at all.
    {.name = "file/missing", .file = "does_not_exist.csv", .line = 0, .column = 0,
     .message = "file not found"},
    {.name = "file/directory", .file = ".", .line = 0, .column = 0,
     .message = "is a directory, not a data file"},
    // CSV / TSV structure.
    {.name = "csv/empty file", .file = "empty.csv", .line = 0, .column = 0,
     .message = "empty file: no header row"},
    {.name = "csv/blank lines only", .file = "blank_only.csv", .line = 0, .column = 0,
     .message = "empty file: no header row"},
    {.name = "csv/header only", .file = "header_only.csv", .line = 0, .column = 0,
     .message = "no data rows: the file has only a header (line 1)"},
    {.name = "csv/ragged row, too few", .file = "ragged_short.csv", .line = 3, .column = 0,
     .message = "ragged row: expected 3 fields (as in the header), found 2"},
    {.name = "csv/ragged row, too many", .file = "ragged_long.csv", .line = 3, .column = 0,
     .message = "ragged row: expected 3 fields (as in the header), found 4"},
    {.name = "csv/one column", .file = "one_column.csv", .line = 1, .column = 0,
     .message = "only one column 'y': need at least one feature column besides the target",
     .offending = "y"},
    {.name = "csv/tab-separated content", .file = "tabs_in_csv.csv", .line = 1, .column = 0,
     .message = "(the header contains tabs: is this a tab-separated file?)"},
    {.name = "csv/LIBSVM content", .file = "libsvm_in_csv.csv", .line = 1, .column = 0,
     .message = "(this looks like a LIBSVM file"},
    {.name = "csv/no header row", .file = "no_header.csv", .line = 1, .column = 0,
     .message = "line '1,2,3' holds numbers, not column names: the file needs a header row"},
    {.name = "csv/empty column name", .file = "empty_header_name.csv", .line = 1, .column = 2,
     .message = "empty column name in the header (column 2)"},
    {.name = "csv/duplicate column names", .file = "duplicate_header.csv", .line = 1, .column = 3,
     .message = "duplicate column name 'a' (columns 1 and 3)", .offending = "a"},
    {.name = "csv/unknown target", .file = "unknown_target.csv", .line = 0, .column = 0,
     .message = "unknown target column 'nope'; available columns: 'a', 'b', 'y'",
     .offending = "nope", .target = "nope"},
    {.name = "csv/unknown target, long list", .file = "many_columns.csv", .line = 0, .column = 0,
     .message = "'feature_009', 'feature_010', ... (50 more)", .target = "nope"},
    {.name = "csv/constant target", .file = "constant_target.csv", .line = 0, .column = 0,
     .message = "target column 'y' has no variance (all 3 values are 5)"},
    {.name = "csv/UTF-16", .file = "utf16.csv", .line = 1, .column = 0,
     .message = "UTF-16 encoded"},
    {.name = "csv/CR-only line endings", .file = "cr_only.csv", .line = 1, .column = 0,
     .message = "CR-only (classic Mac) line endings are not supported"},
    {.name = "csv/unterminated quote", .file = "unterminated_quote.csv", .line = 2, .column = 2,
     .message = "unterminated quoted value '\"2,3' in column 'b'"},
    {.name = "csv/text after quote", .file = "text_after_quote.csv", .line = 2, .column = 2,
     .message = "unexpected text after the closing quote in '\"2\"x' in column 'b'"},
    // CSV / TSV values.
    {.name = "csv/non-numeric", .file = "non_numeric.csv", .line = 3, .column = 2,
     .message = "non-numeric value 'abc' in column 'bmi'", .offending = "abc"},
    {.name = "csv/decimal comma in quotes", .file = "decimal_comma.csv", .line = 2, .column = 2,
     .message = "non-numeric value '\"2,5\"' in column 'b'"},
    {.name = "csv/empty cell", .file = "empty_cell.csv", .line = 2, .column = 2,
     .message = "empty value in column 'b'", .offending = ""},
    {.name = "csv/NaN feature", .file = "nan_feature.csv", .line = 3, .column = 2,
     .message = "NaN value 'NaN' in column 'b'", .offending = "NaN"},
    {.name = "csv/infinite feature", .file = "inf_feature.csv", .line = 2, .column = 2,
     .message = "infinite value '-inf' in column 'b'"},
    {.name = "csv/NaN target", .file = "nan_target.csv", .line = 2, .column = 3,
     .message = "NaN value 'nan' in target column 'y'"},
    {.name = "csv/infinite target", .file = "inf_target.csv", .line = 3, .column = 3,
     .message = "infinite value 'Infinity' in target column 'y'"},
    {.name = "csv/overflow to infinity", .file = "overflow.csv", .line = 2, .column = 2,
     .message = "infinite value '1e999' in column 'b' (beyond the range of a double)"},
    {.name = "csv/non-UTF-8 bytes", .file = "non_utf8.csv", .line = 2, .column = 2,
     .message = "non-numeric value '\\xFF\\xFE' in column 'b'", .offending = "\xFF\xFE"},
    {.name = "csv/CRLF, error in last column", .file = "crlf_error.csv", .line = 3, .column = 3,
     .message = "non-numeric value 'z' in target column 'y'", .offending = "z"},
    {.name = "csv/BOM and blank lines keep line numbers", .file = "bom_blank_lines_error.csv",
     .line = 5, .column = 3,
     .message = "non-numeric value 'oops' in target column 'y'"},
    {.name = "tsv/empty cell", .file = "empty_cell.tsv", .line = 3, .column = 2,
     .message = "empty value in column 'b'"},
    // LIBSVM structure.
    {.name = "libsvm/empty file", .file = "empty.libsvm", .line = 0, .column = 0,
     .message = "empty file: no data lines"},
    {.name = "libsvm/comments only", .file = "comments_only.libsvm", .line = 0, .column = 0,
     .message = "empty file: no data lines"},
    {.name = "libsvm/no features", .file = "no_features.libsvm", .line = 0, .column = 0,
     .message = "no features: no line has an index:value pair"},
    {.name = "libsvm/missing target", .file = "missing_target.libsvm", .line = 2, .column = 1,
     .message = "missing target value: the line starts with the feature '2:0.5'"},
    {.name = "libsvm/CSV content", .file = "csv_in_libsvm.libsvm", .line = 1, .column = 1,
     .message = "non-numeric target value 'a,b,y'"},
    {.name = "libsvm/constant target", .file = "constant_target.libsvm", .line = 0, .column = 0,
     .message = "the target (first value of each line) has no variance (all 3 values are 1)"},
    // LIBSVM indices.
    {.name = "libsvm/index 0 in a 1-based file", .file = "zero_index.libsvm",
     .line = 2, .column = 2,
     .message = "'0:0.3': indices are 1-based here (for a 0-based file use the zero-based option)",
     .offending = "0:0.3"},
    {.name = "libsvm/negative index, 0-based", .file = "negative_index.libsvm",
     .line = 2, .column = 2,
     .message = "negative feature index '-1'", .zeroBased = true},
    {.name = "libsvm/unsorted indices", .file = "unsorted.libsvm", .line = 1, .column = 4,
     .message = "index '2' is not greater than the previous index 3: indices must increase"},
    {.name = "libsvm/repeated index", .file = "repeated.libsvm", .line = 1, .column = 4,
     .message = "repeated feature index '2'"},
    {.name = "libsvm/missing colon", .file = "missing_colon.libsvm", .line = 1, .column = 3,
     .message = "malformed feature '2.5': expected index:value", .offending = "2.5"},
    {.name = "libsvm/empty index", .file = "empty_index.libsvm", .line = 1, .column = 2,
     .message = "missing feature index in ':0.5'"},
    {.name = "libsvm/non-numeric index", .file = "bad_index.libsvm", .line = 1, .column = 2,
     .message = "malformed feature index 'x1' in 'x1:0.5'"},
    {.name = "libsvm/index with a plus sign", .file = "plus_index.libsvm", .line = 1, .column = 2,
     .message = "malformed feature index '+1'"},
    {.name = "libsvm/malformed qid", .file = "bad_qid.libsvm", .line = 1, .column = 2,
     .message = "malformed query id 'qid:x': expected qid:<integer>"},
    {.name = "libsvm/misplaced qid", .file = "misplaced_qid.libsvm", .line = 1, .column = 3,
     .message = "malformed feature index 'qid'"},
    {.name = "libsvm/index overflows 64 bits", .file = "index_overflow.libsvm",
     .line = 1, .column = 3,
     .message = "feature index '99999999999999999999' is too large: at most 2147483647 features"},
    {.name = "libsvm/index beyond 2^31-1 features", .file = "index_absurd.libsvm",
     .line = 1, .column = 3,
     .message = "feature index '3000000000' is too large"},
    {.name = "libsvm/index 2^31-1 in a 0-based file", .file = "index_int_max_zero_based.libsvm",
     .line = 1, .column = 3,
     .message = "feature index '2147483647' is too large", .zeroBased = true},
    {.name = "libsvm/index beyond the declared features", .file = "index_beyond_declared.libsvm",
     .line = 1, .column = 3,
     .message = "feature index '4' exceeds the declared number of features (3)", .features = 3},
    // LIBSVM values.
    {.name = "libsvm/non-numeric value", .file = "bad_value.libsvm", .line = 1, .column = 2,
     .message = "non-numeric value 'abc' for feature 1", .offending = "1:abc"},
    {.name = "libsvm/empty value", .file = "empty_value.libsvm", .line = 1, .column = 3,
     .message = "missing value in '2:'"},
    {.name = "libsvm/non-numeric target", .file = "non_numeric_target.libsvm",
     .line = 1, .column = 1,
     .message = "non-numeric target value 'yes'", .offending = "yes"},
    {.name = "libsvm/NaN target", .file = "nan_target.libsvm", .line = 1, .column = 1,
     .message = "NaN target value 'nan'"},
    {.name = "libsvm/infinite target", .file = "inf_target.libsvm", .line = 2, .column = 1,
     .message = "infinite target value '-inf'"},
    {.name = "libsvm/NaN value", .file = "nan_value.libsvm", .line = 2, .column = 2,
     .message = "NaN value 'NaN' for feature 2"},
    {.name = "libsvm/infinite value", .file = "inf_value.libsvm", .line = 1, .column = 2,
     .message = "infinite value 'inf' for feature 1"},
    {.name = "libsvm/overflow to infinity", .file = "overflow_value.libsvm", .line = 2, .column = 2,
     .message = "infinite value '-1e309' for feature 2 (beyond the range of a double)"},
    {.name = "libsvm/non-UTF-8 bytes", .file = "non_utf8.libsvm", .line = 1, .column = 2,
     .message = "non-numeric value '\\xC3(' for feature 1"},
};
// clang-format on

}  // namespace

class TestDatasetIo : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void implausibleLibsvmIndexNeedsDeclaration();
  void formatFromExtension_data();
  void formatFromExtension();
  void dataErrorFormatsOneLine();

  void bundledDiabetes();
  void targetChosenByName();
  void smallTsv();
  void libsvmOneAndZeroBased();
  void libsvmDeclaredFeatures();
  void svmlightExtras();
  void csvQuirks();
  void sniffsTxtFiles_data();
  void sniffsTxtFiles();
  void explicitFormatWins();
  void storageChoice();

  void rejectsMalformedInput_data();
  void rejectsMalformedInput();
  void unreadableFile();
  void messagesStayShortAndPrintable();
  void mutatedInputNeverCrashes();

  void realDataCsvMatchesLibsvm_data();
  void realDataCsvMatchesLibsvm();
  void largeFilesParseQuickly();
  void streamedFilesLoadAsParsedFromMemory();
};

void TestDatasetIo::formatFromExtension_data() {
  QTest::addColumn<QString>("path");
  QTest::addColumn<FileFormat>("format");
  QTest::newRow("csv") << "data/diabetes.csv" << FileFormat::Csv;
  QTest::newRow("upper case") << "DIABETES.CSV" << FileFormat::Csv;
  QTest::newRow("tsv") << "a.tsv" << FileFormat::Tsv;
  QTest::newRow("tab") << "a.tab" << FileFormat::Tsv;
  QTest::newRow("libsvm") << "a.libsvm" << FileFormat::Libsvm;
  QTest::newRow("svm") << "a.svm" << FileFormat::Libsvm;
  QTest::newRow("svmlight") << "a.SVMlight" << FileFormat::Libsvm;
  QTest::newRow("txt: decided by content") << "a.txt" << FileFormat::Auto;
  QTest::newRow("unknown extension") << "a.dat" << FileFormat::Csv;
  QTest::newRow("no extension") << "heart_scale" << FileFormat::Csv;
  QTest::newRow("dot in directory only") << "runs.libsvm/data" << FileFormat::Csv;
  QTest::newRow("hidden file") << ".libsvm" << FileFormat::Csv;
}

void TestDatasetIo::formatFromExtension() {
  QFETCH(QString, path);
  QFETCH(FileFormat, format);
  QCOMPARE(formatFromPath(path.toStdString()), format);
}

void TestDatasetIo::dataErrorFormatsOneLine() {
  const DataError full("diabetes.csv", 17, 4, "abc", "non-numeric value 'abc' in column 'bmi'");
  QCOMPARE(std::string(full.what()),
           std::string("diabetes.csv:17:4: non-numeric value 'abc' in column 'bmi'"));
  QCOMPARE(full.file(), std::string("diabetes.csv"));
  QCOMPARE(full.line(), 17L);
  QCOMPARE(full.column(), 4L);
  QCOMPARE(full.offendingText(), std::string("abc"));
  QCOMPARE(full.reason(), std::string("non-numeric value 'abc' in column 'bmi'"));
  QCOMPARE(std::string(DataError("a.csv", 3, 0, "", "ragged row").what()),
           std::string("a.csv:3: ragged row"));
  QCOMPARE(std::string(DataError("a.csv", 0, 0, "", "file not found").what()),
           std::string("a.csv: file not found"));
}

void TestDatasetIo::bundledDiabetes() {
  const Dataset d = test::bundledDiabetes();
  QCOMPARE(d.samples(), Index{442});
  QCOMPARE(d.features(), Index{10});
  QCOMPARE(d.storageKind(), StorageKind::Dense);
  const std::vector<std::string> names{"age", "sex", "bmi", "bp", "s1",
                                       "s2",  "s3",  "s4",  "s5", "s6"};
  QVERIFY(d.featureNames() == names);
  QCOMPARE(d.targetName(), std::string("y"));
  QVERIFY(QString::fromStdString(d.source())
              .endsWith(QStringLiteral("resources/datasets/diabetes.csv")));
  const Mat& X = std::get<Mat>(*d.storage());
  QVERIFY(X(0, 0) == 0.038075906433423026);
  QVERIFY(X(0, 2) == 0.061696206518683294);
  QVERIFY(X(0, 9) == -0.01764612515980379);
  QVERIFY(X(441, 0) == -0.045472477940023646);
  QVERIFY(X(441, 9) == 0.0030644094143684884);
  QVERIFY(d.target()[0] == 151.0);
  QVERIFY(d.target()[441] == 57.0);
}

void TestDatasetIo::targetChosenByName() {
  LoadOptions options;
  options.targetColumn = "bmi";
  const Dataset d = loadDataset(
      test::sourcePath(QStringLiteral("resources/datasets/diabetes.csv")).toStdString(), options);
  QCOMPARE(d.samples(), Index{442});
  QCOMPARE(d.features(), Index{10});  // "y" is now a feature
  QCOMPARE(d.targetName(), std::string("bmi"));
  const std::vector<std::string> names{"age", "sex", "bp", "s1", "s2", "s3", "s4", "s5", "s6", "y"};
  QVERIFY(d.featureNames() == names);
  const Mat X = test::denseFeatures(d);
  QVERIFY(d.target()[0] == 0.061696206518683294);
  QVERIFY(X(0, 2) == 0.0218723855140367);  // bp moved left by one
  QVERIFY(X(0, 9) == 151.0);
  QVERIFY(X(441, 9) == 57.0);
}

void TestDatasetIo::smallTsv() {
  const Dataset d = loadDataset(dataFile("good/small.tsv"));
  QCOMPARE(d.samples(), Index{3});
  QCOMPARE(d.features(), Index{2});
  QVERIFY((d.featureNames() == std::vector<std::string>{"height", "weight"}));
  QCOMPARE(d.targetName(), std::string("score"));
  const Mat X = test::denseFeatures(d);
  QVERIFY(X(0, 0) == 1.5 && X(1, 1) == 72.5 && X(2, 0) == 1.8);
  QVERIFY(sameBits(d.target(), Vec{{10.0, 12.0, 15.0}}));
}

void TestDatasetIo::libsvmOneAndZeroBased() {
  const Mat expected{{0.5, 0.0, 2.0}, {0.0, 1.5, 0.0}, {-1.0, 2.0, 4.0}};
  const Dataset one = loadDataset(dataFile("good/small_1based.libsvm"));
  QCOMPARE(one.storageKind(), StorageKind::Dense);  // density 6/9
  QVERIFY(sameBits(test::denseFeatures(one), expected));
  QVERIFY(sameBits(one.target(), Vec{{1.0, -1.0, 1.0}}));
  QVERIFY((one.featureNames() == std::vector<std::string>{"x1", "x2", "x3"}));
  QCOMPARE(one.targetName(), std::string("y"));

  LoadOptions zeroBased;
  zeroBased.zeroBasedIndices = true;
  const Dataset zero = loadDataset(dataFile("good/small_0based.libsvm"), zeroBased);
  QVERIFY(sameBits(test::denseFeatures(zero), expected));
  QVERIFY(sameBits(zero.target(), one.target()));
  QVERIFY(zero.featureNames() == one.featureNames());

  // A 1-based file read as 0-based gains an empty first column rather than failing.
  const Dataset shifted = loadDataset(dataFile("good/small_1based.libsvm"), zeroBased);
  QCOMPARE(shifted.features(), Index{4});
  QVERIFY(test::denseFeatures(shifted).col(0).isZero(0.0));
  QVERIFY(sameBits(Mat(test::denseFeatures(shifted).rightCols(3)), expected));
}

void TestDatasetIo::libsvmDeclaredFeatures() {
  LoadOptions options;
  options.libsvmFeatures = 6;
  const Dataset d = loadDataset(dataFile("good/small_1based.libsvm"), options);
  QCOMPARE(d.features(), Index{6});
  QCOMPARE(d.featureNames().back(), std::string("x6"));
  QVERIFY(test::denseFeatures(d).rightCols(3).isZero(0.0));
}

void TestDatasetIo::svmlightExtras() {
  // +1 targets, qid, comments, tabs, CRLF, blank lines, an explicit zero, trailing blanks.
  const Dataset d = loadDataset(dataFile("good/svmlight.svm"));
  QCOMPARE(d.samples(), Index{3});
  QCOMPARE(d.features(), Index{4});
  const Mat expected{{0.5, 0.0, 0.0, 2.0}, {0.0, 1.5, 0.0, 0.0}, {-1.0, 2.0, 4.0, 0.0}};
  QVERIFY(sameBits(test::denseFeatures(d), expected));
  QVERIFY(sameBits(d.target(), Vec{{1.0, -1.0, 1.0}}));
  const Dataset sparse = d.withStorage(StorageKind::Sparse);
  QCOMPARE(std::get<SpMat>(*sparse.storage()).nonZeros(),
           Index{6});  // the explicit 3:0 is not stored
}

void TestDatasetIo::csvQuirks() {
  // UTF-8 BOM, CRLF, quoted names (with a comma and an escaped quote), padded and quoted cells,
  // blank lines, "+5", ".5", an underflowing -1e-400.
  const Dataset d = loadDataset(dataFile("good/quirks.csv"));
  const std::vector<std::string> names{"first", "second", "third, with comma", "say \"hi\""};
  QVERIFY(d.featureNames() == names);
  QCOMPARE(d.targetName(), std::string("y"));
  QCOMPARE(d.samples(), Index{2});
  const Mat X = test::denseFeatures(d);
  QVERIFY(sameBits(Mat(X.row(0)), Mat{{1.0, 2.0, 3.0, 4.0}}));
  QVERIFY(X(1, 0) == 0.5 && X(1, 2) == 1000.0 && X(1, 3) == -2.25);
  QVERIFY(X(1, 1) == 0.0 && std::signbit(X(1, 1)));
  QVERIFY(sameBits(d.target(), Vec{{5.0, 6.0}}));

  // Same bytes in memory: the display name picks the format and appears as the source.
  QFile file(dataPath(QStringLiteral("good/quirks.csv")));
  QVERIFY(file.open(QIODevice::ReadOnly));
  const QByteArray bytes = file.readAll();
  const Dataset m = parseDataset(
      std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())), "pasted.csv");
  QVERIFY(sameBits(test::denseFeatures(m), X));
  QCOMPARE(m.source(), std::string("pasted.csv"));
}

void TestDatasetIo::sniffsTxtFiles_data() {
  QTest::addColumn<QString>("file");
  QTest::addColumn<int>("features");
  QTest::newRow("libsvm") << "good/libsvm_content.txt" << 3;
  QTest::newRow("csv") << "good/csv_content.txt" << 2;
  QTest::newRow("tsv") << "good/tsv_content.txt" << 2;
}

void TestDatasetIo::sniffsTxtFiles() {
  QFETCH(QString, file);
  QFETCH(int, features);
  const Dataset d = loadDataset(dataPath(file).toStdString());
  QCOMPARE(d.features(), Index{features});
  QCOMPARE(d.samples(), Index{3} - (features == 2 ? 1 : 0));
  if (features == 2) QVERIFY((d.featureNames() == std::vector<std::string>{"a", "b"}));
}

void TestDatasetIo::explicitFormatWins() {
  LoadOptions tsv;
  tsv.format = FileFormat::Tsv;
  const Dataset d = parseDataset("a\tb\ty\n1\t2\t3\n4\t5\t6\n", "mislabelled.csv", tsv);
  QCOMPARE(d.features(), Index{2});
  LoadOptions libsvm;
  libsvm.format = FileFormat::Libsvm;
  QCOMPARE(parseDataset("1 2:1\n-1 1:1\n", "no_extension", libsvm).features(), Index{2});
  // Doubled CRs before LF (a broken conversion) and no final newline are still fine.
  QCOMPARE(parseDataset("a,b,y\r\r\n1,2,3\r\r\n4,5,6", "crcr.csv").samples(), Index{2});
  // Auto with an unknown extension means CSV.
  QCOMPARE(parseDataset("a,y\n1,2\n3,4\n", "no_extension").features(), Index{1});
}

void TestDatasetIo::storageChoice() {
  // 20 x 50 with one entry per row: sparse by default, dense when forced, identical numbers.
  const Dataset sparse = loadDataset(dataFile("good/sparse.libsvm"));
  QCOMPARE(sparse.storageKind(), StorageKind::Sparse);
  const SpMat& S = std::get<SpMat>(*sparse.storage());
  QVERIFY(S.isCompressed());
  QCOMPARE(S.rows(), Index{20});
  QCOMPARE(S.cols(), Index{50});
  QCOMPARE(S.nonZeros(), Index{20});
  for (Index i = 0; i < 20; ++i) QVERIFY(S.coeff(i, (7 * i) % 50) == static_cast<double>(i) + 0.5);

  LoadOptions dense;
  dense.storage = StorageChoice::Dense;
  const Dataset forcedDense = loadDataset(dataFile("good/sparse.libsvm"), dense);
  QCOMPARE(forcedDense.storageKind(), StorageKind::Dense);
  QVERIFY(sameBits(test::denseFeatures(forcedDense), test::denseFeatures(sparse)));

  LoadOptions lowThreshold;
  lowThreshold.sparseDensityThreshold = 0.01;  // density is 0.02
  QCOMPARE(loadDataset(dataFile("good/sparse.libsvm"), lowThreshold).storageKind(),
           StorageKind::Dense);

  // A dense CSV forced sparse: same numbers, exact zeros not stored.
  LoadOptions sparseOpt;
  sparseOpt.storage = StorageChoice::Sparse;
  const std::string diabetes =
      test::sourcePath(QStringLiteral("resources/datasets/diabetes.csv")).toStdString();
  const Dataset csvSparse = loadDataset(diabetes, sparseOpt);
  QCOMPARE(csvSparse.storageKind(), StorageKind::Sparse);
  QVERIFY(sameBits(test::denseFeatures(csvSparse), test::denseFeatures(test::bundledDiabetes())));
  const Dataset quirks = loadDataset(dataFile("good/quirks.csv"), sparseOpt);
  QCOMPARE(std::get<SpMat>(*quirks.storage()).nonZeros(), Index{7});  // the -0.0 is dropped
  QCOMPARE(quirks.featureNames().size(), std::size_t{4});

  // A dense-looking file with many zeros becomes sparse under Auto.
  const Dataset autoCsv = parseDataset("a,b,c,d,y\n0,0,0,1,1\n0,0,0,0,2\n0,0,0,0,3\n", "zeros.csv");
  QCOMPARE(autoCsv.storageKind(), StorageKind::Sparse);  // density 1/12
}

void TestDatasetIo::rejectsMalformedInput_data() {
  QTest::addColumn<int>("index");
  for (int i = 0; i < static_cast<int>(std::size(kBadCases)); ++i)
    QTest::newRow(kBadCases[i].name) << i;
}

void TestDatasetIo::rejectsMalformedInput() {
  QFETCH(int, index);
  const BadCase& c = kBadCases[index];
  const std::string path =
      dataPath(QStringLiteral("bad/") + QString::fromUtf8(c.file)).toStdString();
  LoadOptions options;
  options.targetColumn = c.target;
  options.zeroBasedIndices = c.zeroBased;
  options.libsvmFeatures = c.features;
  try {
    const Dataset d = loadDataset(path, options);
    QFAIL(qPrintable(
        QStringLiteral("loaded %1 x %2 without an error").arg(d.samples()).arg(d.features())));
  } catch (const DataError& e) {
    const std::string what = e.what();
    QVERIFY2(what.find('\n') == std::string::npos && what.find('\r') == std::string::npos,
             what.c_str());
    QCOMPARE(e.file(), path);
    QCOMPARE(what, expectedWhat(e));
    QVERIFY2(e.reason().find(c.message) != std::string::npos, what.c_str());
    QCOMPARE(e.line(), c.line);
    QCOMPARE(e.column(), c.column);
    if (c.offending) QCOMPARE(e.offendingText(), std::string(c.offending));
  }
}

void TestDatasetIo::unreadableFile() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const QString path = dir.filePath(QStringLiteral("locked.csv"));
  QFile file(path);
  QVERIFY(file.open(QIODevice::WriteOnly));
  file.write("a,y\n1,2\n3,4\n");
  file.close();
  QVERIFY(file.setPermissions(QFileDevice::Permissions()));
  if (QFile probe(path); probe.open(QIODevice::ReadOnly))
    QSKIP("running with privileges that ignore file permissions");
  try {
    loadDataset(path.toStdString());
    QFAIL("an unreadable file loaded");
  } catch (const DataError& e) {
    QCOMPARE(std::string(e.what()),
             path.toStdString() + ": cannot open the file (Permission denied)");
  }
}

void TestDatasetIo::messagesStayShortAndPrintable() {
  const std::string longCell(500, 'x');
  try {
    parseDataset("a,y\n" + longCell + ",1\n", "long.csv");
    QFAIL("a non-numeric cell loaded");
  } catch (const DataError& e) {
    QCOMPARE(e.offendingText(), longCell);  // kept whole for the caller
    QVERIFY(std::string(e.what()).size() < 150);
    QVERIFY(e.reason().find("xxx...' in column 'a'") != std::string::npos);
  }
  try {
    parseDataset("a,y\n1\x01,2\n", "ctrl.csv");
    QFAIL("a control character loaded");
  } catch (const DataError& e) {
    QVERIFY2(e.reason().find("'1\\x01'") != std::string::npos, e.what());
  }
  try {  // valid UTF-8 is shown as is
    parseDataset("a,y\n1,\xC3\xA9t\xC3\xA9\n", "utf8.csv");
    QFAIL("a word loaded as a number");
  } catch (const DataError& e) {
    QVERIFY2(e.reason().find("'\xC3\xA9t\xC3\xA9'") != std::string::npos, e.what());
  }
}

void TestDatasetIo::mutatedInputNeverCrashes() {
  // Random byte edits of valid files must end in a Dataset or a DataError: no crash, no other
  // exception, no multi-line message.
  const std::string seeds[] = {
      "a,b,\"c\",y\r\n1,2.5,-3e2,1\n0,\"4\",5,-1\n\n7,8,9,1\n",
      "1 1:0.5 3:2 # c\n-1 qid:2 2:1.5\n+1 1:-1 2:2 3:4\n",
  };
  const char alphabet[] = ",\t:\" \n\r#-+e.09na\xFF\xC3";
  std::mt19937 rng(20240611);
  int loaded = 0, rejected = 0;
  for (int iter = 0; iter < 4000; ++iter) {
    std::string s = seeds[iter % 2];
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < edits && !s.empty(); ++k) {
      const std::size_t pos = rng() % s.size();
      const char c = alphabet[rng() % (sizeof alphabet - 1)];
      switch (rng() % 4) {
        case 0:
          s[pos] = c;
          break;
        case 1:
          s.insert(pos, 1, c);
          break;
        case 2:
          s.erase(pos, 1);
          break;
        default:
          s.resize(pos);
          break;
      }
    }
    LoadOptions options;
    options.format =
        iter % 2 ? FileFormat::Libsvm : (iter % 4 == 0 ? FileFormat::Csv : FileFormat::Tsv);
    options.zeroBasedIndices = iter % 3 == 0;
    options.storage = static_cast<StorageChoice>(iter % 3);
    try {
      const Dataset d = parseDataset(s, "fuzz", options);
      QCOMPARE(d.target().size(), d.samples());
      QVERIFY(d.target().allFinite());
      QVERIFY(test::denseFeatures(d).allFinite());
      ++loaded;
    } catch (const DataError& e) {
      QVERIFY2(std::string(e.what()).find('\n') == std::string::npos, e.what());
      ++rejected;
    }
  }
  QVERIFY(loaded > 0 && rejected > 0);
}

void TestDatasetIo::realDataCsvMatchesLibsvm_data() {
  QTest::addColumn<QString>("name");
  QTest::addColumn<int>("n");
  QTest::addColumn<int>("p");
  QTest::addColumn<int>("positives");  // number of +1 targets, -1 for a continuous target
  QTest::newRow("diabetes") << "diabetes" << 442 << 10 << -1;
  QTest::newRow("diabetes_x2") << "diabetes_x2" << 442 << 64 << -1;
  QTest::newRow("prostate") << "prostate" << 97 << 8 << -1;
  QTest::newRow("gasoline") << "gasoline" << 60 << 401 << -1;
  QTest::newRow("breast_cancer") << "breast_cancer" << 569 << 30 << 357;
  QTest::newRow("breast_cancer_std") << "breast_cancer_std" << 569 << 30 << 357;
  QTest::newRow("leukemia") << "leukemia" << 72 << 7129 << 47;
  QTest::newRow("colon") << "colon" << 62 << 2000 << 40;
}

void TestDatasetIo::realDataCsvMatchesLibsvm() {
  QFETCH(QString, name);
  QFETCH(int, n);
  QFETCH(int, p);
  QFETCH(int, positives);
  LAMBDASCOPE_REQUIRE_SHARED(csvPath, QStringLiteral("tabular/%1.csv").arg(name));
  LAMBDASCOPE_REQUIRE_SHARED(libsvmPath, QStringLiteral("tabular/%1.libsvm").arg(name));
  const Dataset csv = loadDataset(csvPath.toStdString());
  const Dataset libsvm = loadDataset(libsvmPath.toStdString());
  QCOMPARE(csv.samples(), Index{n});
  QCOMPARE(csv.features(), Index{p});
  QCOMPARE(libsvm.samples(), Index{n});
  QCOMPARE(libsvm.features(), Index{p});
  QCOMPARE(csv.targetName(), std::string("y"));
  QVERIFY(sameBits(test::denseFeatures(csv), test::denseFeatures(libsvm)));
  QVERIFY(sameBits(csv.target(), libsvm.target()));
  if (positives >= 0) {
    QCOMPARE((csv.target().array() == 1.0).count(), Index{positives});
    QCOMPARE((csv.target().array() == -1.0).count(), Index{n - positives});
  }
}

void TestDatasetIo::largeFilesParseQuickly() {
  LAMBDASCOPE_REQUIRE_SHARED(csvPath, QStringLiteral("tabular/leukemia.csv"));
  LAMBDASCOPE_REQUIRE_SHARED(libsvmPath, QStringLiteral("tabular/leukemia.libsvm"));
  for (const QString& path : {libsvmPath, csvPath}) {
    qint64 best = std::numeric_limits<qint64>::max();
    for (int run = 0; run < 3; ++run) {
      QElapsedTimer timer;
      timer.start();
      const Dataset d = loadDataset(path.toStdString());
      best = std::min(best, timer.elapsed());
      QCOMPARE(d.features(), Index{7129});
    }
    qInfo("%s: %lld ms (best of 3, read + parse)", qPrintable(QFileInfo(path).fileName()), best);
#ifdef NDEBUG
    QVERIFY2(best < 1000, "leukemia must load in well under a second in an optimised build");
#endif
  }
}

void TestDatasetIo::streamedFilesLoadAsParsedFromMemory() {
  // Files of a MiB or more are read from disk in blocks, twice (check, then fill); the result
  // must be bit for bit what parsing the same bytes from memory gives. The generated file's
  // lines straddle the 1 MiB blocks.
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  std::string sparse;  // 40 000 rows, 3 non-zeros in 500 columns each: stored CSC
  for (int i = 0; i < 40000; ++i)
    sparse += std::to_string(i % 7 - 3) + " " + std::to_string(1 + i % 500) + ":" + std::to_string(0.25 * (i % 11)) +
              " " + std::to_string(501 + i % 3) + ":1.5 510:" + std::to_string(i) + "\n";
  QVERIFY(sparse.size() > (std::size_t{1} << 20));
  const std::string sparsePath = (dir.path() + "/generated.libsvm").toStdString();
  std::ofstream(sparsePath, std::ios::binary) << sparse;
  std::vector<std::string> paths{sparsePath};
  for (const char* name : {"tabular/leukemia.csv", "tabular/leukemia.libsvm"}) {
    const QString shared = test::sharedDataPath(QString::fromLatin1(name));
    if (!shared.isEmpty()) paths.push_back(shared.toStdString());
  }
  for (const std::string& path : paths) {
    std::ifstream in(path, std::ios::binary);
    const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    QVERIFY(content.size() >= (std::size_t{1} << 20));
    const Dataset fromFile = loadDataset(path);
    const Dataset fromMemory = parseDataset(content, path);
    QCOMPARE(fromFile.storageKind(), fromMemory.storageKind());
    QVERIFY2(sameBits(test::denseFeatures(fromFile), test::denseFeatures(fromMemory)), path.c_str());
    QVERIFY(sameBits(fromFile.target(), fromMemory.target()));
  }
  QCOMPARE(loadDataset(sparsePath).storageKind(), StorageKind::Sparse);
  QCOMPARE(loadDataset(sparsePath).features(), Index{510});
}

void TestDatasetIo::implausibleLibsvmIndexNeedsDeclaration() {
  // Found by fuzzing: a huge index in a tiny file allocated gigabytes of feature names.
  const std::string content = "1 1:0.5 68666006:1\n-1 2:0.3\n";
  try {
    parseDataset(content, "absurd.libsvm");
    QFAIL("an implausible index was accepted");
  } catch (const DataError& e) {
    QVERIFY2(std::string(e.what()).find("implausibly large") != std::string::npos, e.what());
    QVERIFY(std::string(e.what()).find("68666006") != std::string::npos);
  }
  // A plausible sparse width (hashing-trick style) still loads without a declaration.
  const Dataset wide = parseDataset("1 1:0.5 1000000:1\n-1 2:0.3\n", "wide.libsvm");
  QCOMPARE(wide.features(), Index{1000000});
  QCOMPARE(wide.storageKind(), StorageKind::Sparse);
}

QTEST_APPLESS_MAIN(TestDatasetIo)
#include "test_dataset_io.moc"
