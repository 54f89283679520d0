#include "core/playground/contours.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

namespace lambdascope::playground {

Grid sampleGrid(const std::function<double(const Vec2&)>& f, const ViewBox& box, int nx, int ny) {
  Grid g;
  g.box = box;
  g.nx = std::max(nx, 2);
  g.ny = std::max(ny, 2);
  g.values.resize(static_cast<std::size_t>(g.nx) * g.ny);
  for (int iy = 0; iy < g.ny; ++iy)
    for (int ix = 0; ix < g.nx; ++ix) g.values[static_cast<std::size_t>(iy) * g.nx + ix] = f(Vec2(g.x(ix), g.y(iy)));
  return g;
}

namespace {

/// Point on the edge between two grid nodes where the linear interpolant equals `level`.
Vec2 cross(const Vec2& a, double fa, const Vec2& b, double fb, double level) {
  const double t = fa == fb ? 0.5 : (level - fa) / (fb - fa);
  return a + std::clamp(t, 0.0, 1.0) * (b - a);
}

/// Join segments sharing endpoints into polylines (endpoints on a shared edge are bit-identical,
/// since both cells compute them from the same two nodes in the same order).
std::vector<std::vector<Vec2>> joinSegments(const std::vector<std::pair<Vec2, Vec2>>& segs) {
  auto key = [](const Vec2& p) { return std::make_pair(p[0], p[1]); };
  std::multimap<std::pair<double, double>, std::size_t> ends;
  for (std::size_t i = 0; i < segs.size(); ++i) {
    ends.emplace(key(segs[i].first), i);
    ends.emplace(key(segs[i].second), i);
  }
  std::vector<bool> used(segs.size(), false);
  std::vector<std::vector<Vec2>> lines;
  auto takeNext = [&](const Vec2& at) -> std::optional<Vec2> {
    auto range = ends.equal_range(key(at));
    for (auto it = range.first; it != range.second; ++it) {
      if (used[it->second]) continue;
      used[it->second] = true;
      const auto& s = segs[it->second];
      return key(s.first) == key(at) ? s.second : s.first;
    }
    return std::nullopt;
  };
  for (std::size_t i = 0; i < segs.size(); ++i) {
    if (used[i]) continue;
    used[i] = true;
    std::vector<Vec2> fwd{segs[i].first, segs[i].second};
    while (auto n = takeNext(fwd.back())) fwd.push_back(*n);
    std::vector<Vec2> back;
    Vec2 head = fwd.front();
    while (auto n = takeNext(head)) {
      back.push_back(*n);
      head = *n;
    }
    std::reverse(back.begin(), back.end());
    back.insert(back.end(), fwd.begin(), fwd.end());
    lines.push_back(std::move(back));
  }
  return lines;
}

}  // namespace

Contour contourAt(const Grid& g, double level) {
  std::vector<std::pair<Vec2, Vec2>> segs;
  for (int iy = 0; iy + 1 < g.ny; ++iy) {
    for (int ix = 0; ix + 1 < g.nx; ++ix) {
      // Corners counter-clockwise from bottom-left; edges e0 bottom, e1 right, e2 top, e3 left.
      const Vec2 p[4] = {{g.x(ix), g.y(iy)}, {g.x(ix + 1), g.y(iy)}, {g.x(ix + 1), g.y(iy + 1)}, {g.x(ix), g.y(iy + 1)}};
      const double v[4] = {g.at(ix, iy), g.at(ix + 1, iy), g.at(ix + 1, iy + 1), g.at(ix, iy + 1)};
      if (!(std::isfinite(v[0]) && std::isfinite(v[1]) && std::isfinite(v[2]) && std::isfinite(v[3]))) continue;
      int mask = 0;
      for (int c = 0; c < 4; ++c)
        if (v[c] > level) mask |= 1 << c;
      if (mask == 0 || mask == 15) continue;
      auto edge = [&](int e) {
        const int a = e, b = (e + 1) % 4;
        // Always interpolate from the lower-indexed grid node so that neighbours agree exactly.
        const bool swap = a == 2 || a == 3;  // top edge runs right→left, left edge top→bottom
        return swap ? cross(p[b], v[b], p[a], v[a], level) : cross(p[a], v[a], p[b], v[b], level);
      };
      // Edges whose two corners are on different sides.
      int crossing[4], count = 0;
      for (int e = 0; e < 4; ++e)
        if (((mask >> e) & 1) != ((mask >> ((e + 1) % 4)) & 1)) crossing[count++] = e;
      if (count == 2) {
        segs.emplace_back(edge(crossing[0]), edge(crossing[1]));
      } else if (count == 4) {
        // Saddle: pair the edges according to the centre value.
        const bool centreAbove = (v[0] + v[1] + v[2] + v[3]) / 4.0 > level;
        const bool c0Above = mask & 1;
        if (centreAbove == c0Above) {
          segs.emplace_back(edge(0), edge(1));
          segs.emplace_back(edge(2), edge(3));
        } else {
          segs.emplace_back(edge(3), edge(0));
          segs.emplace_back(edge(1), edge(2));
        }
      }
    }
  }
  // A node exactly on the level gives zero-length segments next to the real ones: drop them.
  segs.erase(std::remove_if(segs.begin(), segs.end(), [](const auto& s) { return s.first == s.second; }), segs.end());
  return {level, joinSegments(segs)};
}

std::vector<double> chooseLevels(const Grid& g, double fStar, int count) {
  std::vector<double> gaps;
  gaps.reserve(g.values.size());
  for (double v : g.values)
    if (std::isfinite(v) && v - fStar > 0) gaps.push_back(v - fStar);
  std::vector<double> out;
  if (gaps.empty() || count < 1) return out;
  std::sort(gaps.begin(), gaps.end());
  const auto quantile = [&](double q) { return gaps[static_cast<std::size_t>(q * (gaps.size() - 1))]; };
  const double lo = std::max(quantile(0.005), 1e-12 * quantile(1.0));
  const double hi = std::max(quantile(0.9), lo * 1.0001);
  for (int j = 0; j < count; ++j) {
    const double t = count == 1 ? 0.5 : static_cast<double>(j) / (count - 1);
    out.push_back(fStar + lo * std::pow(hi / lo, t));
  }
  return out;
}

}  // namespace lambdascope::playground
