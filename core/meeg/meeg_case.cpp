#include "core/meeg/meeg_case.hpp"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/io/dataset_io.hpp"
#include "core/io/json_writer.hpp"
#include "core/io/npy.hpp"
#include "core/playground/json_value.hpp"

namespace lambdascope {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const std::string& file, const std::string& why) { throw DataError(file, 0, 0, {}, why); }

std::string readText(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw DataError(p.string(), 0, 0, p.string(), "cannot open the file");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string_view> splitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = end + 1;
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

double parseNumber(std::string_view field, const std::string& file, long line, long column) {
  while (!field.empty() && field.front() == ' ') field.remove_prefix(1);
  while (!field.empty() && field.back() == ' ') field.remove_suffix(1);
  double v = 0.0;
  const auto [ptr, ec] = std::from_chars(field.data(), field.data() + field.size(), v);
  if (ec != std::errc() || ptr != field.data() + field.size() || field.empty())
    throw DataError(file, line, column, std::string(field), "not a number");
  return v;
}

// A headerless numeric CSV (one row per line; a 1-D array is one value per line).
Mat readNumericCsv(const fs::path& p, std::size_t skipLines = 0) {
  const std::string file = p.string();
  const std::string text = readText(p);
  const auto lines = splitLines(text);
  if (lines.size() <= skipLines) fail(file, "no data rows");
  Index cols = -1;
  std::vector<double> values;
  for (std::size_t r = skipLines; r < lines.size(); ++r) {
    Index c = 0;
    std::size_t start = 0;
    const std::string_view line = lines[r];
    while (true) {
      std::size_t end = line.find(',', start);
      if (end == std::string_view::npos) end = line.size();
      values.push_back(parseNumber(line.substr(start, end - start), file, static_cast<long>(r + 1), static_cast<long>(c + 1)));
      ++c;
      if (end == line.size()) break;
      start = end + 1;
    }
    if (cols < 0) cols = c;
    if (c != cols)
      throw DataError(file, static_cast<long>(r + 1), 0, std::string(line.substr(0, 40)),
                      "row has " + std::to_string(c) + " values, the first row has " + std::to_string(cols));
  }
  const auto rows = static_cast<Index>(lines.size() - skipLines);
  return Eigen::Map<const RowMat>(values.data(), rows, cols);
}

std::vector<std::string> readLines(const fs::path& p) {
  std::vector<std::string> out;
  const std::string text = readText(p);  // outlives the views splitLines returns
  for (auto l : splitLines(text)) out.emplace_back(l);
  return out;
}

// sensors*.csv: header name,type,x,y,z,nx,ny,nz.
struct SensorTable {
  std::vector<std::string> names, types;
  Mat positions;
};
SensorTable readSensorsCsv(const fs::path& p) {
  const std::string file = p.string();
  const std::string text = readText(p);
  const auto lines = splitLines(text);
  if (lines.empty() || lines[0].substr(0, 10) != "name,type,") fail(file, "expected the header name,type,x,y,z,...");
  SensorTable t;
  t.positions.resize(static_cast<Index>(lines.size() - 1), 3);
  for (std::size_t r = 1; r < lines.size(); ++r) {
    std::vector<std::string_view> f;
    std::size_t start = 0;
    const std::string_view line = lines[r];
    while (true) {
      std::size_t end = line.find(',', start);
      if (end == std::string_view::npos) end = line.size();
      f.push_back(line.substr(start, end - start));
      if (end == line.size()) break;
      start = end + 1;
    }
    if (f.size() < 5) throw DataError(file, static_cast<long>(r + 1), 0, std::string(line.substr(0, 40)), "expected at least 5 fields");
    t.names.emplace_back(f[0]);
    t.types.emplace_back(f[1]);
    for (int k = 0; k < 3; ++k)
      t.positions(static_cast<Index>(r - 1), k) = parseNumber(f[2 + static_cast<std::size_t>(k)], file, static_cast<long>(r + 1), k + 3);
  }
  return t;
}

std::vector<int> toInts(const Vec& v, const std::string& file, const char* what) {
  std::vector<int> out(static_cast<std::size_t>(v.size()));
  for (Index k = 0; k < v.size(); ++k) {
    if (!(std::abs(v[k]) < 2e9) || v[k] != std::round(v[k]))
      fail(file, std::string(what) + ": value " + std::to_string(k) + " is not an integer");
    out[static_cast<std::size_t>(k)] = static_cast<int>(v[k]);
  }
  return out;
}

Vec columnOf(const Mat& m, const std::string& file, const char* what) {
  if (m.cols() != 1 && m.rows() != 1) fail(file, std::string(what) + " must be 1-D");
  return Eigen::Map<const Vec>(m.data(), m.size());
}

void requireRows(const Mat& m, Index rows, Index cols, const std::string& file, const std::string& what) {
  if (m.rows() != rows || (cols >= 0 && m.cols() != cols))
    fail(file, what + " is " + std::to_string(m.rows()) + " x " + std::to_string(m.cols()) + ", expected " +
                   std::to_string(rows) + " x " + (cols >= 0 ? std::to_string(cols) : std::string("*")));
}

void requireFinite(const Mat& m, const std::string& file, const std::string& what) {
  if (!m.allFinite()) fail(file, what + " contains NaN or infinite values");
}

// Checks shared by both formats, then α_max.
void finish(MeegCase& c, const std::string& file) {
  const Index n = c.G.rows(), p = c.G.cols(), T = c.M.cols();
  if (n == 0 || p == 0) fail(file, "G is empty");
  if (T == 0) fail(file, "M is empty");
  requireRows(c.M, n, -1, file, "M (rows must match G's sensors)");
  requireFinite(c.G, file, "G");
  requireFinite(c.M, file, "M");
  if (c.times.size() == 0) {
    c.times = Vec::LinSpaced(T, 0.0, static_cast<double>(T - 1));
    if (c.sfreq > 0) c.times /= c.sfreq;
  }
  if (c.times.size() != T) fail(file, "times has " + std::to_string(c.times.size()) + " values, M has " + std::to_string(T) + " columns");
  if (c.sourcePositions.size() == 0) c.sourcePositions.resize(0, 3);
  else requireRows(c.sourcePositions, p, 3, file, "src_pos");
  if (c.sourceNormals.size() == 0) c.sourceNormals.resize(0, 3);
  else requireRows(c.sourceNormals, p, 3, file, "src_nn");
  if (!c.hemisphere.empty()) {
    if (static_cast<Index>(c.hemisphere.size()) != p) fail(file, "src_hemi must have one value per source (" + std::to_string(p) + ")");
    for (int h : c.hemisphere)
      if (h != 0 && h != 1) fail(file, "src_hemi values must be 0 (lh) or 1 (rh)");
  }
  if (!c.vertexIndex.empty()) {
    if (static_cast<Index>(c.vertexIndex.size()) != p) fail(file, "src_vertno must have one value per source (" + std::to_string(p) + ")");
    for (int v : c.vertexIndex)
      if (v < 0) fail(file, "src_vertno values must be non-negative");
  }
  if (c.depthWeights.size() != 0 && c.depthWeights.size() != p) fail(file, "depth_weights must have one value per source");
  if (!c.channelNames.empty() && static_cast<Index>(c.channelNames.size()) != n)
    fail(file, "ch_names has " + std::to_string(c.channelNames.size()) + " names for " + std::to_string(n) + " sensors");
  if (!c.channelTypes.empty() && static_cast<Index>(c.channelTypes.size()) != n) fail(file, "ch_types must have one entry per sensor");
  if (c.sensorPositions.size() == 0) c.sensorPositions.resize(0, 3);
  else requireRows(c.sensorPositions, n, 3, file, "sensor positions");
  c.alphaMax = meegAlphaMax(c.G, c.M);
  if (c.fileAlphaMax && std::abs(*c.fileAlphaMax - c.alphaMax) > 1e-8 * c.alphaMax)
    fail(file, "stored alpha_max " + JsonWriter::number(*c.fileAlphaMax) + " differs from max_i ||G_i^T M|| = " +
                   JsonWriter::number(c.alphaMax));
}

CorticalMesh meshFromNpz(const std::map<std::string, npy::Array>& z, const std::string& prefix, const std::string& file) {
  CorticalMesh mesh;
  const auto v = z.find(prefix + "_vertices"), t = z.find(prefix + "_triangles"), nn = z.find(prefix + "_normals");
  if (v == z.end() || t == z.end()) fail(file, "lacks " + prefix + "_vertices or " + prefix + "_triangles");
  mesh.vertices = npy::toMatrix(v->second, file + ":" + prefix + "_vertices");
  const Mat tri = npy::toMatrix(t->second, file + ":" + prefix + "_triangles");
  if (mesh.vertices.cols() != 3 || tri.cols() != 3) fail(file, prefix + " vertices and triangles must have 3 columns");
  mesh.triangles = tri.cast<int>();
  if (nn != z.end()) {
    mesh.normals = npy::toMatrix(nn->second, file + ":" + prefix + "_normals");
    requireRows(mesh.normals, mesh.vertices.rows(), 3, file, prefix + "_normals");
  }
  return mesh;
}

CorticalMesh meshFromCsv(const fs::path& dir, const std::string& prefix) {
  CorticalMesh mesh;
  const fs::path v = dir / (prefix + "_vertices.csv"), t = dir / (prefix + "_triangles.csv"), nn = dir / (prefix + "_normals.csv");
  mesh.vertices = readNumericCsv(v);
  if (mesh.vertices.cols() != 3) fail(v.string(), "expected 3 columns");
  const Mat tri = readNumericCsv(t);
  if (tri.cols() != 3) fail(t.string(), "expected 3 columns");
  mesh.triangles = tri.cast<int>();
  if (fs::exists(nn)) {
    mesh.normals = readNumericCsv(nn);
    requireRows(mesh.normals, mesh.vertices.rows(), 3, nn.string(), "normals");
  }
  return mesh;
}

void checkMesh(const CorticalMesh& m, const std::string& file, const std::string& what) {
  requireFinite(m.vertices, file, what + " vertices");
  const Index nv = m.vertices.rows();
  for (Index r = 0; r < m.triangles.rows(); ++r)
    for (int k = 0; k < 3; ++k)
      if (m.triangles(r, k) < 0 || m.triangles(r, k) >= nv)
        fail(file, what + " triangle " + std::to_string(r) + " refers to vertex " + std::to_string(m.triangles(r, k)) +
                       " of " + std::to_string(nv));
}

std::string stemOf(const fs::path& p) { return p.stem().string(); }

}  // namespace

