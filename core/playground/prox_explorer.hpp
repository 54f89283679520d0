#pragma once
// Penalties and their proximal (thresholding) operators, for the prox explorer:
//   prox_p(v) = argmin_x ½(x − v)² + p(x).
// soft: p = λ|x|; hard: p = (λ²/2)·[x ≠ 0] (threshold λ); firm: MCP_{λ,γ}, γ > 1;
// scad: SCAD_{λ,γ}, γ > 2; block: p = λ‖x‖₂ on the 2-vector (group soft thresholding; in 1-D the
// same as soft). The separable ones reuse core/penalties/prox.hpp.

#include <string>
#include <vector>

#include "core/playground/problem.hpp"

namespace lambdascope::playground {

enum class ProxOperator { Soft, Hard, Firm, Scad, Block };

struct ProxParams {
  double lambda = 1.0;
  double gamma = 3.0;  ///< firm (> 1) and scad (> 2)
};

std::vector<std::string> availableProxOperators();  ///< "soft", "hard", "firm", "scad", "block"
/// Throws std::invalid_argument for an unknown name.
ProxOperator proxOperatorFromName(const std::string& name);
std::string proxOperatorName(ProxOperator op);
/// Empty when valid for `op`, else one line (λ ≥ 0; γ > 1 for firm, > 2 for scad).
std::string validateProx(ProxOperator op, const ProxParams& params);

/// The penalty of one coordinate (block: of a group of size 1, i.e. λ|x|).
double penaltyValue(ProxOperator op, double x, const ProxParams& params);
/// Its prox with unit step.
double proxScalar(ProxOperator op, double v, const ProxParams& params);
/// Penalty of a 2-vector: sum over coordinates, or λ‖x‖₂ for block.
double penaltyValue(ProxOperator op, const Vec2& x, const ProxParams& params);
/// Prox of a 2-vector: coordinate-wise, or block soft thresholding max(0, 1 − λ/‖v‖)·v.
Vec2 proxVector(ProxOperator op, const Vec2& v, const ProxParams& params);

struct ProxCurves {
  std::vector<double> x, penalty, prox;
};
/// x on [−xMax, xMax] (`points` samples, including both ends and 0 when `points` is odd).
ProxCurves proxCurves(ProxOperator op, const ProxParams& params, double xMax, int points);

}  // namespace lambdascope::playground
