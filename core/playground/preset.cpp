#include "core/playground/preset.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/io/json_writer.hpp"
#include "core/playground/json_value.hpp"

namespace lambdascope::playground {

namespace {

// Messages quote keys and values of an untrusted file, and JSON escapes can put control
// characters in them ("\n"): keep the message on one line.
std::string oneLine(std::string s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u != 0x7F) {
      out += c;
    } else {
      out += "\\x";
      out += hex[u >> 4];
      out += hex[u & 0xF];
    }
  }
  return out;
}

/// Reads one JSON object with strict key checking; errors name the file and the key path.
class Reader {
 public:
  Reader(const JsonValue& obj, std::string file, std::string path)
      : obj_(obj), file_(std::move(file)), path_(std::move(path)) {
    if (!obj.isObject()) fail("expected an object");
  }

  [[noreturn]] void fail(const std::string& what, const std::string& key = {}) const {
    std::string where = path_.empty() ? key : (key.empty() ? path_ : path_ + "." + key);
    throw std::invalid_argument(oneLine(file_ + ": " + (where.empty() ? "" : "'" + where + "': ") + what));
  }
  void allow(std::initializer_list<const char*> keys) const {
    for (const auto& [k, v] : obj_.members()) {
      bool known = false;
      for (const char* a : keys) known = known || k == a;
      if (!known) {
        std::string list;
        for (const char* a : keys) list += (list.empty() ? "" : ", ") + std::string(a);
        fail("unknown key (expected one of: " + list + ")", k);
      }
    }
  }
  const JsonValue* get(const char* key) const { return obj_.find(key); }
  std::optional<double> number(const char* key) const {
    const JsonValue* v = get(key);
    if (!v) return std::nullopt;
    if (!v->isNumber()) fail("expected a number", key);
    return v->number();
  }
  std::optional<int> integer(const char* key) const {
    auto d = number(key);
    if (!d) return std::nullopt;
    if (*d != std::floor(*d) || std::abs(*d) > 2e9) fail("expected an integer", key);
    return static_cast<int>(*d);
  }
  std::optional<bool> boolean(const char* key) const {
    const JsonValue* v = get(key);
    if (!v) return std::nullopt;
    if (!v->isBool()) fail("expected true or false", key);
    return v->boolean();
  }
  std::optional<std::string> string(const char* key) const {
    const JsonValue* v = get(key);
    if (!v) return std::nullopt;
    if (!v->isString()) fail("expected a string", key);
    return v->string();
  }
  std::optional<std::vector<double>> numbers(const char* key, std::size_t count) const {
    const JsonValue* v = get(key);
    if (!v) return std::nullopt;
    if (!v->isArray() || v->array().size() != count) fail("expected an array of " + std::to_string(count) + " numbers", key);
    std::vector<double> out;
    for (const auto& e : v->array()) {
      if (!e.isNumber()) fail("expected an array of " + std::to_string(count) + " numbers", key);
      out.push_back(e.number());
    }
    return out;
  }
  std::optional<std::vector<std::string>> strings(const char* key) const {
    const JsonValue* v = get(key);
    if (!v) return std::nullopt;
    if (!v->isArray()) fail("expected an array of strings", key);
    std::vector<std::string> out;
    for (const auto& e : v->array()) {
      if (!e.isString()) fail("expected an array of strings", key);
      out.push_back(e.string());
    }
    return out;
  }
  Reader child(const char* key) const { return Reader(*get(key), file_, path_.empty() ? key : path_ + "." + key); }
  const std::string& file() const { return file_; }
  const std::string& path() const { return path_; }

 private:
  const JsonValue& obj_;
  std::string file_, path_;
};

ProblemSpec readProblem(const Reader& r) {
  r.allow({"name", "condition", "rotation", "lambda", "l1_ratio", "features"});
  ProblemSpec spec;
  const auto name = r.string("name");
  if (!name) r.fail("missing key", "name");
  spec.name = *name;
  spec.condition = r.number("condition").value_or(spec.condition);
  spec.rotationDeg = r.number("rotation").value_or(spec.rotationDeg);
  spec.lambda = r.number("lambda");
  spec.l1Ratio = r.number("l1_ratio").value_or(spec.l1Ratio);
  if (auto f = r.strings("features")) spec.features = *f;
  if (auto err = spec.validate(); !err.empty()) r.fail(err);
  return spec;
}

