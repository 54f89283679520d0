#pragma once
// DatasetLoader: reads and parses data files off the UI thread.

#include <QObject>
#include <QString>
#include <QThread>

#include "core/dataset.hpp"
#include "core/io/dataset_io.hpp"
#include "ui/meta_types.hpp"

namespace lambdascope::ui {

/// Parses on its own long-lived thread, one request after the other; the newest request wins
/// (results of older ones are dropped). Paths starting with ":/" are Qt resources (the bundled
/// dataset), parsed from memory with parseDataset.
class DatasetLoader : public QObject {
  Q_OBJECT

 public:
  explicit DatasetLoader(QObject* parent = nullptr);
  ~DatasetLoader() override;  // shutdown() without a time limit

  /// Stop the loader thread, waiting at most timeoutMs for a parse in progress (parsing cannot
  /// be interrupted). Results of pending requests are dropped. For closing the window only.
  bool shutdown(int timeoutMs);

  /// Queue a load; returns its id. `displayName` defaults to the file name.
  quint64 load(const QString& path, const LoadOptions& options, const QString& displayName = {});
  bool isBusy() const { return pending_ != 0; }

 Q_SIGNALS:
  void loaded(quint64 id, lambdascope::Dataset data, QString displayName, QString path);
  /// `message` names file, line and column when the parser knows them.
  void failed(quint64 id, QString message, QString path);
  void busyChanged(bool busy);

 private:
  void deliver(quint64 id);

  QThread thread_;
  QObject* context_;  // lives in thread_: queued loads run there
  quint64 nextId_ = 0;
  quint64 pending_ = 0;  // newest outstanding request, 0 when idle
};

/// Reads `path` (a file or a ":/" resource) into a Dataset. Throws DataError or std::exception.
Dataset readDataset(const QString& path, const LoadOptions& options, const QString& displayName);

}  // namespace lambdascope::ui
