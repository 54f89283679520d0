#include "ui/targets_dialog.hpp"

#include <QDialogButtonBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace lambdascope::ui {

TargetsDialog::TargetsDialog(const std::vector<std::string>& columns, const std::vector<std::string>& current,
                             QWidget* parent)
    : QDialog(parent) {
  setObjectName(QStringLiteral("targetsDialog"));
  setWindowTitle(tr("Choose Target Columns"));
  auto* help = new QLabel(tr("Check the column to predict. Check several to fit them jointly with "
                             "the multitask model (shared support across targets)."),
                          this);
  help->setWordWrap(true);
  list_ = new QListWidget(this);
  list_->setObjectName(QStringLiteral("targetsList"));
  for (const std::string& name : columns) {
    auto* item = new QListWidgetItem(QString::fromStdString(name), list_);
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    const bool checked = std::find(current.begin(), current.end(), name) != current.end();
    item->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
  }
  summary_ = new QLabel(this);
  buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  buttons_->button(QDialogButtonBox::Ok)->setText(tr("Reload"));
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(help);
  layout->addWidget(list_, 1);
  layout->addWidget(summary_);
  layout->addWidget(buttons_);
  connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(list_, &QListWidget::itemChanged, this, &TargetsDialog::updateState);
  updateState();
  resize(360, 420);
}

QStringList TargetsDialog::targets() const {
  QStringList out;
  for (int i = 0; i < list_->count(); ++i)
    if (list_->item(i)->checkState() == Qt::Checked) out << list_->item(i)->text();
  return out;
}

void TargetsDialog::updateState() {
  const auto checked = static_cast<int>(targets().size());
  const bool valid = checked >= 1 && checked < list_->count();
  buttons_->button(QDialogButtonBox::Ok)->setEnabled(valid);
  if (checked == 0) {
    summary_->setText(tr("Check at least one target."));
  } else if (!valid) {
    summary_->setText(tr("Leave at least one feature column."));
  } else if (checked == 1) {
    summary_->setText(tr("One target: every model applies."));
  } else {
    summary_->setText(tr("%1 targets: the multitask model (mtl) will be selected.").arg(checked));
  }
}

}  // namespace lambdascope::ui
