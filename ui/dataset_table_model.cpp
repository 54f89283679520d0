#include "ui/dataset_table_model.hpp"

#include <QBrush>
#include <QFont>
#include <QPalette>
#include <algorithm>

namespace lambdascope::ui {

DatasetTableModel::DatasetTableModel(QObject* parent, int maxRows, int maxColumns)
    : QAbstractTableModel(parent), maxRows_(maxRows), maxColumns_(maxColumns) {}

void DatasetTableModel::setDataset(const Dataset& data) {
  beginResetModel();
  data_ = data;
  raw_ = data.design(Preprocessing{false, false});
  endResetModel();
}

void DatasetTableModel::clear() {
  beginResetModel();
  data_.reset();
  raw_ = DesignMatrix();
  endResetModel();
}

int DatasetTableModel::rowCount(const QModelIndex& parent) const {
  if (parent.isValid() || !data_) return 0;
  return static_cast<int>(std::min<Index>(data_->samples(), maxRows_));
}

int DatasetTableModel::columnCount(const QModelIndex& parent) const {
  if (parent.isValid() || !data_) return 0;
  return 1 + static_cast<int>(std::min<Index>(data_->features(), maxColumns_));
}

QVariant DatasetTableModel::data(const QModelIndex& index, int role) const {
  if (!data_ || !index.isValid()) return {};
  const Index i = index.row();
  const Index c = index.column();
  switch (role) {
    case Qt::DisplayRole: {
      const double v = c == 0 ? data_->target()[i] : raw_.rawCoeff(i, c - 1);
      if (v == 0.0 && c > 0 && raw_.isSparse()) return QStringLiteral("·");
      return QString::number(v, 'g', 6);
    }
    case Qt::ToolTipRole:
      return c == 0 ? data_->target()[i] : raw_.rawCoeff(i, c - 1);
    case Qt::TextAlignmentRole:
      return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::FontRole:
      if (c == 0) {
        QFont f;
        f.setBold(true);
        return f;
      }
      return {};
    default:
      return {};
  }
}

QVariant DatasetTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (!data_) return {};
  if (orientation == Qt::Vertical) {
    if (role == Qt::DisplayRole) return section + 1;
    return {};
  }
  if (role == Qt::DisplayRole) {
    if (section == 0) return QString::fromStdString(data_->targetName());
    return QString::fromStdString(data_->featureNames()[static_cast<std::size_t>(section - 1)]);
  }
  if (role == Qt::ToolTipRole)
    return section == 0 ? tr("target") : tr("feature %1").arg(section);
  return {};
}

}  // namespace lambdascope::ui
