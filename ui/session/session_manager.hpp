#pragma once
// SessionManager: File ▸ Save/Open Session, autosave to a recovery file and crash recovery,
// Edit ▸ Copy as Command, and File ▸ Export ▸ Coefficients at the selected λ — for one MainWindow.
//
// The window's own state is read and restored through MainWindow's public API; other views take
// part through SessionParticipant (ui/session/session_participant.hpp).

#include <QDateTime>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>
#include <functional>
#include <memory>
#include <vector>

#include "ui/session/command_line.hpp"
#include "ui/session/session_format.hpp"
#include "ui/session/session_participant.hpp"

class QAction;
class QLockFile;
class QMenu;

namespace lambdascope::ui {

class MainWindow;
class PlotWidget;

class SessionManager : public QObject {
  Q_OBJECT

 public:
  /// How the data behind the shown results relates to the session's dataset reference.
  enum class DatasetStatus { NoSession, Same, Changed, Missing };
  Q_ENUM(DatasetStatus)

  static constexpr int kDefaultAutosaveSeconds = 60;
  /// Job id the restored path is stored under (JobController counts up from 1, never reaching it).
  static constexpr quint64 kRestoredJobId = 0xFFFFFFFF00000000ULL;

  explicit SessionManager(MainWindow* window);
  ~SessionManager() override;

  // Views taking part.
  void addParticipant(SessionParticipant* participant);
  /// A view created on demand (the playground window): `get(false)` returns it or nullptr (then
  /// it is not saved), `get(true)` creates it to restore a stored state.
  void addLazyParticipant(const QString& key, std::function<SessionParticipant*(bool create)> get);

  // Save and open.
  /// The whole session as the JSON document (see session_format.hpp).
  QJsonObject captureSession() const;
  bool saveSession(const QString& path, QString* error);
  /// Read, check and show a session. On any error in the file nothing in the window changes.
  /// Problems that do not stop the restore (dataset missing or changed, a view that could not read
  /// its part) are reported through errorOccurred and warnings().
  bool openSession(const QString& path, QString* error);
  QString sessionPath() const { return sessionPath_; }
  DatasetStatus datasetStatus() const { return datasetStatus_; }
  /// Non-fatal problems of the last restore (one line each).
  const QStringList& warnings() const { return warnings_; }

  // Autosave and recovery. Every running instance autosaves to its own file,
  // recovery-<pid>.lambdascope.json, and holds recovery-<pid>.lock (QLockFile) while it autosaves,
  // so two instances never overwrite each other's recovery file. A recovery file whose lock is not
  // held by a live process (a crash, kill -9) is orphaned: it is what start-up offers.
  /// $LAMBDASCOPE_RECOVERY_DIR when set (tests), else QStandardPaths::AppLocalDataLocation.
  static QString recoveryDirectory();
  /// This process's recovery file.
  static QString recoveryFilePath();
  /// The recovery file of the instance with process id `pid`.
  static QString recoveryFilePathFor(qint64 pid);
  /// The lock guarding a recovery file (its name with ".lock" for the session suffix).
  static QString recoveryLockPath(const QString& recoveryFile);
  /// Recovery files no live instance owns, newest first (a legacy recovery.lambdascope.json too).
  static QStringList orphanedRecoveryFiles();
  /// Autosave every `seconds` (> 0) and after every finished job; 0 stops the timer (the
  /// after-job autosave stays on while started).
  void startAutosave(int seconds = kDefaultAutosaveSeconds);
  void stopAutosave();
  void setAutosaveInterval(int seconds);
  int autosaveInterval() const { return autosaveSeconds_; }
  bool isAutosaving() const { return autosaveOn_; }
  /// Write the recovery file now (nothing to save — no dataset and no results — writes nothing).
  bool autosaveNow(QString* error = nullptr);
  /// This process's recovery file exists.
  static bool hasRecoveryFile();
  /// Restore `path` (default: the newest orphaned recovery file). The file is claimed (its lock
  /// taken) so no other instance restores it too; it is removed once this instance has autosaved
  /// its own file, or at a clean exit.
  bool restoreRecovery(QString* error, const QString& path = QString());
  /// At start-up: when orphaned recovery files exist, offer the newest (interactive) or just
  /// restore it (`withoutAsking`); a declined one is kept aside as
  /// unrestored-<time>.lambdascope.json. True when a session was restored.
  bool offerRecovery(bool withoutAsking);
  /// A clean exit: stop autosaving, remove this instance's recovery file (and a restored one).
  void cleanExit();

