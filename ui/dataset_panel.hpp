#pragma once
// DatasetPanel: describes the loaded dataset and previews its first rows.

#include <QWidget>

#include "core/dataset.hpp"

class QCheckBox;
class QLabel;
class QTableView;
class QPushButton;

namespace lambdascope::ui {

class DatasetTableModel;

class DatasetPanel : public QWidget {
  Q_OBJECT

 public:
  explicit DatasetPanel(QWidget* parent = nullptr);

  void setDataset(const Dataset& data, const QString& displayName);
  /// LIBSVM option used by the next open (and a reload of the current LIBSVM file).
  bool zeroBasedIndices() const;
  void setZeroBasedIndices(bool on);
  void setBusy(bool loading);

  DatasetTableModel* tableModel() const { return model_; }
  QTableView* table() const { return table_; }
  QString shapeText() const;

 Q_SIGNALS:
  void openRequested();
  void zeroBasedIndicesChanged(bool on);

 private:
  QLabel* name_;
  QLabel* shape_;
  QLabel* density_;
  QLabel* storage_;
  QLabel* target_;
  QLabel* source_;
  QCheckBox* zeroBased_;
  QPushButton* open_;
  QTableView* table_;
  DatasetTableModel* model_;
};

}  // namespace lambdascope::ui
