// NumPy .npy/.npz reader (core/io/npy, core/io/zip_archive) and the M/EEG case loader
// (core/meeg/meeg_case): files written by NumPy itself (tests/fixtures/make_meeg_fixtures.py npy)
// against what NumPy says they hold, the real shared case against its README's sanity sums, and
// a table of malformed inputs that must each raise DataError.
#include <QtTest>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>

#include "core/io/dataset_io.hpp"
#include "core/io/npy.hpp"
#include "core/io/zip_archive.hpp"
#include "core/meeg/meeg_case.hpp"
#include "tests/test_support.hpp"

using namespace lambdascope;

namespace {

std::string fixturePath(const QString& name) {
  return test::sourcePath(QStringLiteral("tests/fixtures/meeg_npy/") + name).toStdString();
}

std::string readBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

QJsonObject expectedArrays() {
  QFile f(test::sourcePath(QStringLiteral("tests/fixtures/meeg_npy_expected.json")));
  if (!f.open(QIODevice::ReadOnly)) qFatal("cannot open meeg_npy_expected.json");
  return QJsonDocument::fromJson(f.readAll()).object()["arrays"].toObject();
}

// Compare one parsed array with NumPy's description of it. Returns an empty string when equal.
QString mismatch(const npy::Array& a, const QJsonObject& e) {
  if (QString::fromStdString(a.descr) != e["descr"].toString()) return "descr " + QString::fromStdString(a.descr);
  if (a.fortranOrder != e["fortran_order"].toBool()) return QStringLiteral("fortran_order");
  const QJsonArray shape = e["shape"].toArray();
  if (a.shape.size() != static_cast<std::size_t>(shape.size())) return QStringLiteral("rank");
  for (int k = 0; k < shape.size(); ++k)
    if (a.shape[static_cast<std::size_t>(k)] != static_cast<std::size_t>(shape[k].toInteger())) return QStringLiteral("shape");
  if (e.contains("strings")) {
    const QJsonArray s = e["strings"].toArray();
    if (a.strings.size() != static_cast<std::size_t>(s.size())) return QStringLiteral("string count");
    const bool bytes = a.descr[1] == 'S';
    for (int k = 0; k < s.size(); ++k) {
      const QString mine = bytes ? QString::fromLatin1(a.strings[static_cast<std::size_t>(k)])
                                 : QString::fromStdString(a.strings[static_cast<std::size_t>(k)]);
      if (mine != s[k].toString()) return QStringLiteral("string %1: %2").arg(k).arg(mine);
    }
    return {};
  }
  const QJsonArray v = e["values"].toArray();
  if (a.values.size() != static_cast<std::size_t>(v.size())) return QStringLiteral("value count");
  for (int k = 0; k < v.size(); ++k) {
    const double mine = a.values[static_cast<std::size_t>(k)];
    if (v[k].isNull()) {
      if (std::isfinite(mine)) return QStringLiteral("value %1 should be non-finite").arg(k);
    } else if (mine != v[k].toDouble()) {
      return QStringLiteral("value %1: %2 vs %3").arg(k).arg(mine, 0, 'g', 17).arg(v[k].toDouble(), 0, 'g', 17);
    }
  }
  return {};
}

// Offsets of every record with this 4-byte signature.
std::vector<std::size_t> findAll(const std::string& s, const char* sig) {
  std::vector<std::size_t> out;
  for (std::size_t at = s.find(sig, 0, 4); at != std::string::npos; at = s.find(sig, at + 1, 4)) out.push_back(at);
  return out;
}
void put32(std::string& s, std::size_t at, std::uint32_t v) {
  for (int k = 0; k < 4; ++k) s[at + static_cast<std::size_t>(k)] = static_cast<char>((v >> (8 * k)) & 0xFF);
}
void put16(std::string& s, std::size_t at, std::uint16_t v) {
  s[at] = static_cast<char>(v & 0xFF);
  s[at + 1] = static_cast<char>(v >> 8);
}

}  // namespace