MethodSpec readMethod(const Reader& r) {
  r.allow({"method", "step", "momentum", "batch_size", "seed", "epoch_length", "label"});
  MethodSpec m;
  const auto name = r.string("method");
  if (!name) r.fail("missing key", "method");
  m.method = *name;
  const auto all = availableMethods();
  if (std::find(all.begin(), all.end(), m.method) == all.end()) {
    std::string list;
    for (const auto& a : all) list += (list.empty() ? "" : ", ") + a;
    r.fail("unknown method '" + m.method + "' (available: " + list + ")", "method");
  }
  m.step = r.number("step");
  m.momentum = r.number("momentum");
  m.batchSize = r.integer("batch_size").value_or(m.batchSize);
  if (auto s = r.integer("seed")) {
    if (*s < 0) r.fail("expected an integer >= 0", "seed");
    m.seed = static_cast<std::uint64_t>(*s);
  }
  m.epochLength = r.integer("epoch_length").value_or(0);
  m.label = r.string("label").value_or("");
  return m;
}

}  // namespace

Preset parsePreset(std::string_view text, const std::string& name) {
  JsonValue doc;
  try {
    doc = parseJson(text);
  } catch (const JsonParseError& e) {
    throw std::invalid_argument(oneLine(name + ": " + e.what()));
  }
  const Reader r(doc, name, "");
  r.allow({"format", "version", "title", "description", "problem", "start", "iterations", "methods", "view", "prox"});
  if (r.string("format").value_or("") != kPresetFormat)
    r.fail(std::string("not a playground preset (\"format\" must be \"") + kPresetFormat + "\")");
  Preset p;
  const auto version = r.integer("version");
  if (!version) r.fail("missing key", "version");
  if (*version < 1 || *version > kPresetVersion)
    r.fail("unsupported version " + std::to_string(*version) + " (this build reads 1.." + std::to_string(kPresetVersion) + ")", "version");
  p.version = *version;
  p.title = r.string("title").value_or("");
  p.description = r.string("description").value_or("");
  if (!r.get("problem")) r.fail("missing key", "problem");
  p.problem = readProblem(r.child("problem"));
  if (auto s = r.numbers("start", 2)) p.start = Vec2((*s)[0], (*s)[1]);
  p.iterations = r.integer("iterations").value_or(kDefaultIterations);
  if (p.iterations < 0 || p.iterations > 1000000) r.fail("expected an integer in [0, 1000000]", "iterations");
  if (const JsonValue* ms = r.get("methods")) {
    if (!ms->isArray()) r.fail("expected an array of objects", "methods");
    for (std::size_t i = 0; i < ms->array().size(); ++i)
      p.methods.push_back(readMethod(Reader(ms->array()[i], name, "methods[" + std::to_string(i) + "]")));
  }
  if (r.get("view")) {
    const Reader v = r.child("view");
    v.allow({"x", "y", "levels", "log_scale", "show_rates", "large_fonts", "tab"});
    const auto x = v.numbers("x", 2), y = v.numbers("y", 2);
    if (x.has_value() != y.has_value()) v.fail("give both x and y ranges, or neither");
    if (x) {
      if (!((*x)[0] < (*x)[1]) || !((*y)[0] < (*y)[1])) v.fail("ranges must be [min, max] with min < max");
      p.view.box = ViewBox{(*x)[0], (*x)[1], (*y)[0], (*y)[1]};
    }
    p.view.levels = v.integer("levels").value_or(p.view.levels);
    if (p.view.levels < 0 || p.view.levels > 200) v.fail("expected an integer in [0, 200]", "levels");
    p.view.logScale = v.boolean("log_scale").value_or(true);
    p.view.showRates = v.boolean("show_rates").value_or(true);
    p.view.largeFonts = v.boolean("large_fonts").value_or(false);
    p.view.tab = v.string("tab").value_or("playground");
    if (p.view.tab != "playground" && p.view.tab != "prox") v.fail("expected \"playground\" or \"prox\"", "tab");
  }
  if (r.get("prox")) {
    const Reader x = r.child("prox");
    x.allow({"operators", "lambda", "gamma", "x_max"});
    PresetProx px;
    if (auto ops = x.strings("operators")) px.operators = *ops;
    px.params.lambda = x.number("lambda").value_or(px.params.lambda);
    px.params.gamma = x.number("gamma").value_or(px.params.gamma);
    px.xMax = x.number("x_max").value_or(px.xMax);
    if (!(px.xMax > 0.0)) x.fail("expected a number > 0", "x_max");
    for (const auto& opName : px.operators) {
      ProxOperator op = ProxOperator::Soft;
      try {
        op = proxOperatorFromName(opName);
      } catch (const std::invalid_argument& e) {
        x.fail(e.what(), "operators");
      }
      if (auto err = validateProx(op, px.params); !err.empty()) x.fail(err);
    }
    p.prox = px;
  }
  return p;
}

