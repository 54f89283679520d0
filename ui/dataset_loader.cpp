#include "ui/dataset_loader.hpp"

#include <QFile>
#include <QFileInfo>
#include <QDeadlineTimer>
#include <QMetaObject>
#include <exception>
#include <optional>

namespace lambdascope::ui {

Dataset readDataset(const QString& path, const LoadOptions& options, const QString& displayName) {
  if (path.startsWith(QLatin1String(":/"))) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
      throw DataError(displayName.toStdString(), 0, 0, {}, "cannot open the bundled resource");
    const QByteArray content = file.readAll();
    return parseDataset(std::string_view(content.constData(), static_cast<std::size_t>(content.size())),
                        displayName.toStdString(), options);
  }
  return loadDataset(QFile::encodeName(path).toStdString(), options);
}

DatasetLoader::DatasetLoader(QObject* parent) : QObject(parent), context_(new QObject) {
  registerMetaTypes();
  thread_.setObjectName(QStringLiteral("lambdascope-loader"));
  context_->moveToThread(&thread_);
  connect(&thread_, &QThread::finished, context_, &QObject::deleteLater);
  thread_.start();
}

DatasetLoader::~DatasetLoader() {
  thread_.quit();
  thread_.wait();
}

bool DatasetLoader::shutdown(int timeoutMs) {
  pending_ = 0;
  thread_.quit();
  return thread_.wait(QDeadlineTimer(timeoutMs));
}

quint64 DatasetLoader::load(const QString& path, const LoadOptions& options,
                            const QString& displayName) {
  if (!thread_.isRunning()) return 0;  // after shutdown()
  const quint64 id = ++nextId_;
  const bool wasBusy = pending_ != 0;
  pending_ = id;
  const QString name = displayName.isEmpty() ? QFileInfo(path).fileName() : displayName;
  QMetaObject::invokeMethod(
      context_,
      [this, id, path, options, name]() {
        // Loader thread. Results go back to the UI thread as queued calls on `this`.
        std::optional<Dataset> data;
        QString error;
        try {
          data = readDataset(path, options, name);
        } catch (const std::exception& e) {
          error = QString::fromStdString(e.what());
        } catch (...) {
          error = tr("%1: unknown error while loading").arg(name);
        }
        QMetaObject::invokeMethod(
            this,
            [this, id, path, name, data = std::move(data), error]() {
              if (id != pending_) return;  // superseded by a newer request
              deliver(id);
              if (data) Q_EMIT loaded(id, *data, name, path);
              else Q_EMIT failed(id, error, path);
            },
            Qt::QueuedConnection);
      },
      Qt::QueuedConnection);
  if (!wasBusy) Q_EMIT busyChanged(true);
  return id;
}

void DatasetLoader::deliver(quint64 id) {
  if (id == pending_) {
    pending_ = 0;
    Q_EMIT busyChanged(false);
  }
}

}  // namespace lambdascope::ui
