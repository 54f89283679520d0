#pragma once
// DatasetTableModel: a read-only table view of a Dataset's first rows (target, then features).

#include <QAbstractTableModel>
#include <optional>

#include "core/dataset.hpp"
#include "core/design_matrix.hpp"

namespace lambdascope::ui {

/// Reads cells straight from the dataset's storage (nothing is copied): column 0 is the target,
/// columns 1..p the raw features. At most maxRows() rows and maxColumns() columns are exposed,
/// which keeps very wide sparse files responsive.
class DatasetTableModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  explicit DatasetTableModel(QObject* parent = nullptr, int maxRows = 200, int maxColumns = 200);

  void setDataset(const Dataset& data);
  void clear();
  bool hasDataset() const { return data_.has_value(); }
  int maxRows() const { return maxRows_; }
  int maxColumns() const { return maxColumns_; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

 private:
  std::optional<Dataset> data_;
  DesignMatrix raw_;  // uncentred, unscaled view for cell access
  int maxRows_;
  int maxColumns_;
};

}  // namespace lambdascope::ui
