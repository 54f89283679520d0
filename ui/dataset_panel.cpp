#include "ui/dataset_panel.hpp"

#include <QCheckBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include "ui/dataset_table_model.hpp"

namespace lambdascope::ui {

namespace {
QLabel* valueLabel(QWidget* parent, const QString& objectName) {
  auto* label = new QLabel(QStringLiteral("—"), parent);
  label->setObjectName(objectName);
  label->setTextInteractionFlags(Qt::TextSelectableByMouse);
  return label;
}
}  // namespace

DatasetPanel::DatasetPanel(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("datasetPanel"));
  name_ = new QLabel(tr("No dataset"), this);
  name_->setObjectName(QStringLiteral("datasetName"));
  QFont titleFont = name_->font();
  titleFont.setBold(true);
  titleFont.setPointSizeF(titleFont.pointSizeF() * 1.1);
  name_->setFont(titleFont);
  name_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  name_->setWordWrap(true);

  open_ = new QPushButton(tr("Open…"), this);
  open_->setObjectName(QStringLiteral("openDatasetButton"));
  open_->setToolTip(tr("Open a CSV, TSV or LIBSVM file (Ctrl+O); you can also drop a file on the window"));
  auto* titleRow = new QHBoxLayout;
  titleRow->addWidget(name_, 1);
  titleRow->addWidget(open_);

  shape_ = valueLabel(this, QStringLiteral("datasetShape"));
  density_ = valueLabel(this, QStringLiteral("datasetDensity"));
  storage_ = valueLabel(this, QStringLiteral("datasetStorage"));
  target_ = valueLabel(this, QStringLiteral("datasetTarget"));
  source_ = valueLabel(this, QStringLiteral("datasetSource"));
  source_->setWordWrap(true);

  auto* form = new QFormLayout;
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  form->addRow(tr("n × p:"), shape_);
  form->addRow(tr("Density:"), density_);
  form->addRow(tr("Storage:"), storage_);
  form->addRow(tr("Target:"), target_);
  form->addRow(tr("Source:"), source_);

  zeroBased_ = new QCheckBox(tr("LIBSVM indices start at 0"), this);
  zeroBased_->setObjectName(QStringLiteral("zeroBasedIndices"));
  zeroBased_->setToolTip(tr("For LIBSVM/SVMlight files whose feature indices are zero-based. "
                            "Applies to the next file opened (and reloads an open LIBSVM file)."));

  model_ = new DatasetTableModel(this);
  table_ = new QTableView(this);
  table_->setObjectName(QStringLiteral("datasetPreview"));
  table_->setModel(model_);
  table_->setAlternatingRowColors(true);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->horizontalHeader()->setDefaultSectionSize(84);
  table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
  table_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
  table_->setToolTip(tr("First rows of the data: target (bold), then the raw features"));

  auto* previewLabel = new QLabel(tr("Preview (first %1 rows)").arg(model_->maxRows()), this);
  previewLabel->setObjectName(QStringLiteral("datasetPreviewLabel"));

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(titleRow);
  layout->addLayout(form);
  layout->addWidget(zeroBased_);
  layout->addWidget(previewLabel);
  layout->addWidget(table_, 1);

  connect(open_, &QPushButton::clicked, this, &DatasetPanel::openRequested);
  connect(zeroBased_, &QCheckBox::toggled, this, &DatasetPanel::zeroBasedIndicesChanged);
}

void DatasetPanel::setDataset(const Dataset& dataset, const QString& displayName) {
  name_->setText(displayName);
  shape_->setText(QStringLiteral("%1 × %2").arg(dataset.samples()).arg(dataset.features()));
  density_->setText(QStringLiteral("%1 %").arg(100.0 * dataset.density(), 0, 'g', 4));
  storage_->setText(dataset.storageKind() == StorageKind::Sparse ? tr("sparse (CSC)")
                                                             : tr("dense (column-major)"));
  if (dataset.tasks() > 1) {
    QStringList names;
    for (const auto& name : dataset.targetNames()) names << QString::fromStdString(name);
    target_->setText(tr("%1 targets: %2").arg(dataset.tasks()).arg(names.join(QStringLiteral(", "))));
  } else {
    target_->setText(dataset.targetName().empty() ? tr("(unnamed)")
                                               : QString::fromStdString(dataset.targetName()));
  }
  const QString source = QString::fromStdString(dataset.source());
  source_->setText(source.isEmpty() ? displayName : source);
  source_->setToolTip(source);
  model_->setDataset(dataset);
}

QString DatasetPanel::shapeText() const { return shape_->text(); }

bool DatasetPanel::zeroBasedIndices() const { return zeroBased_->isChecked(); }

void DatasetPanel::setZeroBasedIndices(bool on) { zeroBased_->setChecked(on); }

void DatasetPanel::setBusy(bool loading) {
  open_->setText(loading ? tr("Loading…") : tr("Open…"));
}

}  // namespace lambdascope::ui
