#pragma once
#include <QDialog>
#include <QStringList>

#include <string>
#include <vector>

class QListWidget;
class QDialogButtonBox;
class QLabel;

namespace lambdascope::ui {

/// Pick the target column(s) of a CSV/TSV dataset: one for single-task models, several for the
/// multitask model (mtl). The other columns become the features.
class TargetsDialog : public QDialog {
  Q_OBJECT

 public:
  TargetsDialog(const std::vector<std::string>& columns, const std::vector<std::string>& current,
                QWidget* parent = nullptr);
  /// Checked columns, in the order shown.
  QStringList targets() const;

 private:
  void updateState();

  QListWidget* list_ = nullptr;
  QLabel* summary_ = nullptr;
  QDialogButtonBox* buttons_ = nullptr;
};

}  // namespace lambdascope::ui
