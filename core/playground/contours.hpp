#pragma once
// Level sets of a 2-D function as polylines (marching squares on a regular grid), and a choice of
// levels that looks right for optimization pictures.

#include <functional>
#include <vector>

#include "core/playground/problem.hpp"

namespace lambdascope::playground {

/// Samples of F on an nx × ny grid over `box` (row-major by y: values[iy * nx + ix]).
struct Grid {
  ViewBox box;
  int nx = 0, ny = 0;
  std::vector<double> values;
  double x(int ix) const { return box.xMin + (box.xMax - box.xMin) * ix / (nx - 1); }
  double y(int iy) const { return box.yMin + (box.yMax - box.yMin) * iy / (ny - 1); }
  double at(int ix, int iy) const { return values[static_cast<std::size_t>(iy) * nx + ix]; }
};

Grid sampleGrid(const std::function<double(const Vec2&)>& f, const ViewBox& box, int nx, int ny);

struct Contour {
  double level = 0.0;
  std::vector<std::vector<Vec2>> lines;  ///< each a polyline (segments joined where they meet)
};

/// The set {F = level} by marching squares (saddle cells resolved by the cell-centre value).
Contour contourAt(const Grid& grid, double level);

/// `count` levels F* + δ_j, δ geometrically spaced between a small and a large quantile of
/// F − F* on the grid: nested level sets that stay dense near the minimum on any scale.
std::vector<double> chooseLevels(const Grid& grid, double fStar, int count);

}  // namespace lambdascope::playground
