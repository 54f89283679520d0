#include "ui/session/session_format.hpp"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSaveFile>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "ui/plots/qcp.hpp"

namespace lambdascope::ui {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// JSON has no NaN/inf: they are written as null and read back as NaN.
QJsonValue number(double v) { return std::isfinite(v) ? QJsonValue(v) : QJsonValue(QJsonValue::Null); }
double toNumber(const QJsonValue& v) { return v.isDouble() ? v.toDouble() : kNaN; }

QJsonArray numbers(const std::vector<double>& values) {
  QJsonArray a;
  for (const double v : values) a.append(number(v));
  return a;
}

std::vector<double> toNumbers(const QJsonValue& v) {
  std::vector<double> out;
  for (const QJsonValue& x : v.toArray()) out.push_back(toNumber(x));
  return out;
}

[[noreturn]] void malformed(const QString& what) { throw std::runtime_error(what.toStdString()); }

Termination terminationFromString(const QString& s) {
  if (s == QLatin1String("converged")) return Termination::Converged;
  if (s == QLatin1String("max_iterations")) return Termination::MaxIterations;
  return Termination::Cancelled;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Pieces

QJsonObject modelSettingsToJson(const ModelSettings& m) {
  QJsonObject o;
  o[QStringLiteral("model")] = m.model;
  o[QStringLiteral("solver")] = m.solver;
  o[QStringLiteral("n_lambdas")] = m.nLambdas;
  o[QStringLiteral("lambda_min_ratio")] = m.lambdaMinRatio;
  o[QStringLiteral("use_explicit_lambdas")] = m.useExplicitLambdas;
  o[QStringLiteral("explicit_lambdas")] = m.explicitLambdas;
  o[QStringLiteral("tol")] = m.tol;
  o[QStringLiteral("fit_intercept")] = m.fitIntercept;
  o[QStringLiteral("standardize")] = m.standardize;
  o[QStringLiteral("l1_ratio")] = m.l1Ratio;
  o[QStringLiteral("gamma")] = m.gamma;
  o[QStringLiteral("weights_file")] = m.weightsFile;
  o[QStringLiteral("positive")] = m.positive;
  o[QStringLiteral("group_size")] = m.groupSize;
  o[QStringLiteral("groups_file")] = m.groupsFile;
  return o;
}

ModelSettings modelSettingsFromJson(const QJsonObject& o) {
  ModelSettings m;  // missing keys keep the defaults
  m.model = o.value(QStringLiteral("model")).toString(m.model);
  m.solver = o.value(QStringLiteral("solver")).toString(m.solver);
  m.nLambdas = o.value(QStringLiteral("n_lambdas")).toInt(m.nLambdas);
  m.lambdaMinRatio = o.value(QStringLiteral("lambda_min_ratio")).toDouble(m.lambdaMinRatio);
  m.useExplicitLambdas = o.value(QStringLiteral("use_explicit_lambdas")).toBool(m.useExplicitLambdas);
  m.explicitLambdas = o.value(QStringLiteral("explicit_lambdas")).toString(m.explicitLambdas);
  m.tol = o.value(QStringLiteral("tol")).toDouble(m.tol);
  m.fitIntercept = o.value(QStringLiteral("fit_intercept")).toBool(m.fitIntercept);
  m.standardize = o.value(QStringLiteral("standardize")).toBool(m.standardize);
  m.l1Ratio = o.value(QStringLiteral("l1_ratio")).toDouble(m.l1Ratio);
  m.gamma = o.value(QStringLiteral("gamma")).toDouble(m.gamma);
  m.weightsFile = o.value(QStringLiteral("weights_file")).toString(m.weightsFile);
  m.positive = o.value(QStringLiteral("positive")).toBool(m.positive);
  m.groupSize = o.value(QStringLiteral("group_size")).toInt(m.groupSize);
  m.groupsFile = o.value(QStringLiteral("groups_file")).toString(m.groupsFile);
  return m;
}

QJsonObject datasetReferenceToJson(const DatasetReference& d) {
  QJsonObject o;
  o[QStringLiteral("path")] = d.path;
  o[QStringLiteral("display_name")] = d.displayName;
  o[QStringLiteral("hash")] = d.hash;
  o[QStringLiteral("bytes")] = static_cast<double>(d.bytes);
  QJsonObject load;
  load[QStringLiteral("format")] = d.format;
  load[QStringLiteral("targets")] = QJsonArray::fromStringList(d.targets);
  load[QStringLiteral("zero_based")] = d.zeroBased;
  o[QStringLiteral("load")] = load;
  o[QStringLiteral("n_samples")] = static_cast<double>(d.samples);
  o[QStringLiteral("n_features")] = static_cast<double>(d.features);
  return o;
}

DatasetReference datasetReferenceFromJson(const QJsonObject& o) {
  DatasetReference d;
  d.path = o.value(QStringLiteral("path")).toString();
  d.displayName = o.value(QStringLiteral("display_name")).toString();
  d.hash = o.value(QStringLiteral("hash")).toString();
  d.bytes = static_cast<qint64>(o.value(QStringLiteral("bytes")).toDouble(-1));
  const QJsonObject load = o.value(QStringLiteral("load")).toObject();
  d.format = load.value(QStringLiteral("format")).toString();
  for (const QJsonValue& t : load.value(QStringLiteral("targets")).toArray()) d.targets << t.toString();
  d.zeroBased = load.value(QStringLiteral("zero_based")).toBool(false);
  d.samples = static_cast<qint64>(o.value(QStringLiteral("n_samples")).toDouble(0));
  d.features = static_cast<qint64>(o.value(QStringLiteral("n_features")).toDouble(0));
  return d;
}

PathResult pathResultFromJson(const QJsonObject& json) {
  PathResult r;
  r.solver = json.value(QStringLiteral("solver")).toString().toStdString();
  r.lambdaMax = toNumber(json.value(QStringLiteral("lambda_max")));
  r.nullObjective = toNumber(json.value(QStringLiteral("null_objective")));
  r.totalSeconds = json.value(QStringLiteral("total_seconds")).toDouble(0.0);
  r.cancelled = json.value(QStringLiteral("cancelled")).toBool(false);
  const QJsonValue pathValue = json.value(QStringLiteral("path"));
  if (!pathValue.isArray()) malformed(QStringLiteral("\"path\" is not an array"));
  const QJsonArray points = pathValue.toArray();
  const Index tasks = static_cast<Index>(json.value(QStringLiteral("n_tasks")).toInt(1));
  for (qsizetype k = 0; k < points.size(); ++k) {
    if (!points[k].isObject()) malformed(QStringLiteral("path point %1 is not an object").arg(k));
    const QJsonObject o = points[k].toObject();
    PathPoint p;
    p.index = static_cast<Index>(k);
    if (!o.value(QStringLiteral("lambda")).isDouble())
      malformed(QStringLiteral("path point %1: \"lambda\" is not a number").arg(k));
    p.lambda = o.value(QStringLiteral("lambda")).toDouble();
    p.tasks = tasks;
    if (tasks > 1) {
      p.intercepts = toNumbers(o.value(QStringLiteral("intercept")));
      p.intercept = p.intercepts.empty() ? 0.0 : p.intercepts.front();
    } else {
      p.intercept = toNumber(o.value(QStringLiteral("intercept")));
    }
    const QJsonObject coef = o.value(QStringLiteral("coef")).toObject();
    const QJsonArray index = coef.value(QStringLiteral("index")).toArray();
    const QJsonArray value = coef.value(QStringLiteral("value")).toArray();
    if (index.size() != value.size())
      malformed(QStringLiteral("path point %1: coef.index and coef.value differ in length").arg(k));
    for (qsizetype i = 0; i < index.size(); ++i) {
      if (!index[i].isDouble()) malformed(QStringLiteral("path point %1: coef.index[%2] is not a number").arg(k).arg(i));
      const double j = index[i].toDouble();
      if (j < 0 || j != std::floor(j) || (i > 0 && j <= static_cast<double>(p.support.back())))
        malformed(QStringLiteral("path point %1: coef.index must be increasing non-negative integers").arg(k));
      p.support.push_back(static_cast<Index>(j));
      if (tasks > 1) {
        const QJsonArray row = value[i].toArray();
        if (row.size() != tasks) malformed(QStringLiteral("path point %1: coef.value[%2] needs %3 values").arg(k).arg(i).arg(tasks));
        for (const QJsonValue& x : row) p.values.push_back(toNumber(x));
      } else {
        p.values.push_back(toNumber(value[i]));
      }
    }
    p.objective = toNumber(o.value(QStringLiteral("objective")));
    const bool gap = o.value(QStringLiteral("stop_criterion")).toString(QStringLiteral("duality_gap")) ==
                     QLatin1String("duality_gap");
    p.criterion = gap ? "duality_gap" : "stationarity";
    p.dualityGap = toNumber(o.value(gap ? QStringLiteral("duality_gap") : QStringLiteral("stationarity")));
    p.gapThreshold = toNumber(o.value(gap ? QStringLiteral("gap_threshold") : QStringLiteral("stationarity_threshold")));
    p.termination = terminationFromString(o.value(QStringLiteral("termination")).toString());
    p.epochs = o.value(QStringLiteral("n_iter")).toInt(0);
    p.seconds = o.value(QStringLiteral("seconds")).toDouble(0.0);
    r.points.push_back(std::move(p));
  }
  // The session adds the whole grid (a cancelled path has fewer points than λ).
  r.lambdas = toNumbers(json.value(QStringLiteral("lambdas")));
  if (r.lambdas.empty())
    for (const PathPoint& p : r.points) r.lambdas.push_back(p.lambda);
  return r;
}

QJsonObject plotViewToJson(const PlotView& v) {
  QJsonObject o;
  o[QStringLiteral("x")] = QJsonArray{number(v.xLower), number(v.xUpper)};
  o[QStringLiteral("y")] = QJsonArray{number(v.yLower), number(v.yUpper)};
  o[QStringLiteral("x_log")] = v.xLog;
  o[QStringLiteral("y_log")] = v.yLog;
  return o;
}

PlotView plotViewFromJson(const QJsonObject& o) {
  PlotView v;
  const QJsonArray x = o.value(QStringLiteral("x")).toArray();
  const QJsonArray y = o.value(QStringLiteral("y")).toArray();
  if (x.size() == 2) {
    v.xLower = toNumber(x[0]);
    v.xUpper = toNumber(x[1]);
  }
  if (y.size() == 2) {
    v.yLower = toNumber(y[0]);
    v.yUpper = toNumber(y[1]);
  }
  v.xLog = o.value(QStringLiteral("x_log")).toBool(false);
  v.yLog = o.value(QStringLiteral("y_log")).toBool(false);
  return v;
}

PlotView capturePlotView(const QCustomPlot& plot) {
  PlotView v;
  v.xLower = plot.xAxis->range().lower;
  v.xUpper = plot.xAxis->range().upper;
  v.yLower = plot.yAxis->range().lower;
  v.yUpper = plot.yAxis->range().upper;
  v.xLog = plot.xAxis->scaleType() == QCPAxis::stLogarithmic;
  v.yLog = plot.yAxis->scaleType() == QCPAxis::stLogarithmic;
  return v;
}

void applyPlotView(QCustomPlot& plot, const PlotView& v) {
  // Scale types belong to the plot (a log axis needs a log ticker): only ranges are restored,
  // and only finite ones that make sense on the axis' current scale.
  const auto usable = [](double lo, double hi, bool log) {
    return std::isfinite(lo) && std::isfinite(hi) && lo < hi && (!log || lo > 0.0);
  };
  if (usable(v.xLower, v.xUpper, plot.xAxis->scaleType() == QCPAxis::stLogarithmic))
    plot.xAxis->setRange(v.xLower, v.xUpper);
  if (usable(v.yLower, v.yUpper, plot.yAxis->scaleType() == QCPAxis::stLogarithmic))
    plot.yAxis->setRange(v.yLower, v.yUpper);
  plot.replot(QCustomPlot::rpQueuedReplot);
}

// ---------------------------------------------------------------------------------------------
// Document

QJsonObject sessionToJson(const SessionDocument& doc, const QJsonObject& pathJson) {
  QJsonObject root;
  root[QStringLiteral("format")] = kSessionFormat;
  root[QStringLiteral("version")] = doc.version;
  root[QStringLiteral("app_version")] = doc.appVersion;
  root[QStringLiteral("saved_at")] = doc.savedAt;
  if (doc.dataset) root[QStringLiteral("dataset")] = datasetReferenceToJson(*doc.dataset);
  if (doc.hasModel) root[QStringLiteral("model")] = modelSettingsToJson(doc.model);
  if (doc.path) {
    QJsonObject path = pathJson;
    path[QStringLiteral("lambdas")] = numbers(doc.path->lambdas);
    path[QStringLiteral("state")] = doc.pathState;
    path[QStringLiteral("model")] = doc.pathModel;
    root[QStringLiteral("path")] = path;
  }
  root[QStringLiteral("cursor")] = doc.cursor;
  QJsonObject view;
  view[QStringLiteral("tab")] = doc.currentTab;
  QJsonObject plots;
  for (const auto& [name, v] : doc.plots) plots[name] = plotViewToJson(v);
  view[QStringLiteral("plots")] = plots;
  root[QStringLiteral("view")] = view;
  root[QStringLiteral("views")] = doc.views;
  root[QStringLiteral("commands")] = doc.commands;
  return root;
}

bool sessionFromJson(const QJsonObject& root, const QString& fileName, SessionDocument& out, QString* error) {
  const auto fail = [&](const QString& why) {
    if (error) *error = QObject::tr("%1: %2").arg(fileName, why);
    return false;
  };
  const QJsonValue format = root.value(QStringLiteral("format"));
  if (format.toString() != kSessionFormat)
    return fail(format.isUndefined()
                    ? QObject::tr("not a Lambdascope session (no \"format\" key)")
                    : QObject::tr("not a Lambdascope session (\"format\" is \"%1\", expected \"%2\")")
                          .arg(format.toVariant().toString(), kSessionFormat));
  const QJsonValue version = root.value(QStringLiteral("version"));
  if (!version.isDouble() || version.toDouble() != std::floor(version.toDouble()) || version.toDouble() < 1)
    return fail(QObject::tr("\"version\" must be a positive integer"));
  const int v = version.toInt();
  if (v > kSessionVersion)
    return fail(QObject::tr("session version %1 was written by a newer Lambdascope (%2); this build "
                            "reads versions up to %3. Nothing was changed.")
                    .arg(v)
                    .arg(root.value(QStringLiteral("app_version")).toString(QObject::tr("unknown version")))
                    .arg(kSessionVersion));
  SessionDocument doc;
  doc.version = v;
  doc.appVersion = root.value(QStringLiteral("app_version")).toString();
  doc.savedAt = root.value(QStringLiteral("saved_at")).toString();
  for (const char* key : {"dataset", "model", "path", "view", "views"}) {
    const QJsonValue section = root.value(QLatin1String(key));
    if (!section.isUndefined() && !section.isNull() && !section.isObject())
      return fail(QObject::tr("\"%1\" must be an object").arg(QLatin1String(key)));
  }
  if (root.contains(QStringLiteral("dataset")))
    doc.dataset = datasetReferenceFromJson(root.value(QStringLiteral("dataset")).toObject());
  if (root.contains(QStringLiteral("model"))) {
    doc.model = modelSettingsFromJson(root.value(QStringLiteral("model")).toObject());
    doc.hasModel = true;
  }
  if (root.value(QStringLiteral("path")).isObject()) {
    const QJsonObject path = root.value(QStringLiteral("path")).toObject();
    try {
      doc.path = pathResultFromJson(path);
    } catch (const std::exception& e) {
      return fail(QObject::tr("\"path\": %1").arg(QString::fromStdString(e.what())));
    }
    doc.pathJson = path;
    doc.pathState = path.value(QStringLiteral("state")).toString(QStringLiteral("finished"));
    doc.pathModel = path.value(QStringLiteral("model")).toString();
  }
  doc.cursor = root.value(QStringLiteral("cursor")).toInt(-1);
  const QJsonObject view = root.value(QStringLiteral("view")).toObject();
  doc.currentTab = view.value(QStringLiteral("tab")).toString();
  const QJsonObject plots = view.value(QStringLiteral("plots")).toObject();
  for (auto it = plots.begin(); it != plots.end(); ++it)
    doc.plots.emplace_back(it.key(), plotViewFromJson(it.value().toObject()));
  doc.views = root.value(QStringLiteral("views")).toObject();
  doc.commands = root.value(QStringLiteral("commands")).toArray();
  out = std::move(doc);
  return true;
}

bool readSessionFile(const QString& path, SessionDocument& doc, QString* error) {
  QFile file(path);
  if (!QFileInfo(path).isFile()) {
    if (error) *error = QObject::tr("%1: no such session file").arg(path);
    return false;
  }
  if (!file.open(QIODevice::ReadOnly)) {
    if (error) *error = QObject::tr("%1: cannot read the file (%2)").arg(path, file.errorString());
    return false;
  }
  const QByteArray bytes = file.readAll();
  QJsonParseError parse{};
  const QJsonDocument json = QJsonDocument::fromJson(bytes, &parse);
  if (parse.error != QJsonParseError::NoError) {
    // Report a line and column, which users can find in an editor (Qt gives a byte offset).
    const qsizetype offset = std::min<qsizetype>(parse.offset, bytes.size());
    const QByteArray head = bytes.left(offset);
    const qsizetype line = head.count('\n') + 1;
    const qsizetype column = offset - (head.lastIndexOf('\n') + 1) + 1;
    if (error)
      *error = QObject::tr("%1: corrupt session file, not valid JSON (line %2, column %3: %4)")
                   .arg(path)
                   .arg(line)
                   .arg(column)
                   .arg(parse.errorString());
    return false;
  }
  if (!json.isObject()) {
    if (error) *error = QObject::tr("%1: corrupt session file (the top level is not a JSON object)").arg(path);
    return false;
  }
  return sessionFromJson(json.object(), path, doc, error);
}

bool writeSessionJson(const QString& path, const QJsonObject& root, QString* error) {
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly)) {
    if (error) *error = QObject::tr("%1: cannot write the session (%2)").arg(path, file.errorString());
    return false;
  }
  const QByteArray bytes = QJsonDocument(root).toJson(QJsonDocument::Indented);
  if (file.write(bytes) != bytes.size() || !file.commit()) {
    if (error) *error = QObject::tr("%1: cannot write the session (%2)").arg(path, file.errorString());
    return false;
  }
  return true;
}

bool looksLikeSessionFile(const QString& path) {
  if (path.endsWith(kSessionSuffix, Qt::CaseInsensitive)) return true;
  if (!path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive)) return false;
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) return false;
  const QByteArray head = file.read(4096);
  return head.contains("\"lambdascope-session\"");
}

}  // namespace lambdascope::ui