Preset loadPreset(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::invalid_argument(path + ": cannot open the preset file");
  std::ostringstream s;
  s << f.rdbuf();
  if (f.bad()) throw std::invalid_argument(path + ": cannot read the preset file");
  return parsePreset(s.str(), path);
}

std::string presetToJson(const Preset& p) {
  std::ostringstream out;
  JsonWriter j(out);
  j.beginObject();
  j.key("format").value(kPresetFormat);
  j.key("version").value(kPresetVersion);
  j.key("title").value(p.title);
  j.key("description").value(p.description);
  j.key("problem").beginObject();
  j.key("name").value(p.problem.name);
  if (p.problem.name == "quadratic") {
    j.key("condition").value(p.problem.condition);
    j.key("rotation").value(p.problem.rotationDeg);
  }
  if (p.problem.lambda) j.key("lambda").value(*p.problem.lambda);
  if (p.problem.name == "enet2d") j.key("l1_ratio").value(p.problem.l1Ratio);
  if (!p.problem.features.empty()) j.key("features").array(p.problem.features);
  j.endObject();
  if (p.start) j.key("start").array(std::vector<double>{(*p.start)[0], (*p.start)[1]});
  j.key("iterations").value(p.iterations);
  j.key("methods").beginArray();
  for (const MethodSpec& m : p.methods) {
    j.beginObject();
    j.key("method").value(m.method);
    if (m.step) j.key("step").value(*m.step);
    if (m.momentum) j.key("momentum").value(*m.momentum);
    if (m.method == "minibatch") j.key("batch_size").value(m.batchSize);
    j.key("seed").value(static_cast<long long>(m.seed));
    if (m.epochLength > 0) j.key("epoch_length").value(m.epochLength);
    if (!m.label.empty()) j.key("label").value(m.label);
    j.endObject();
  }
  j.endArray();
  j.key("view").beginObject();
  if (p.view.box) {
    j.key("x").array(std::vector<double>{p.view.box->xMin, p.view.box->xMax});
    j.key("y").array(std::vector<double>{p.view.box->yMin, p.view.box->yMax});
  }
  j.key("levels").value(p.view.levels);
  j.key("log_scale").value(p.view.logScale);
  j.key("show_rates").value(p.view.showRates);
  j.key("large_fonts").value(p.view.largeFonts);
  j.key("tab").value(p.view.tab);
  j.endObject();
  if (p.prox) {
    j.key("prox").beginObject();
    j.key("operators").array(p.prox->operators);
    j.key("lambda").value(p.prox->params.lambda);
    j.key("gamma").value(p.prox->params.gamma);
    j.key("x_max").value(p.prox->xMax);
    j.endObject();
  }
  j.endObject();
  out << '\n';
  return out.str();
}

}  // namespace lambdascope::playground