class TestNpy : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void numpyFixtures();
  void npzArchives();
  void matrixOrder();
  void refusesObjectArrays();
  void malformedNpy();
  void malformedZip();
  void saveRoundTrip();
  void realSharedCase();
  void caseShapeErrors();
};

void TestNpy::numpyFixtures() {
  const QJsonObject all = expectedArrays();
  int checked = 0;
  for (auto it = all.begin(); it != all.end(); ++it) {
    if (it.key() == QLatin1String("npz") || it.key().startsWith(QLatin1String("randn"))) continue;
    const npy::Array a = npy::loadNpy(fixturePath(it.key() + ".npy"));
    const QString why = mismatch(a, it.value().toObject());
    QVERIFY2(why.isEmpty(), qPrintable(it.key() + ": " + why));
    ++checked;
  }
  QVERIFY(checked >= 20);
  // Specific values that exercise sign extension, byte order and half precision.
  QCOMPARE(npy::loadNpy(fixturePath("i2_be.npy")).values.front(), -32768.0);
  QCOMPARE(npy::loadNpy(fixturePath("f2.npy")).values[2], 65504.0);
  QCOMPARE(npy::loadNpy(fixturePath("unicode.npy")).strings[1], std::string("\u00e9\u20ac\U0001d11e"));
  QVERIFY(npy::loadNpy(fixturePath("scalar.npy")).shape.empty());
  QCOMPARE(npy::toScalar(npy::loadNpy(fixturePath("scalar.npy")), "scalar"), 3.25);
  QCOMPARE(npy::loadNpy(fixturePath("empty.npy")).size(), std::size_t{0});
}

void TestNpy::npzArchives() {
  const QJsonObject e = expectedArrays()["npz"].toObject();
  for (const char* file : {"plain.npz", "compressed.npz"}) {
    const auto z = npy::loadNpz(fixturePath(file));
    QCOMPARE(z.size(), static_cast<std::size_t>(e.size()));
    for (auto it = e.begin(); it != e.end(); ++it) {
      const auto found = z.find(it.key().toStdString());
      QVERIFY2(found != z.end(), qPrintable(it.key()));
      const QString why = mismatch(found->second, it.value().toObject());
      QVERIFY2(why.isEmpty(), qPrintable(QString(file) + ":" + it.key() + ": " + why));
    }
  }
  // Selected members only.
  const auto some = npy::loadNpz(fixturePath("compressed.npz"), {"G", "absent"});
  QCOMPARE(some.size(), std::size_t{1});
  QVERIFY(some.count("G") == 1);
  // np.savez writes zip64 extras in the local headers; the members are stored (method 0).
  const auto plain = zip::ZipArchive::open(fixturePath("plain.npz"));
  QCOMPARE(plain.entries().front().method, std::uint16_t{0});
  const auto packed = zip::ZipArchive::open(fixturePath("compressed.npz"));
  QCOMPARE(packed.entries().front().method, std::uint16_t{8});
}

void TestNpy::matrixOrder() {
  const Mat c = npy::toMatrix(npy::loadNpy(fixturePath("f8_c.npy")), "c");
  const Mat f = npy::toMatrix(npy::loadNpy(fixturePath("f8_f.npy")), "f");
  const Mat be = npy::toMatrix(npy::loadNpy(fixturePath("f8_be.npy")), "be");
  QCOMPARE(c.rows(), Index(3));
  QCOMPARE(c.cols(), Index(4));
  QCOMPARE(c(1, 2), 6.0);  // base[1, 2] = 6 * 1.5 - 3
  QVERIFY(c == f);
  QVERIFY(c == be);
  const Mat v = npy::toMatrix(npy::loadNpy(fixturePath("i1.npy")), "i1");
  QCOMPARE(v.cols(), Index(1));
  QCOMPARE(v.rows(), Index(4));
  QVERIFY_THROWS_EXCEPTION(DataError, npy::toMatrix(npy::loadNpy(fixturePath("cube.npy")), "cube"));
  QVERIFY_THROWS_EXCEPTION(DataError, npy::toMatrix(npy::loadNpy(fixturePath("unicode.npy")), "names"));
  QVERIFY_THROWS_EXCEPTION(DataError, npy::toVector(npy::loadNpy(fixturePath("f8_c.npy")), "c"));
  const auto z = npy::loadNpz(fixturePath("compressed.npz"));
  QVERIFY(npy::toMatrix(z.at("M"), "M") == c.transpose());
}

