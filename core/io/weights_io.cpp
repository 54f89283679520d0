#include "core/io/weights_io.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "core/io/dataset_io.hpp"

namespace lambdascope {

std::vector<double> loadWeights(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataError(path, 0, 0, "", "cannot open the weights file");
  std::vector<double> weights;
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
    while (fields >> token) {
      ++column;
      double v = 0.0;
      const auto res = std::from_chars(token.data(), token.data() + token.size(), v);
      if (res.ec != std::errc() || res.ptr != token.data() + token.size() || !std::isfinite(v) || v < 0)
        throw DataError(path, lineNo, column, token, "a weight must be a finite number >= 0, got '" + token + "'");
      weights.push_back(v);
    }
  }
  if (weights.empty()) throw DataError(path, 0, 0, "", "no weights in the file");
  return weights;
}

}  // namespace lambdascope
