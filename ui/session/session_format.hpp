#pragma once
// The session file: one versioned JSON document holding everything needed to show an exploration
// again without recomputing it (dataset reference, model settings, computed results, λ cursor,
// plot views, other views' state) and the lambdascope-cli commands that reproduce its results.
//
//   {"format": "lambdascope-session", "version": 1, "app_version": "0.1.0", "saved_at": "...",
//    "dataset": {...DatasetReference...}, "model": {...ModelSettings...},
//    "path": {<the `lambdascope-cli path` JSON> + "lambdas": [full grid], "state": "finished"},
//    "cursor": 42, "view": {"tab": "path", "plots": {"path": {"x": [lo, hi], ...}, ...}},
//    "views": {"selection": {...}, "k_sparse": {...}, "playground": {...}, ...},
//    "commands": [{"name": "path", "argv": [...], "expected": {...}, "rtol": 1e-8}, ...]}
//
// Arrays (coefficients, fold losses, trajectories) are stored inline as JSON arrays: the models
// this app explores are small enough (a 100-λ path over 10⁴ features with 10³ non-zeros each is a
// few MB of text). Readers ignore unknown keys; a newer "version" is refused (never half-read).

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

#include "core/path/regularization_path.hpp"
#include "ui/model_panel.hpp"

class QCustomPlot;

namespace lambdascope::ui {

inline constexpr int kSessionVersion = 1;
inline const QString kSessionFormat = QStringLiteral("lambdascope-session");
/// Suffix of session files (File ▸ Open recognises them by it, or by their "format" key).
inline const QString kSessionSuffix = QStringLiteral(".lambdascope.json");

/// Where the data came from and how it was read; enough to reload it and to tell whether the file
/// still holds the same bytes.
struct DatasetReference {
  QString path;         ///< absolute file path, or a ":/" resource (the bundled dataset)
  QString displayName;
  QString hash;         ///< "sha256:<hex>" of the file's bytes (empty when unknown)
  qint64 bytes = -1;
  QString format;       ///< "csv", "tsv", "libsvm", or empty: from the extension
  QStringList targets;  ///< target column(s) as loaded (CSV/TSV); empty: the file's default
  bool zeroBased = false;  ///< LIBSVM indices
  qint64 samples = 0;
  qint64 features = 0;
};

/// A plot's visible window.
struct PlotView {
  double xLower = 0.0, xUpper = 1.0, yLower = 0.0, yUpper = 1.0;
  bool xLog = false, yLog = false;
};

struct SessionDocument {
  int version = kSessionVersion;
  QString appVersion;
  QString savedAt;  ///< ISO 8601, UTC
  std::optional<DatasetReference> dataset;
  ModelSettings model;
  bool hasModel = false;
  /// The computed path: PathResult (grid, solved points) plus its spec's model name, and how the
  /// job ended ("finished", "cancelled", "running" for an autosave mid-run, "failed").
  std::optional<PathResult> path;
  QJsonObject pathJson;  ///< `path` as stored (the CLI's path document + "lambdas", "state", names)
  QString pathModel;  ///< the model that produced `path` (may differ from `model` after edits)
  QString pathState;
  int cursor = -1;
  QString currentTab;                 ///< "path", "support", "convergence", "selection", "k_sparse", ...
  std::vector<std::pair<QString, PlotView>> plots;
  QJsonObject views;                  ///< SessionParticipant states by key
  QJsonArray commands;                ///< replayable commands (see command_line.hpp)
};

/// Serialise; `pathJson` is the path document written by writePathJson (kept verbatim so the
/// stored result has exactly the CLI's schema), may be empty.
QJsonObject sessionToJson(const SessionDocument& doc, const QJsonObject& pathJson);

/// Parse; false with a message naming `fileName` and the problem (not JSON, line/offset; wrong
/// "format"; newer "version"; a malformed section). `doc` is only written on success.
bool sessionFromJson(const QJsonObject& root, const QString& fileName, SessionDocument& doc, QString* error);

/// Read and parse a file (any failure: false + message naming the file).
bool readSessionFile(const QString& path, SessionDocument& doc, QString* error);
/// Write atomically (QSaveFile: a crash mid-write leaves the previous file intact).
bool writeSessionJson(const QString& path, const QJsonObject& root, QString* error);

/// True when `path` ends with kSessionSuffix, or is a JSON file whose "format" is
/// "lambdascope-session" (only the first 4 KiB are read).
bool looksLikeSessionFile(const QString& path);

// Pieces, shared with command_line and the tests.
QJsonObject modelSettingsToJson(const ModelSettings& m);
ModelSettings modelSettingsFromJson(const QJsonObject& o);
QJsonObject datasetReferenceToJson(const DatasetReference& d);
DatasetReference datasetReferenceFromJson(const QJsonObject& o);
/// The points of a `lambdascope-cli path` document (single or multitask); throws
/// std::runtime_error naming the point and key when malformed.
PathResult pathResultFromJson(const QJsonObject& pathJson);
QJsonObject plotViewToJson(const PlotView& v);
PlotView plotViewFromJson(const QJsonObject& o);
PlotView capturePlotView(const QCustomPlot& plot);
void applyPlotView(QCustomPlot& plot, const PlotView& view);

}  // namespace lambdascope::ui
