#pragma once
// "Copy as command": the exact `lambdascope-cli` invocation (shell-quoted) and the equivalent JSON
// config that reproduce a result shown in the window, with its certificate.
//
// JSON config ("lambdascope-command", version 1):
//   {"format": "lambdascope-command", "version": 1, "command": "path",
//    "argv": ["path", "--data", "/abs/diabetes.csv", "--target", "target", "--model", "lasso", ...],
//    "options": {"data": "/abs/diabetes.csv", "model": "lasso", "standardize": true, ...},
//    "stdin": "...",            (playground only: the lesson the command reads from stdin)
//    "certificate": {"criterion": "duality_gap", "max_gap": 1.2e-5, "tolerance": 1e-6,
//                    "max_threshold": 2.9e-3, "certified": 100, "points": 100,
//                    "app_version": "0.1.0"}}
// `lambdascope-cli replay CONFIG.json` runs "argv" and, when the config also has "expected" (a
// session's commands do), compares the output with it.

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include "ui/model_panel.hpp"

namespace lambdascope::ui {

inline const QString kCommandFormat = QStringLiteral("lambdascope-command");
inline constexpr int kCommandVersion = 1;

/// POSIX shell quoting: bare when only safe characters, else single quotes ('\'' inside).
QString shellQuote(const QString& word);
/// Shortest text that reads back as the same double (the CLI parses it exactly).
QString exactNumber(double v);

/// How the CLI reads the data: --data, --format, --target/--targets, --zero-based.
struct DataArgs {
  QString path;        ///< a real file (resources must be extracted first, see SessionManager)
  QString format;      ///< "csv", "tsv", "libsvm" or empty (from the extension)
  QStringList targets; ///< one: --target; several: --targets; none: the file's default
  bool zeroBased = false;
  QStringList toArgs() const;
};

struct CliCommand {
  QString name;             ///< "path", "cv", "hpo", "l0", "playground"
  QStringList argv;         ///< arguments after the program name (argv[0] is `name`)
  QString stdinText;        ///< fed to the command's standard input (playground lessons)
  QJsonObject certificate;  ///< see above

  /// The shell text: comment lines with the certificate, then `lambdascope-cli ARGS` (with a
  /// here-document when stdinText is set).
  QString shellText(const QString& program = QStringLiteral("lambdascope-cli")) const;
  /// The JSON config above.
  QJsonObject toJson() const;
  /// {"option": value} from argv (flags without a value map to true).
  QJsonObject options() const;
};

/// `path` for the model panel's settings. False + message when a setting has no CLI form.
bool pathCommand(const DataArgs& data, const ModelSettings& model, CliCommand& out, QString* error);
/// The model flags `path`, `cv` and `hpo` share (--model, --solver, --tol, ...); `forSelection`
/// drops what `cv`/`hpo` do not take (group weights, grid flags are added by the caller).
QStringList modelArgs(const ModelSettings& model, bool forSelection);
/// The grid flags (--n-lambdas/--lambda-min-ratio or --lambdas) of the panel.
bool gridArgs(const ModelSettings& model, QStringList& args, QString* error);

}  // namespace lambdascope::ui
