#pragma once
// DatasetLoader: reads and parses data files off the UI thread, with progress and Cancel.

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QThread>
#include <QWidget>
#include <atomic>
#include <memory>

#include "core/dataset.hpp"
#include "core/io/dataset_io.hpp"
#include "ui/meta_types.hpp"

class QLabel;
class QProgressBar;
class QStatusBar;
class QToolButton;

namespace lambdascope::ui {

/// Parses on its own long-lived thread, one request after the other; the newest request wins:
/// a new load cancels the one in progress (its result is dropped). Paths starting with ":/" are
/// Qt resources (the bundled dataset), parsed from memory with parseDataset.
class DatasetLoader : public QObject {
  Q_OBJECT

 public:
  explicit DatasetLoader(QObject* parent = nullptr);
  ~DatasetLoader() override;  // shutdown() without a time limit

  /// Cancel the load in progress and stop the loader thread, waiting at most timeoutMs.
  /// Results of pending requests are dropped. For closing the window only.
  bool shutdown(int timeoutMs);

  /// Queue a load; returns its id. `displayName` defaults to the file name.
  quint64 load(const QString& path, const LoadOptions& options, const QString& displayName = {});
  bool isBusy() const { return pending_ != 0; }

 public Q_SLOTS:
  /// Stop the load in progress: text parsers notice within a few thousand lines, binary
  /// formats between arrays. `cancelled` follows (or `loaded`, if it had just finished).
  void cancel();

 Q_SIGNALS:
  void loaded(quint64 id, lambdascope::Dataset data, QString displayName, QString path);
  /// `message` names file, line and column when the parser knows them.
  void failed(quint64 id, QString message, QString path);
  void cancelled(quint64 id, QString path);
  void busyChanged(bool busy);
  /// Bytes read and parsed so far (total = 2 × file size), at most every ~50 ms.
  void progress(quint64 id, qint64 done, qint64 total);

 private:
  void deliver(quint64 id);

  QThread thread_;
  QObject* context_;  // lives in thread_: queued loads run there
  quint64 nextId_ = 0;
  quint64 pending_ = 0;  // newest outstanding request, 0 when idle
  std::shared_ptr<std::atomic<bool>> cancel_;  // the newest request's flag
};

/// Reads `path` (a file or a ":/" resource) into a Dataset. Throws DataError, LoadCancelled or
/// std::exception.
Dataset readDataset(const QString& path, const LoadOptions& options, const QString& displayName,
                    const LoadControl& control = {});

/// A status-bar strip shown while a load runs: a progress bar (percent of the bytes read and
/// parsed) and a Cancel button that calls DatasetLoader::cancel.
class LoadProgressWidget : public QWidget {
  Q_OBJECT

 public:
  LoadProgressWidget(DatasetLoader* loader, QStatusBar* statusBar, QWidget* parent = nullptr);
  QProgressBar* progressBar() const { return bar_; }
  QToolButton* cancelButton() const { return cancel_; }

 private:
  void onBusyChanged(bool busy);
  void onProgress(quint64 id, qint64 done, qint64 total);

  DatasetLoader* loader_;
  QStatusBar* statusBar_;
  QProgressBar* bar_;
  QToolButton* cancel_;
};

}  // namespace lambdascope::ui
