#pragma once
#include <stdexcept>

namespace lambdascope {

/// Thrown inside a hypergradient evaluation when its stop token fires; the outer loop catches it
/// and returns what it has.
class HyperCancelled : public std::runtime_error {
 public:
  HyperCancelled() : std::runtime_error("cancelled") {}
};

}  // namespace lambdascope
