#include "app/cli_common.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

namespace lambdascope::cli {

const std::vector<OptionSpec>& dataOptions() {
  static const std::vector<OptionSpec> options = {
      {"data", true, "FILE", "data file: CSV/TSV with a header row, LIBSVM/SVMlight, NumPy .npz/.npy or MATLAB .mat with X and y (required)"},
      {"target", true, "NAME", "CSV/TSV target column (default: the last column); .npz key / .mat variable (default y)"},
      {"targets", true, "A,B,...", "CSV/TSV: several target columns (multitask model mtl)"},
      {"format", true, "F", "csv|tsv|libsvm|npy|npz|mat (default: from the file extension)"},
      {"zero-based", false, "", "LIBSVM indices start at 0 (default: 1)"},
      {"n-features", true, "P", "LIBSVM: number of features (default: largest index)"},
      {"storage", true, "S", "auto|dense|sparse (default auto: CSC when density <= 10%)"},
  };
  return options;
}

LoadOptions loadOptionsFrom(const ParsedArgs& args) {
  LoadOptions opt;
  opt.targetColumn = args.getOr("target", "");
  if (auto list = args.get("targets")) {
    if (args.has("target")) throw UsageError("--target and --targets: give one of them");
    std::string name;
    std::istringstream in(*list);
    while (std::getline(in, name, ','))
      if (!name.empty()) opt.targetColumns.push_back(name);
    if (opt.targetColumns.empty()) throw UsageError("--targets: expected column names separated by commas");
  }
  if (auto f = args.get("format")) {
    if (*f == "csv") opt.format = FileFormat::Csv;
    else if (*f == "tsv") opt.format = FileFormat::Tsv;
    else if (*f == "libsvm" || *f == "svmlight") opt.format = FileFormat::Libsvm;
    else if (*f == "npy") opt.format = FileFormat::Npy;
    else if (*f == "npz") opt.format = FileFormat::Npz;
    else if (*f == "mat") opt.format = FileFormat::Matlab;
    else throw UsageError("--format: expected csv, tsv, libsvm, npy, npz or mat, got '" + *f + "'");
  }
  if (auto s = args.get("storage")) {
    if (*s == "auto") opt.storage = StorageChoice::Auto;
    else if (*s == "dense") opt.storage = StorageChoice::Dense;
    else if (*s == "sparse") opt.storage = StorageChoice::Sparse;
    else throw UsageError("--storage: expected auto, dense or sparse, got '" + *s + "'");
  }
  opt.zeroBasedIndices = args.has("zero-based");
  const int nf = args.getInt("n-features", 0);
  if (nf < 0) throw UsageError("--n-features: must be positive, got " + std::to_string(nf));
  opt.libsvmFeatures = nf;
  return opt;
}

Dataset loadFrom(const ParsedArgs& args, bool oneTarget) {
  const auto path = args.get("data");
  if (!path) throw UsageError("--data FILE is required");
  const LoadOptions options = loadOptionsFrom(args);
  if (oneTarget && options.targetColumns.size() > 1)
    throw UsageError("--targets: this command fits one target column; give --target NAME");
  return loadDataset(*path, options);
}

void emit(const ParsedArgs& args, const std::string& text) {
  if (auto out = args.get("out")) {
    const std::string tmp = *out + ".part";
    {
      std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
      if (!f) throw UsageError("--out: cannot write '" + *out + "'");
      f << text;
      if (!f.flush()) throw UsageError("--out: error while writing '" + *out + "'");
    }
    if (std::rename(tmp.c_str(), out->c_str()) != 0) throw UsageError("--out: cannot write '" + *out + "'");
  } else {
    std::cout << text << std::flush;
  }
}

void requireOneOf(const std::string& option, const std::string& value, const std::vector<std::string>& accepted) {
  if (std::find(accepted.begin(), accepted.end(), value) != accepted.end()) return;
  std::string list;
  for (const auto& a : accepted) list += (list.empty() ? "" : ", ") + a;
  throw UsageError("--" + option + ": unknown " + option + " '" + value + "' (available: " + list + ")");
}

}  // namespace lambdascope::cli