  // Copy as command.
  enum class CommandTarget { Current, Path, Selection, KSparse, Playground };
  /// The command reproducing the result of `target` (Current: the visible tab, or the playground
  /// when it is the active window).
  bool command(CommandTarget target, CliCommand& out, QString* error);
  /// Put the current command (shell text, then the JSON config) on the clipboard.
  bool copyCommandToClipboard(QString* error);
  /// The data flags of the window's dataset; the bundled resource is first extracted to
  /// recoveryDirectory()/datasets/ so a command can read it.
  bool dataArgs(DataArgs& out, QString* error) const;

  // Export.
  /// Coefficients at the path cursor; CSV (feature,coefficient / one column per target) or JSON
  /// by the file suffix.
  bool exportCoefficientsAtCursor(const QString& path, QString* error) const;

  // Menus (called once by MainWindow).
  void populateFileMenu(QMenu* file);
  void populateEditMenu(QMenu* edit);
  /// Export entries for the plots outside the path tabs (Choose λ, k-sparse, playground); each
  /// emits exportPlotRequested.
  void populateExportPlotMenu(QMenu* menu);
  QAction* saveAction() const { return saveAction_; }
  QAction* saveAsAction() const { return saveAsAction_; }
  QAction* openAction() const { return openAction_; }
  QAction* copyCommandAction() const { return copyCommandAction_; }

 Q_SIGNALS:
  void errorOccurred(const QString& title, const QString& message);
  void sessionSaved(const QString& path);
  void sessionRestored(const QString& path);
  void autosaved(const QString& path);
  void exportPlotRequested(lambdascope::ui::PlotWidget* plot);

 private:
  struct Participant {
    QString key;
    std::function<SessionParticipant*(bool create)> get;
  };

  DatasetReference currentDatasetReference() const;
  bool applySession(const SessionDocument& doc, const QString& fileName);
  void onJobFinished();
  void onSaveTriggered();
  void onSaveAsTriggered();
  void onOpenTriggered();
  void onExportCoefficientsTriggered(bool json);
  bool pathCommandForWindow(CliCommand& out, QString* error) const;
  bool selectionCommand(CliCommand& out, QString* error) const;
  bool kSparseCommand(CliCommand& out, QString* error) const;
  bool playgroundCommand(CliCommand& out, QString* error) const;
  QJsonArray replayCommands() const;
  /// Stable name of plot tab `index` ("path", "support", ..., else its object name or title).
  QString tabKey(int index) const;

  MainWindow* window_;
  std::vector<Participant> participants_;
  QString sessionPath_;
  DatasetStatus datasetStatus_ = DatasetStatus::NoSession;
  QStringList warnings_;
  QTimer autosaveTimer_;
  int autosaveSeconds_ = kDefaultAutosaveSeconds;
  bool autosaveOn_ = false;
  QString adoptedRecovery_;                  ///< a restored orphan, removed once superseded
  std::unique_ptr<QLockFile> adoptedLock_;   ///< its lock: no other instance restores it too
  // Hash cache: hashing a large file on every autosave would be wasteful.
  mutable QString hashedPath_;
  mutable qint64 hashedSize_ = -1;
  mutable QDateTime hashedModified_;
  mutable QString hash_;

  QAction* saveAction_ = nullptr;
  QAction* saveAsAction_ = nullptr;
  QAction* openAction_ = nullptr;
  QAction* copyCommandAction_ = nullptr;
  QAction* exportCoefCsvAction_ = nullptr;
  QAction* exportCoefJsonAction_ = nullptr;
};

}  // namespace lambdascope::ui