double meegAlphaMax(const Mat& G, const Mat& M) {
  const Mat GtM = G.transpose() * M;
  return GtM.rowwise().norm().maxCoeff();
}

MeegAnatomy loadMeegAnatomy(const std::string& folder) {
  const fs::path dir(folder);
  MeegAnatomy a;
  const fs::path npz = dir / "anatomy.npz";
  if (fs::exists(npz)) {
    const std::string file = npz.string();
    a.source = file;
    const auto z = npy::loadNpz(file);
    a.lh = meshFromNpz(z, "cortex_lh", file);
    a.rh = meshFromNpz(z, "cortex_rh", file);
    if (z.count("scalp_vertices")) a.scalp = meshFromNpz(z, "scalp", file);
    if (z.count("outer_skull_vertices")) a.outerSkull = meshFromNpz(z, "outer_skull", file);
    if (z.count("inner_skull_vertices")) a.innerSkull = meshFromNpz(z, "inner_skull", file);
    if (const auto s = z.find("sensor_pos"); s != z.end()) a.sensorPositions = npy::toMatrix(s->second, file + ":sensor_pos");
    if (const auto s = z.find("sensor_names"); s != z.end()) a.sensorNames = s->second.strings;
    if (const auto s = z.find("sensor_types"); s != z.end()) a.sensorTypes = s->second.strings;
  } else {
    a.source = dir.string();
    a.lh = meshFromCsv(dir, "cortex_lh");
    a.rh = meshFromCsv(dir, "cortex_rh");
    if (fs::exists(dir / "scalp_vertices.csv")) a.scalp = meshFromCsv(dir, "scalp");
    if (fs::exists(dir / "outer_skull_vertices.csv")) a.outerSkull = meshFromCsv(dir, "outer_skull");
    if (fs::exists(dir / "inner_skull_vertices.csv")) a.innerSkull = meshFromCsv(dir, "inner_skull");
    if (fs::exists(dir / "sensors_all.csv")) {
      auto t = readSensorsCsv(dir / "sensors_all.csv");
      a.sensorPositions = std::move(t.positions);
      a.sensorNames = std::move(t.names);
      a.sensorTypes = std::move(t.types);
    }
  }
  checkMesh(a.lh, a.source, "cortex_lh");
  checkMesh(a.rh, a.source, "cortex_rh");
  if (a.scalp) checkMesh(*a.scalp, a.source, "scalp");
  if (a.outerSkull) checkMesh(*a.outerSkull, a.source, "outer_skull");
  if (a.innerSkull) checkMesh(*a.innerSkull, a.source, "inner_skull");
  if (a.sensorPositions.size() && a.sensorPositions.cols() != 3) fail(a.source, "sensor positions must have 3 columns");
  return a;
}

