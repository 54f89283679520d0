#pragma once
// Include QCustomPlot under QT_NO_KEYWORDS: its header uses `signals:` and `foreach`, which
// QT_NO_KEYWORDS removes. Map them to Q_SIGNALS / Q_FOREACH for this one header only.

#include <QtGlobal>

#if defined(QT_NO_KEYWORDS) && !defined(signals)
#define LAMBDASCOPE_QCP_DEFINED_SIGNALS
#define signals Q_SIGNALS
#endif
#if defined(QT_NO_KEYWORDS) && !defined(foreach)
#define LAMBDASCOPE_QCP_DEFINED_FOREACH
#define foreach Q_FOREACH
#endif

#include <qcustomplot.h>

#ifdef LAMBDASCOPE_QCP_DEFINED_SIGNALS
#undef signals
#undef LAMBDASCOPE_QCP_DEFINED_SIGNALS
#endif
#ifdef LAMBDASCOPE_QCP_DEFINED_FOREACH
#undef foreach
#undef LAMBDASCOPE_QCP_DEFINED_FOREACH
#endif