void TestNpy::refusesObjectArrays() {
  try {
    npy::loadNpy(fixturePath("object.npy"));
    QFAIL("an object array was accepted");
  } catch (const DataError& e) {
    QVERIFY2(std::string(e.what()).find("pickle") != std::string::npos, e.what());
    QVERIFY2(std::string(e.what()).find("object.npy") != std::string::npos, e.what());
  }
}

void TestNpy::malformedNpy() {
  const std::string good = readBytes(fixturePath("f8_c.npy"));
  const std::string uni = readBytes(fixturePath("unicode.npy"));
  const auto withHeader = [](const std::string& dict, std::size_t dataBytes) {
    std::string h = dict;
    while ((10 + h.size() + 1) % 64) h += ' ';
    h += '\n';
    std::string out("\x93NUMPY\x01\x00", 8);
    out += static_cast<char>(h.size() & 0xFF);
    out += static_cast<char>(h.size() >> 8);
    return out + h + std::string(dataBytes, '\0');
  };
  const std::vector<std::pair<const char*, std::string>> cases = {
      {"empty", ""},
      {"bad magic", "\x93NUMPZ" + good.substr(6)},
      {"cut in the preamble", good.substr(0, 9)},
      {"cut in the header", good.substr(0, 40)},
      {"cut in the data", good.substr(0, good.size() - 1)},
      {"trailing bytes", good + "x"},
      {"version 4", good.substr(0, 6) + '\x04' + good.substr(7)},
      {"header not a dict", withHeader("['descr']", 0)},
      {"missing shape", withHeader("{'descr': '<f8', 'fortran_order': False}", 0)},
      {"unknown key", withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 1}", 8)},
      {"odd float", withHeader("{'descr': '<f3', 'fortran_order': False, 'shape': (1,)}", 3)},
      {"complex", withHeader("{'descr': '<c16', 'fortran_order': False, 'shape': (1,)}", 16)},
      {"object", withHeader("{'descr': '|O', 'fortran_order': False, 'shape': (1,)}", 8)},
      {"structured", withHeader("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,)}", 8)},
      {"negative dim", withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,)}", 8)},
      {"dim overflow", withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,)}", 8)},
      {"count overflow", withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296)}", 8)},
      {"bytes overflow", withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904,)}", 8)},
      {"zero-width string", withHeader("{'descr': '|S0', 'fortran_order': False, 'shape': (1000000000000,)}", 0)},
      {"bad fortran flag", withHeader("{'descr': '<f8', 'fortran_order': Maybe, 'shape': (1,)}", 8)},
      {"unterminated string", withHeader("{'descr': '<f8, 'fortran_order': False, 'shape': (1,)}", 8)},
      {"header length beyond the file", good.substr(0, 8) + "\xff\xff" + good.substr(10)},
  };
  for (const auto& [name, bytes] : cases)
    QVERIFY_THROWS_EXCEPTION(DataError, npy::parseNpy(bytes, name));
  // A code point beyond U+10FFFF inside a <U8 array.
  std::string badUnicode = uni;
  put32(badUnicode, uni.size() - 3 * 32, 0x110000);
  QVERIFY_THROWS_EXCEPTION(DataError, npy::parseNpy(badUnicode, "unicode"));
}

