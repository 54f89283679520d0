#pragma once
// The one interface a view implements to be saved in, and restored from, a session file.
//
// A session (ui/session/session_format.hpp) is one versioned JSON document. The main window's own
// state (dataset reference, model panel, path results, cursor, plot ranges) is written by the
// session code itself; every other view that has state worth keeping (the Choose-λ tab, the
// k-sparse tab, the playground, the M/EEG brain view, ...) implements SessionParticipant and is
// registered once with SessionManager::addParticipant(). Its object is then stored under
//   "views": { "<sessionKey()>": <saveSessionState()>, ... }
// and handed back, unchanged, to restoreSessionState() when a session is opened or recovered.
//
// Why not QMainWindow::saveState()/restoreState(): QMainWindow already has those (QByteArray
// dock layout), so a window deriving from QMainWindow could not overload them.
//
// Rules for implementers:
//  * saveSessionState() is called on the UI thread (on Save, on every autosave tick and after each
//    finished job): keep it cheap (no solving, no file I/O) and const; store settings, results
//    already computed (arrays may go inline as JSON arrays) and view state (axis ranges, log
//    scales, current sub-tab). Put a "version": N key in your own object if its layout may change.
//  * restoreSessionState() must NOT recompute anything: it shows the stored results as they were.
//    It is called after the dataset was re-opened (or found missing / changed: then the session
//    code marks the window "dataset missing" / "dataset changed" and you still restore for
//    viewing). Unknown keys are ignored; missing keys keep the view's defaults. Return false with
//    a one-line message in *error for an object you cannot read (wrong type, newer own version):
//    the rest of the session still restores and the message is reported, naming your key.
//  * A running job in the view is cancelled by the caller before restoreSessionState().
//  * Do not emit errorOccurred from restoreSessionState(); return the message instead.

#include <QJsonObject>
#include <QString>

namespace lambdascope::ui {

class SessionParticipant {
 public:
  virtual ~SessionParticipant() = default;
  /// Stable key of this view in the session's "views" object, e.g. "selection", "k_sparse",
  /// "playground", "meeg". Lower case, no spaces; never change it once released.
  virtual QString sessionKey() const = 0;
  /// The view's state as JSON (settings, computed results, plot view). Cheap, no side effects.
  virtual QJsonObject saveSessionState() const = 0;
  /// Show `state` (as produced by saveSessionState, possibly by an older build) without
  /// recomputing; false + *error when it cannot be read.
  virtual bool restoreSessionState(const QJsonObject& state, QString* error) = 0;
};

}  // namespace lambdascope::ui
