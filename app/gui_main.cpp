// lambdascope: the desktop GUI. `lambdascope [FILE]` opens FILE (default: the bundled diabetes
// data); --run starts the path once loaded; --screenshot FILE.png and --quit-after-run script it.

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QImage>
#include <QPixmap>
#include <QTimer>
#include <cstdio>

#include "app/heap_reuse.hpp"
#include "core/version.hpp"
#include "ui/main_window.hpp"
#include "ui/path_model.hpp"
#include "ui/session/session_manager.hpp"

int main(int argc, char** argv) {
  lambdascope::keepFreedMemoryForReuse();
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("Lambdascope"));
  QApplication::setApplicationName(QStringLiteral("Lambdascope"));
  QApplication::setApplicationVersion(QString::fromLatin1(lambdascope::kVersion));

  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral(
      "Lambdascope: explore sparse models interactively.\n"
      "Opens FILE (CSV, TSV or LIBSVM), or the bundled diabetes dataset when none is given."));
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Data file to open."),
                               QStringLiteral("[FILE]"));
  const QCommandLineOption runOption(QStringLiteral("run"),
                                     QStringLiteral("Compute the path right after loading."));
  const QCommandLineOption screenshotOption(
      QStringLiteral("screenshot"),
      QStringLiteral("After the run finishes, put the λ cursor mid-path, save an image of the "
                     "whole window to FILE and quit (implies --run)."),
      QStringLiteral("FILE"));
  const QCommandLineOption quitOption(QStringLiteral("quit-after-run"),
                                      QStringLiteral("Quit when the run finishes (implies --run)."));
  const QCommandLineOption recoverOption(
      QStringLiteral("recover"),
      QStringLiteral("Restore the session autosaved by a run that did not exit cleanly, without asking."));
  const QCommandLineOption autosaveOption(
      QStringLiteral("autosave-seconds"),
      QStringLiteral("Autosave to the recovery file every N seconds (default 60; 0: only after each job)."),
      QStringLiteral("N"), QStringLiteral("60"));
  parser.addOption(recoverOption);
  parser.addOption(autosaveOption);
  parser.addOption(runOption);
  parser.addOption(screenshotOption);
  parser.addOption(quitOption);
  parser.process(app);

  const QString screenshot = parser.value(screenshotOption);
  const bool scripted = !screenshot.isEmpty() || parser.isSet(quitOption);
  const bool run = scripted || parser.isSet(runOption);
  if (parser.positionalArguments().size() > 1) {
    std::fprintf(stderr, "lambdascope: at most one FILE argument\n");
    return 2;
  }

  lambdascope::ui::MainWindow window;
  using lambdascope::ui::MainWindow;

  if (scripted) {
    // No modal dialogs when nobody is there to close them: errors go to stderr, exit code 1.
    window.setInteractive(false);
    QObject::connect(&window, &MainWindow::errorOccurred, &app, [](const QString& message) {
      std::fprintf(stderr, "lambdascope: %s\n", qPrintable(message));
      QCoreApplication::exit(1);
    });
  }
  if (run) {
    QObject::connect(
        &window, &MainWindow::datasetLoaded, &window, [&window] { window.runPath(); },
        Qt::SingleShotConnection);
  }
  if (!screenshot.isEmpty()) {
    window.resize(1440, 900);
    QObject::connect(&window, &MainWindow::pathFinished, &window, [&window, screenshot] {
      window.setCursorIndex(window.pathModel()->pointCount() * 11 / 20);
      window.flushPlots();
      // Let layouts and queued replots settle before grabbing.
      QTimer::singleShot(300, &window, [&window, screenshot] {
        window.flushPlots();
        const bool ok = window.grab().save(screenshot);
        if (ok) std::printf("%s\n", qPrintable(QFileInfo(screenshot).absoluteFilePath()));
        else std::fprintf(stderr, "lambdascope: could not write %s\n", qPrintable(screenshot));
        QCoreApplication::exit(ok ? 0 : 1);
      });
    });
  } else if (parser.isSet(quitOption)) {
    QObject::connect(&window, &MainWindow::pathFinished, &app,
                     [](bool cancelled) { QCoreApplication::exit(cancelled ? 1 : 0); });
  }

  window.show();
  // A scripted run (screenshot) neither offers nor writes a recovery file.
  bool restored = false;
  if (!scripted) {
    auto* sessions = window.sessionManager();
    if (parser.positionalArguments().isEmpty()) restored = sessions->offerRecovery(parser.isSet(recoverOption));
    sessions->startAutosave(parser.value(autosaveOption).toInt());
  }
  if (restored) {
    // Nothing to load: the session brought its dataset.
  } else if (parser.positionalArguments().isEmpty()) {
    window.openBundledDataset();
  } else {
    window.openFile(parser.positionalArguments().constFirst());
  }
  const int code = app.exec();
  if (window.isVisible()) window.close();  // scripted exit: save settings, stop the worker
  return code;
}