void TestNpy::malformedZip() {
  const std::string plain = readBytes(fixturePath("plain.npz"));
  const std::string packed = readBytes(fixturePath("compressed.npz"));
  const auto centrals = findAll(plain, "PK\x01\x02");
  const auto locals = findAll(plain, "PK\x03\x04");
  const auto centralsZ = findAll(packed, "PK\x01\x02");
  const auto localsZ = findAll(packed, "PK\x03\x04");
  const std::size_t eocd = plain.rfind(std::string("PK\x05\x06", 4));
  QVERIFY(centrals.size() == 4 && locals.size() == 4 && centralsZ.size() == 4 && eocd != std::string::npos);

  std::vector<std::pair<const char*, std::string>> cases;
  cases.push_back({"empty", ""});
  cases.push_back({"not a zip", std::string(100, 'x')});
  cases.push_back({"cut in half", plain.substr(0, plain.size() / 2)});
  cases.push_back({"cut before the end record", plain.substr(0, plain.size() - 1)});
  {
    std::string s = plain;  // a data byte of the first member flipped: CRC mismatch
    s[locals[0] + 200] ^= 0x5A;
    cases.push_back({"crc mismatch", s});
  }
  {
    std::string s = plain;  // method 12 (bzip2) in both headers
    put16(s, centrals[0] + 10, 12);
    put16(s, locals[0] + 8, 12);
    cases.push_back({"unsupported method", s});
  }
  {
    std::string s = plain;  // central directory offset beyond the file
    put32(s, eocd + 16, 0x7FFFFFF0);
    cases.push_back({"directory offset", s});
  }
  {
    std::string s = plain;  // more entries than the directory can hold
    put16(s, eocd + 8, 9000);
    put16(s, eocd + 10, 9000);
    cases.push_back({"entry count", s});
  }
  {
    std::string s = plain;  // a local header offset beyond the file
    put32(s, centrals[1] + 42, 0x7FFFFFF0);
    cases.push_back({"local header offset", s});
  }
  {
    std::string s = plain;  // compressed size running past the end
    put32(s, centrals[0] + 20, 0x7FFFFFF0);
    put32(s, centrals[0] + 24, 0x7FFFFFF0);
    cases.push_back({"member size", s});
  }
  {
    std::string s = plain;  // name length running past the directory
    put16(s, centrals[3] + 28, 0xFFFF);
    cases.push_back({"name length", s});
  }
  {
    std::string s = plain;  // 0xFFFFFFFF without a zip64 extra
    put16(s, centrals[0] + 30, 0);
    put32(s, centrals[0] + 24, 0xFFFFFFFF);
    cases.push_back({"zip64 marker without extra", s});
  }
  {
    std::string s = plain;  // the end record claims zip64 without a locator
    put32(s, eocd + 16, 0xFFFFFFFF);
    cases.push_back({"zip64 without locator", s});
  }
  {
    std::string s = plain;  // duplicate member names
    const std::size_t n0 = centrals[0] + 46, n1 = centrals[1] + 46;
    s.replace(n1, 5, s.substr(n0, 5));  // "G.npy" and "M.npy" have the same length
    cases.push_back({"duplicate names", s});
  }
  {
    std::string s = packed;  // corrupt deflate stream
    for (std::size_t k = 0; k < 16; ++k) s[localsZ[0] + 40 + k] = static_cast<char>(0xFF);
    cases.push_back({"corrupt deflate", s});
  }
  {
    std::string s = packed;  // declares a little more than the stream inflates to
    put32(s, centralsZ[0] + 24, static_cast<std::uint32_t>(npy::loadNpy(fixturePath("f8_c.npy")).size() * 8 + 129));
    cases.push_back({"size mismatch", s});
  }
  {
    std::string s = packed;  // a decompression bomb: 3 GiB claimed from a few hundred bytes
    put32(s, centralsZ[0] + 24, 0xC0000000u);
    cases.push_back({"bomb", s});
  }
  {
    std::string s = packed;  // stored/deflated size disagreement on a stored claim
    put16(s, centralsZ[0] + 10, 0);
    put16(s, localsZ[0] + 8, 0);
    cases.push_back({"stored size mismatch", s});
  }
  {
    std::string s = plain;  // the member is a malformed .npy: its error names the member
    s[locals[0] + 30 + 5 + 20 + 1] = 'Z';  // corrupt the NUMPY magic inside G.npy
    cases.push_back({"bad member", s});
  }
  for (const auto& [name, bytes] : cases) {
    try {
      npy::parseNpz(bytes, std::string("case-") + name);
      QFAIL(qPrintable(QStringLiteral("no DataError for: %1").arg(name)));
    } catch (const DataError& e) {
      QVERIFY2(std::string(e.what()).find(std::string("case-") + name) != std::string::npos, e.what());
    }
  }
}

