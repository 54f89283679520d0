#include "core/playground/prox_explorer.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

#include "core/penalties/prox.hpp"

namespace lambdascope::playground {

std::vector<std::string> availableProxOperators() { return {"soft", "hard", "firm", "scad", "block"}; }

ProxOperator proxOperatorFromName(const std::string& name) {
  if (name == "soft") return ProxOperator::Soft;
  if (name == "hard") return ProxOperator::Hard;
  if (name == "firm" || name == "mcp") return ProxOperator::Firm;
  if (name == "scad") return ProxOperator::Scad;
  if (name == "block" || name == "group") return ProxOperator::Block;
  throw std::invalid_argument("unknown prox operator '" + name + "' (available: soft, hard, firm, scad, block)");
}

std::string proxOperatorName(ProxOperator op) {
  switch (op) {
    case ProxOperator::Soft: return "soft";
    case ProxOperator::Hard: return "hard";
    case ProxOperator::Firm: return "firm";
    case ProxOperator::Scad: return "scad";
    case ProxOperator::Block: return "block";
  }
  return {};
}

std::string validateProx(ProxOperator op, const ProxParams& p) {
  std::ostringstream s;
  if (!(p.lambda >= 0.0) || !std::isfinite(p.lambda)) {
    s << "lambda must be a finite number >= 0, got " << p.lambda;
  } else if (op == ProxOperator::Firm && !(p.gamma > 1.0 && std::isfinite(p.gamma))) {
    s << "firm (MCP) needs gamma > 1, got " << p.gamma;
  } else if (op == ProxOperator::Scad && !(p.gamma > 2.0 && std::isfinite(p.gamma))) {
    s << "scad needs gamma > 2, got " << p.gamma;
  }
  return s.str();
}

double penaltyValue(ProxOperator op, double x, const ProxParams& p) {
  switch (op) {
    case ProxOperator::Soft:
    case ProxOperator::Block: return p.lambda * std::abs(x);
    case ProxOperator::Hard: return x != 0.0 ? 0.5 * p.lambda * p.lambda : 0.0;
    case ProxOperator::Firm: return prox::mcpValue(x, p.lambda, p.gamma);
    case ProxOperator::Scad: return prox::scadValue(x, p.lambda, p.gamma);
  }
  return 0.0;
}

double proxScalar(ProxOperator op, double v, const ProxParams& p) {
  switch (op) {
    case ProxOperator::Soft:
    case ProxOperator::Block: return prox::softThreshold(v, p.lambda);
    // ½(x − v)² + λ²/2·[x ≠ 0]: keep v when v²/2 > λ²/2 (at |v| = λ both are minimisers: 0).
    case ProxOperator::Hard: return std::abs(v) > p.lambda ? v : 0.0;
    case ProxOperator::Firm: return prox::firmThreshold(v, 1.0, p.lambda, p.gamma);
    case ProxOperator::Scad: return prox::scadThreshold(v, 1.0, p.lambda, p.gamma);
  }
  return v;
}

double penaltyValue(ProxOperator op, const Vec2& x, const ProxParams& p) {
  if (op == ProxOperator::Block) return p.lambda * x.norm();
  return penaltyValue(op, x[0], p) + penaltyValue(op, x[1], p);
}

Vec2 proxVector(ProxOperator op, const Vec2& v, const ProxParams& p) {
  if (op == ProxOperator::Block) {
    Vec2 out = v;
    prox::blockSoftThreshold(out, p.lambda);
    return out;
  }
  return {proxScalar(op, v[0], p), proxScalar(op, v[1], p)};
}

ProxCurves proxCurves(ProxOperator op, const ProxParams& p, double xMax, int points) {
  ProxCurves c;
  points = std::max(points, 2);
  for (int i = 0; i < points; ++i) {
    const double x = -xMax + 2.0 * xMax * i / (points - 1);
    c.x.push_back(x);
    c.penalty.push_back(penaltyValue(op, x, p));
    c.prox.push_back(proxScalar(op, x, p));
  }
  return c;
}

}  // namespace lambdascope::playground
