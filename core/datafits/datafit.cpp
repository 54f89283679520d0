#include "core/datafits/datafit.hpp"

#include <cmath>
#include <stdexcept>

namespace lambdascope {

void Datafit::prepareSampleWeights(Index n) {
  if (!weighted()) return;
  if (sampleWeights_.size() != n)
    throw std::invalid_argument("sample weights: expected one per sample (" + std::to_string(n) + "), got " +
                                std::to_string(sampleWeights_.size()));
  for (Index i = 0; i < n; ++i)
    if (!(sampleWeights_[i] > 0.0) || !std::isfinite(sampleWeights_[i]))
      throw std::invalid_argument("sample weight #" + std::to_string(i + 1) + " must be a finite number > 0, got " +
                                  std::to_string(sampleWeights_[i]));
  sampleWeights_ *= static_cast<double>(n) / sampleWeights_.sum();
}

}  // namespace lambdascope