void TestNpy::saveRoundTrip() {
  QTemporaryDir dir;
  Mat a(3, 2);
  a << 1, -2, 3.5, 4, 1e-300, -0.0;
  const Mat b = Mat::Random(5, 7);
  const std::string path = dir.filePath(QStringLiteral("x.npz")).toStdString();
  npy::saveNpz(path, {{"a", a}, {"b", b}});
  const auto z = npy::loadNpz(path);
  QVERIFY(npy::toMatrix(z.at("a"), "a") == a);
  QVERIFY(npy::toMatrix(z.at("b"), "b") == b);
}

void TestNpy::realSharedCase() {
  LAMBDASCOPE_REQUIRE_SHARED(npzFile, QStringLiteral("meeg/sample_la_meg/sample_la_meg.npz"));
  const auto z = npy::loadNpz(npzFile.toStdString());
  const Mat G = npy::toMatrix(z.at("G"), "G");
  const Mat M = npy::toMatrix(z.at("M"), "M");
  const Vec w = npy::toVector(z.at("depth_weights"), "depth_weights");
  const auto rel = [](double a, double b) { return std::abs(a - b) / std::abs(b); };
  // The README's sanity values (meta.json:sanity).
  QVERIFY(rel(G.squaredNorm(), 302.00000000000307) < 1e-12);
  QVERIFY(rel(M.squaredNorm(), 13107.41392208796) < 1e-12);
  QVERIFY(rel(G.sum(), 60.54949136516244) < 1e-12);
  QVERIFY(rel(M.sum(), 47.26704997785123) < 1e-12);
  QVERIFY(rel(w.sum(), 1.3722191345017777e-05) < 1e-12);
  QCOMPARE(z.at("ch_names").strings.front(), std::string("MEG 0113"));
  QCOMPARE(z.at("src_hemi").descr, std::string("<i4"));

  const MeegCase fromNpz = loadMeegCase(npzFile.toStdString());
  LAMBDASCOPE_REQUIRE_SHARED(csvDir, QStringLiteral("meeg/sample_la_meg/csv"));
  const MeegCase fromCsv = loadMeegCase(csvDir.toStdString());
  // The README: CSV (%.17g) and npz are bit-identical.
  QVERIFY(fromCsv.G == fromNpz.G);
  QVERIFY(fromCsv.M == fromNpz.M);
  QVERIFY(fromCsv.times == fromNpz.times);
  QVERIFY(fromCsv.sourcePositions == fromNpz.sourcePositions);
  QVERIFY(fromCsv.depthWeights == fromNpz.depthWeights);
  QVERIFY(fromCsv.hemisphere == fromNpz.hemisphere);
  QVERIFY(fromCsv.vertexIndex == fromNpz.vertexIndex);
  QVERIFY(fromCsv.channelNames == fromNpz.channelNames);
  QCOMPARE(fromNpz.sources(), Index(1984));
  QCOMPARE(fromNpz.sensors(), Index(305));
  QCOMPARE(fromNpz.timePoints(), Index(61));
  QCOMPARE(std::count(fromNpz.hemisphere.begin(), fromNpz.hemisphere.end(), 0), 989L);
  QVERIFY(rel(fromNpz.alphaMax, 11.152967460820491) < 1e-12);
  QVERIFY(rel(fromCsv.alphaMax, 11.152967460820491) < 1e-12);
  QCOMPARE(fromNpz.sfreq, 600.614990234375);
  QCOMPARE(fromCsv.sfreq, 600.614990234375);
  // Anatomy found in ../anatomy; the CSV version has 9 significant digits.
  QVERIFY(fromNpz.anatomy && fromCsv.anatomy);
  QCOMPARE(fromNpz.anatomy->lh.vertices.rows(), Index(1026));
  QCOMPARE(fromNpz.anatomy->rh.triangles.rows(), Index(2048));
  QVERIFY(fromNpz.anatomy->scalp.has_value());
  QCOMPARE(fromNpz.anatomy->sensorPositions.rows(), Index(366));
  QVERIFY((fromNpz.anatomy->lh.vertices - fromCsv.anatomy->lh.vertices).cwiseAbs().maxCoeff() < 1e-9);
  QVERIFY(fromNpz.anatomy->lh.triangles == fromCsv.anatomy->lh.triangles);
  // Source j sits on vertex src_vertno[j] of its hemisphere's mesh.
  for (Index j = 0; j < fromNpz.sources(); j += 97) {
    const auto& mesh = fromNpz.hemisphere[static_cast<std::size_t>(j)] ? fromNpz.anatomy->rh : fromNpz.anatomy->lh;
    const Eigen::RowVector3d v = mesh.vertices.row(fromNpz.vertexIndex[static_cast<std::size_t>(j)]);
    QVERIFY((v - fromNpz.sourcePositions.row(j)).norm() < 1e-6);
  }
}

