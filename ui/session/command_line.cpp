#include "ui/session/command_line.hpp"

#include <QJsonArray>
#include <QLocale>
#include <QRegularExpression>
#include <cmath>
#include <vector>

#include "core/version.hpp"

namespace lambdascope::ui {

QString shellQuote(const QString& word) {
  static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9_@%+=:,./-]+$"));
  if (!word.isEmpty() && safe.match(word).hasMatch()) return word;
  QString quoted = word;
  quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
  return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString exactNumber(double v) { return QString::number(v, 'g', QLocale::FloatingPointShortest); }

QStringList DataArgs::toArgs() const {
  QStringList a{QStringLiteral("--data"), path};
  if (!format.isEmpty()) a << QStringLiteral("--format") << format;
  if (targets.size() == 1) a << QStringLiteral("--target") << targets.front();
  if (targets.size() > 1) a << QStringLiteral("--targets") << targets.join(QLatin1Char(','));
  if (zeroBased) a << QStringLiteral("--zero-based");
  return a;
}

QString CliCommand::shellText(const QString& program) const {
  QString text;
  if (!certificate.isEmpty()) {
    text += QStringLiteral("# Reproduces a Lambdascope %1 result").arg(certificate.value(QStringLiteral("app_version")).toString());
    const QString criterion = certificate.value(QStringLiteral("criterion")).toString();
    if (certificate.contains(QStringLiteral("max_gap")))
      text += QStringLiteral("; certificate: max %1 %2 (threshold %3, tol %4), %5/%6 points certified")
                  .arg(criterion == QLatin1String("stationarity") ? QStringLiteral("stationarity") : QStringLiteral("duality gap"))
                  .arg(exactNumber(certificate.value(QStringLiteral("max_gap")).toDouble()))
                  .arg(exactNumber(certificate.value(QStringLiteral("max_threshold")).toDouble()))
                  .arg(exactNumber(certificate.value(QStringLiteral("tolerance")).toDouble()))
                  .arg(certificate.value(QStringLiteral("certified")).toInt())
                  .arg(certificate.value(QStringLiteral("points")).toInt());
    else if (certificate.contains(QStringLiteral("summary")))
      text += QStringLiteral("; ") + certificate.value(QStringLiteral("summary")).toString();
    text += QLatin1Char('\n');
  }
  QStringList words{shellQuote(program)};
  for (const QString& a : argv) words << shellQuote(a);
  text += words.join(QLatin1Char(' '));
  if (!stdinText.isEmpty()) {
    // A quoted here-document: the shell expands nothing inside it.
    QString body = stdinText;
    if (!body.endsWith(QLatin1Char('\n'))) body += QLatin1Char('\n');
    text += QStringLiteral(" <<'LAMBDASCOPE_EOF'\n") + body + QStringLiteral("LAMBDASCOPE_EOF");
  }
  return text + QLatin1Char('\n');
}

QJsonObject CliCommand::options() const {
  QJsonObject o;
  for (qsizetype i = 1; i < argv.size(); ++i) {
    if (!argv[i].startsWith(QLatin1String("--"))) continue;
    const QString key = argv[i].mid(2);
    if (i + 1 < argv.size() && !argv[i + 1].startsWith(QLatin1String("--"))) {
      bool isNumber = false;
      const double v = argv[i + 1].toDouble(&isNumber);
      o[key] = isNumber ? QJsonValue(v) : QJsonValue(argv[i + 1]);
      ++i;
    } else {
      o[key] = true;
    }
  }
  return o;
}

QJsonObject CliCommand::toJson() const {
  QJsonObject o;
  o[QStringLiteral("format")] = kCommandFormat;
  o[QStringLiteral("version")] = kCommandVersion;
  o[QStringLiteral("command")] = name;
  o[QStringLiteral("argv")] = QJsonArray::fromStringList(argv);
  o[QStringLiteral("options")] = options();
  if (!stdinText.isEmpty()) o[QStringLiteral("stdin")] = stdinText;
  if (!certificate.isEmpty()) o[QStringLiteral("certificate")] = certificate;
  return o;
}

QStringList modelArgs(const ModelSettings& m, bool forSelection) {
  QStringList a{QStringLiteral("--model"), m.model};
  if (m.solver != QLatin1String("auto")) a << QStringLiteral("--solver") << m.solver;
  a << QStringLiteral("--tol") << exactNumber(m.tol);
  if (!m.fitIntercept) a << QStringLiteral("--no-intercept");
  if (m.standardize) a << QStringLiteral("--standardize");
  if (m.model == QLatin1String("enet")) a << QStringLiteral("--l1-ratio") << exactNumber(m.l1Ratio);
  if ((m.model == QLatin1String("mcp") || m.model == QLatin1String("scad")) && m.gamma > 0.0)
    a << QStringLiteral("--gamma") << exactNumber(m.gamma);
  if ((m.model == QLatin1String("wlasso") || m.model == QLatin1String("mtl")) && !m.weightsFile.trimmed().isEmpty())
    a << QStringLiteral("--weights") << m.weightsFile.trimmed();
  if (m.model == QLatin1String("group")) {
    if (!m.groupsFile.trimmed().isEmpty()) a << QStringLiteral("--groups") << m.groupsFile.trimmed();
    else a << QStringLiteral("--group-size") << QString::number(m.groupSize);
  }
  const bool canBePositive = m.model != QLatin1String("mcp") && m.model != QLatin1String("scad") &&
                             m.model != QLatin1String("group");
  if (m.positive && canBePositive) a << QStringLiteral("--positive");
  Q_UNUSED(forSelection);
  return a;
}

bool gridArgs(const ModelSettings& m, QStringList& a, QString* error) {
  if (m.useExplicitLambdas) {
    std::vector<double> lambdas;
    QString why;
    if (!parseLambdaList(m.explicitLambdas, lambdas, &why)) {
      if (error) *error = QObject::tr("Invalid λ list: %1").arg(why);
      return false;
    }
    QStringList values;
    for (const double l : lambdas) values << exactNumber(l);
    a << QStringLiteral("--lambdas") << values.join(QLatin1Char(','));
  } else {
    a << QStringLiteral("--n-lambdas") << QString::number(m.nLambdas) << QStringLiteral("--lambda-min-ratio")
      << exactNumber(m.lambdaMinRatio);
  }
  return true;
}

bool pathCommand(const DataArgs& data, const ModelSettings& model, CliCommand& out, QString* error) {
  if (data.path.isEmpty() || data.path.startsWith(QLatin1String(":/"))) {
    if (error) *error = QObject::tr("The dataset has no file on disk, so no command can read it.");
    return false;
  }
  CliCommand c;
  c.name = QStringLiteral("path");
  c.argv << QStringLiteral("path") << data.toArgs() << modelArgs(model, false);
  if (!gridArgs(model, c.argv, error)) return false;
  c.certificate[QStringLiteral("app_version")] = QString::fromLatin1(kVersion);
  c.certificate[QStringLiteral("tolerance")] = model.tol;
  out = std::move(c);
  return true;
}

}  // namespace lambdascope::ui
