#include "core/penalties/prox.hpp"

namespace lambdascope::prox {

namespace {
/// The 1-D prox objective, for choosing between candidates in the non-convex regimes.
template <class Pen>
double proxObjective(double x, double v, double step, Pen pen) {
  return (x - v) * (x - v) / (2.0 * step) + pen(x);
}
}  // namespace

double mcpValue(double x, double lambda, double gamma) {
  const double a = std::abs(x);
  if (a <= gamma * lambda) return lambda * a - a * a / (2.0 * gamma);
  return 0.5 * gamma * lambda * lambda;
}

double scadValue(double x, double lambda, double gamma) {
  const double a = std::abs(x);
  if (a <= lambda) return lambda * a;
  if (a <= gamma * lambda) return (2.0 * gamma * lambda * a - a * a - lambda * lambda) / (2.0 * (gamma - 1.0));
  return 0.5 * lambda * lambda * (gamma + 1.0);
}

double firmThreshold(double v, double step, double lambda, double gamma) {
  const double a = std::abs(v);
  if (gamma > step) {
    if (a <= step * lambda) return 0.0;
    if (a >= gamma * lambda) return v;
    return std::copysign((a - step * lambda) / (1.0 - step / gamma), v);
  }
  // Concave (or linear) on |x| ≤ γλ: the minimum is at 0 or on the flat part, nearest to v.
  const double far = std::copysign(std::max(a, gamma * lambda), v);
  const auto pen = [&](double x) { return mcpValue(x, lambda, gamma); };
  return proxObjective(far, v, step, pen) < proxObjective(0.0, v, step, pen) ? far : 0.0;
}

double scadThreshold(double v, double step, double lambda, double gamma) {
  const double a = std::abs(v);
  if (gamma > 1.0 + step) {
    if (a <= step * lambda) return 0.0;
    if (a <= (1.0 + step) * lambda) return std::copysign(a - step * lambda, v);
    if (a <= gamma * lambda)
      return std::copysign(((gamma - 1.0) * a - step * gamma * lambda) / (gamma - 1.0 - step), v);
    return v;
  }
  // The middle piece is concave (or linear): its minimum is at a knot, which the outer pieces
  // already cover. Compare the minimisers of the inner (|x| ≤ λ) and outer (|x| ≥ γλ) pieces.
  const double innerAbs = std::clamp(a - step * lambda, 0.0, lambda);
  const double inner = innerAbs > 0.0 ? std::copysign(innerAbs, v) : 0.0;  // no −0
  const double outer = std::copysign(std::max(a, gamma * lambda), v);
  const auto pen = [&](double x) { return scadValue(x, lambda, gamma); };
  return proxObjective(outer, v, step, pen) < proxObjective(inner, v, step, pen) ? outer : inner;
}

}  // namespace lambdascope::prox
