#include "core/types.hpp"

namespace lambdascope {

const char* terminationName(Termination t) {
  switch (t) {
    case Termination::Converged: return "converged";
    case Termination::MaxIterations: return "max_iterations";
    case Termination::Cancelled: return "cancelled";
  }
  return "unknown";
}

}  // namespace lambdascope