MeegCase loadMeegCase(const std::string& path) {
  std::error_code ec;
  const fs::path p(path);
  const auto st = fs::status(p, ec);
  if (st.type() == fs::file_type::not_found) throw DataError(path, 0, 0, path, "file or folder not found");
  if (ec) throw DataError(path, 0, 0, path, "cannot access (" + ec.message() + ")");

  MeegCase c;
  c.source = path;
  fs::path caseDir;
  if (fs::is_directory(st)) {
    fs::path csv = p;
    if (!fs::exists(csv / "G.csv") && fs::exists(p / "csv" / "G.csv")) csv = p / "csv";
    if (!fs::exists(csv / "G.csv")) throw DataError(path, 0, 0, path, "no G.csv here nor in csv/ (see the README's M/EEG data layout)");
    if (!fs::exists(csv / "M.csv")) throw DataError((csv / "M.csv").string(), 0, 0, {}, "M.csv is missing");
    caseDir = csv.filename() == "csv" ? csv.parent_path() : csv;
    if (caseDir.empty()) caseDir = ".";
    const fs::path metaFile = fs::exists(csv / "meta.json") ? csv / "meta.json" : caseDir / "meta.json";
    c.name = fs::absolute(caseDir).lexically_normal().filename().string();
    if (fs::exists(metaFile)) {
      playground::JsonValue meta;
      try {
        meta = playground::parseJson(readText(metaFile));
      } catch (const playground::JsonParseError& e) {
        throw DataError(metaFile.string(), e.line(), e.column(), {}, e.what());
      }
      if (const auto* v = meta.find("name"); v && v->isString()) c.name = v->string();
      if (const auto* v = meta.find("sfreq"); v && v->isNumber()) c.sfreq = v->number();
      if (const auto* v = meta.find("alpha_max"); v && v->isNumber()) c.fileAlphaMax = v->number();
    }
    c.G = readNumericCsv(csv / "G.csv");
    c.M = readNumericCsv(csv / "M.csv");
    const auto opt = [&](const char* f) { return fs::exists(csv / f); };
    if (opt("times.csv")) c.times = columnOf(readNumericCsv(csv / "times.csv"), (csv / "times.csv").string(), "times");
    if (opt("src_pos.csv")) c.sourcePositions = readNumericCsv(csv / "src_pos.csv");
    if (opt("src_nn.csv")) c.sourceNormals = readNumericCsv(csv / "src_nn.csv");
    if (opt("src_hemi.csv")) {
      const std::string f = (csv / "src_hemi.csv").string();
      c.hemisphere = toInts(columnOf(readNumericCsv(csv / "src_hemi.csv"), f, "src_hemi"), f, "src_hemi");
    }
    if (opt("src_vertno.csv")) {
      const std::string f = (csv / "src_vertno.csv").string();
      c.vertexIndex = toInts(columnOf(readNumericCsv(csv / "src_vertno.csv"), f, "src_vertno"), f, "src_vertno");
    }
    if (opt("depth_weights.csv"))
      c.depthWeights = columnOf(readNumericCsv(csv / "depth_weights.csv"), (csv / "depth_weights.csv").string(), "depth_weights");
    if (opt("ch_names.csv")) c.channelNames = readLines(csv / "ch_names.csv");
    if (opt("sensors.csv")) {
      auto t = readSensorsCsv(csv / "sensors.csv");
      c.sensorPositions = std::move(t.positions);
      c.channelTypes = std::move(t.types);
      if (c.channelNames.empty()) c.channelNames = std::move(t.names);
    }
    finish(c, (csv / "G.csv").string());
  } else {
    // Only what the case uses: exports often carry large extras (raw gain, covariances).
    const auto z = npy::loadNpz(path, {"G", "M", "times", "sfreq", "alpha_max", "src_pos", "src_nn", "src_hemi",
                                       "src_vertno", "depth_weights", "ch_names", "ch_types", "sensor_pos"});
    caseDir = p.parent_path();
    if (caseDir.empty()) caseDir = ".";
    c.name = stemOf(p);
    const auto get = [&](const char* key) -> const npy::Array* {
      const auto it = z.find(key);
      return it == z.end() ? nullptr : &it->second;
    };
    const auto what = [&](const char* key) { return path + ":" + key; };
    if (!get("G") || !get("M")) throw DataError(path, 0, 0, {}, "the npz must hold arrays 'G' (n x p) and 'M' (n x T)");
    if (get("G")->shape.size() != 2 || get("M")->shape.size() != 2) throw DataError(path, 0, 0, {}, "'G' and 'M' must be 2-D");
    c.G = npy::toMatrix(*get("G"), what("G"));
    c.M = npy::toMatrix(*get("M"), what("M"));
    if (const auto* a = get("times")) c.times = npy::toVector(*a, what("times"));
    if (const auto* a = get("sfreq")) c.sfreq = npy::toScalar(*a, what("sfreq"));
    if (const auto* a = get("alpha_max")) c.fileAlphaMax = npy::toScalar(*a, what("alpha_max"));
    if (const auto* a = get("src_pos")) c.sourcePositions = npy::toMatrix(*a, what("src_pos"));
    if (const auto* a = get("src_nn")) c.sourceNormals = npy::toMatrix(*a, what("src_nn"));
    if (const auto* a = get("src_hemi")) c.hemisphere = toInts(npy::toVector(*a, what("src_hemi")), path, "src_hemi");
    if (const auto* a = get("src_vertno")) c.vertexIndex = toInts(npy::toVector(*a, what("src_vertno")), path, "src_vertno");
    if (const auto* a = get("depth_weights")) c.depthWeights = npy::toVector(*a, what("depth_weights"));
    if (const auto* a = get("ch_names")) c.channelNames = a->strings;
    if (const auto* a = get("ch_types")) c.channelTypes = a->strings;
    if (const auto* a = get("sensor_pos")) c.sensorPositions = npy::toMatrix(*a, what("sensor_pos"));
    finish(c, path);
  }

  for (const fs::path& dir : {caseDir / "anatomy", caseDir.parent_path() / "anatomy"}) {
    if (fs::exists(dir / "anatomy.npz") || fs::exists(dir / "cortex_lh_vertices.csv")) {
      c.anatomy = loadMeegAnatomy(dir.string());
      break;
    }
  }
  if (c.anatomy && !c.vertexIndex.empty() && !c.hemisphere.empty()) {
    for (std::size_t j = 0; j < c.vertexIndex.size(); ++j) {
      const CorticalMesh& mesh = c.hemisphere[j] == 0 ? c.anatomy->lh : c.anatomy->rh;
      if (c.vertexIndex[j] >= mesh.vertices.rows())
        fail(path, "src_vertno[" + std::to_string(j) + "] = " + std::to_string(c.vertexIndex[j]) +
                       " is beyond the cortex mesh of " + c.anatomy->source);
    }
  }
  return c;
}

}  // namespace lambdascope