void TestNpy::caseShapeErrors() {
  QTemporaryDir dir;
  const auto path = [&](const char* name) { return dir.filePath(QString::fromLatin1(name)).toStdString(); };
  const Mat G = Mat::Random(6, 9), M = Mat::Random(6, 4);
  npy::saveNpz(path("ok.npz"), {{"G", G}, {"M", M}});
  const MeegCase ok = loadMeegCase(path("ok.npz"));
  QCOMPARE(ok.alphaMax, meegAlphaMax(G, M));
  QCOMPARE(ok.times.size(), Index(4));
  QVERIFY(!ok.anatomy);

  const std::vector<std::pair<const char*, std::map<std::string, Mat>>> bad = {
      {"nogain.npz", {{"M", M}}},
      {"rows.npz", {{"G", G}, {"M", Mat::Random(5, 4)}}},
      {"times.npz", {{"G", G}, {"M", M}, {"times", Mat::Random(3, 1)}}},
      {"pos.npz", {{"G", G}, {"M", M}, {"src_pos", Mat::Random(9, 2)}}},
      {"hemi.npz", {{"G", G}, {"M", M}, {"src_hemi", Mat::Constant(9, 1, 2.0)}}},
      {"alphamax.npz", {{"G", G}, {"M", M}, {"alpha_max", Mat::Constant(1, 1, 1.0)}}},
      {"nan.npz", {{"G", G}, {"M", Mat::Constant(6, 4, std::nan(""))}}},
  };
  for (const auto& [name, arrays] : bad) {
    npy::saveNpz(path(name), arrays);
    try {
      loadMeegCase(path(name));
      QFAIL(qPrintable(QStringLiteral("no DataError for %1").arg(name)));
    } catch (const DataError& e) {
      QVERIFY2(std::string(e.what()).find(name) != std::string::npos, e.what());
    }
  }
  QVERIFY_THROWS_EXCEPTION(DataError, loadMeegCase(path("absent.npz")));
  QVERIFY_THROWS_EXCEPTION(DataError, loadMeegCase(dir.path().toStdString()));  // no G.csv
}

QTEST_APPLESS_MAIN(TestNpy)
#include "test_npy.moc"
