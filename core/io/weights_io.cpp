#include "core/io/weights_io.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "core/io/dataset_io.hpp"

namespace lambdascope {

namespace {

/// Calls parse(token, line, field) for every number-like token of a per-feature file.
template <typename Parse>
void forEachToken(const std::string& path, const char* what, Parse&& parse) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataError(path, 0, 0, "", std::string("cannot open the ") + what + " file");
  std::string line;
  long lineNo = 0;
  while (std::getline(in, line)) {
    ++lineNo;
    if (const auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    for (char& c : line)
      if (c == ',' || c == '\t' || c == '\r' || c == ';') c = ' ';
    std::istringstream fields(line);
    std::string token;
    long column = 0;
    while (fields >> token) parse(token, lineNo, ++column);
  }
}

}  // namespace

std::vector<double> loadWeights(const std::string& path) {
  std::vector<double> weights;
  forEachToken(path, "weights", [&](const std::string& token, long lineNo, long column) {
    double v = 0.0;
    const auto res = std::from_chars(token.data(), token.data() + token.size(), v);
    if (res.ec != std::errc() || res.ptr != token.data() + token.size() || !std::isfinite(v) || v < 0)
      throw DataError(path, lineNo, column, token, "a weight must be a finite number >= 0, got '" + token + "'");
    weights.push_back(v);
  });
  if (weights.empty()) throw DataError(path, 0, 0, "", "no weights in the file");
  return weights;
}

std::vector<long> loadGroupLabels(const std::string& path) {
  std::vector<long> labels;
  forEachToken(path, "groups", [&](const std::string& token, long lineNo, long column) {
    long v = 0;
    const auto res = std::from_chars(token.data(), token.data() + token.size(), v);
    if (res.ec != std::errc() || res.ptr != token.data() + token.size())
      throw DataError(path, lineNo, column, token, "a group label must be an integer, got '" + token + "'");
    labels.push_back(v);
  });
  if (labels.empty()) throw DataError(path, 0, 0, "", "no group labels in the file");
  return labels;
}

}  // namespace lambdascope
