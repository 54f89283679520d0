#include "ui/dataset_loader.hpp"

#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QMetaObject>
#include <QProgressBar>
#include <QStatusBar>
#include <QToolButton>
#include <exception>
#include <optional>

namespace lambdascope::ui {

Dataset readDataset(const QString& path, const LoadOptions& options, const QString& displayName,
                    const LoadControl& control) {
  if (path.startsWith(QLatin1String(":/"))) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
      throw DataError(displayName.toStdString(), 0, 0, {}, "cannot open the bundled resource");
    const QByteArray content = file.readAll();
    return parseDataset(std::string_view(content.constData(), static_cast<std::size_t>(content.size())),
                        displayName.toStdString(), options, control);
  }
  return loadDataset(QFile::encodeName(path).toStdString(), options, control);
}

DatasetLoader::DatasetLoader(QObject* parent) : QObject(parent), context_(new QObject) {
  registerMetaTypes();
  thread_.setObjectName(QStringLiteral("lambdascope-loader"));
  context_->moveToThread(&thread_);
  connect(&thread_, &QThread::finished, context_, &QObject::deleteLater);
  thread_.start();
}

DatasetLoader::~DatasetLoader() {
  if (cancel_) cancel_->store(true);
  thread_.quit();
  thread_.wait();
}

bool DatasetLoader::shutdown(int timeoutMs) {
  if (cancel_) cancel_->store(true);
  pending_ = 0;
  thread_.quit();
  return thread_.wait(QDeadlineTimer(timeoutMs));
}

void DatasetLoader::cancel() {
  if (pending_ != 0 && cancel_) cancel_->store(true);
}

quint64 DatasetLoader::load(const QString& path, const LoadOptions& options,
                            const QString& displayName) {
  if (!thread_.isRunning()) return 0;  // after shutdown()
  const quint64 id = ++nextId_;
  const bool wasBusy = pending_ != 0;
  if (cancel_) cancel_->store(true);  // the newest request wins: stop the previous one early
  cancel_ = std::make_shared<std::atomic<bool>>(false);
  pending_ = id;
  const QString name = displayName.isEmpty() ? QFileInfo(path).fileName() : displayName;
  QMetaObject::invokeMethod(
      context_,
      [this, id, path, options, name, flag = cancel_]() {
        // Loader thread. Results go back to the UI thread as queued calls on `this`.
        if (flag->load()) return;  // superseded before it started
        LoadControl control;
        control.cancel = flag.get();
        QElapsedTimer sinceReport;
        sinceReport.start();
        control.progress = [&](std::uint64_t done, std::uint64_t total) {
          if (sinceReport.elapsed() < 50 && done < total) return;  // throttle at the source
          sinceReport.restart();
          QMetaObject::invokeMethod(
              this,
              [this, id, done, total]() {
                if (id == pending_)
                  Q_EMIT progress(id, static_cast<qint64>(done), static_cast<qint64>(total));
              },
              Qt::QueuedConnection);
        };
        std::optional<Dataset> data;
        QString error;
        bool wasCancelled = false;
        try {
          data = readDataset(path, options, name, control);
        } catch (const LoadCancelled&) {
          wasCancelled = true;
        } catch (const std::exception& e) {
          error = QString::fromStdString(e.what());
        } catch (...) {
          error = tr("%1: unknown error while loading").arg(name);
        }
        QMetaObject::invokeMethod(
            this,
            [this, id, path, name, data = std::move(data), error, wasCancelled]() {
              if (id != pending_) return;  // superseded by a newer request
              deliver(id);
              if (data) Q_EMIT loaded(id, *data, name, path);
              else if (wasCancelled) Q_EMIT cancelled(id, path);
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

// ---------------------------------------------------------------------------------------------

LoadProgressWidget::LoadProgressWidget(DatasetLoader* loader, QStatusBar* statusBar, QWidget* parent)
    : QWidget(parent), loader_(loader), statusBar_(statusBar), bar_(new QProgressBar(this)),
      cancel_(new QToolButton(this)) {
  setObjectName(QStringLiteral("loadProgress"));
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  bar_->setObjectName(QStringLiteral("loadProgressBar"));
  bar_->setRange(0, 1000);
  bar_->setMaximumWidth(160);
  bar_->setFormat(QStringLiteral("%p%"));
  bar_->setToolTip(tr("Loading the data file: bytes read and parsed"));
  cancel_->setObjectName(QStringLiteral("loadCancelButton"));
  cancel_->setText(tr("Cancel"));
  cancel_->setToolTip(tr("Stop loading this file"));
  layout->addWidget(bar_);
  layout->addWidget(cancel_);
  connect(cancel_, &QToolButton::clicked, loader_, &DatasetLoader::cancel);
  connect(loader_, &DatasetLoader::busyChanged, this, &LoadProgressWidget::onBusyChanged);
  connect(loader_, &DatasetLoader::progress, this, &LoadProgressWidget::onProgress);
  connect(loader_, &DatasetLoader::cancelled, this, [this](quint64, const QString& path) {
    if (statusBar_) statusBar_->showMessage(tr("Loading %1 cancelled").arg(QFileInfo(path).fileName()), 8000);
  });
  setVisible(false);
}

void LoadProgressWidget::onBusyChanged(bool busy) {
  bar_->setValue(0);
  setVisible(busy);
}

void LoadProgressWidget::onProgress(quint64, qint64 done, qint64 total) {
  if (total > 0) bar_->setValue(static_cast<int>(1000.0 * static_cast<double>(done) / static_cast<double>(total)));
}

}  // namespace lambdascope::ui
