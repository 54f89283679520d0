#pragma once
// An M/EEG inverse problem as exported from MNE-Python (see the README section "M/EEG source
// imaging"): the whitened, depth-weighted gain G (n sensors × p sources, fixed orientation), the
// whitened measurements M (n × T), the source geometry and, optionally, the anatomy (cortical
// meshes, BEM surfaces, sensors) to draw them on.
//
// Objective convention (MNE's): 1/2‖M − GB‖²_F + λ Σ_i ‖B_i‖₂, B is p × T, and
// α_max = max_i ‖G_iᵀ M‖₂ is the smallest λ with B = 0. Physical amplitude (A·m):
// q[i, t] = depthWeights[i] · B[i, t].

#include <optional>
#include <string>
#include <vector>

#include "core/types.hpp"

namespace lambdascope {

/// A triangulated surface in meters (MRI frame of the subject).
struct CorticalMesh {
  Mat vertices;                                        ///< m × 3
  Eigen::Matrix<int, Eigen::Dynamic, 3> triangles;     ///< 0-based vertex indices
  Mat normals;                                         ///< m × 3 unit normals (may be empty)
  bool empty() const { return vertices.rows() == 0; }
};

struct MeegAnatomy {
  CorticalMesh lh, rh;                  ///< white-matter surfaces of the two hemispheres
  std::optional<CorticalMesh> scalp, outerSkull, innerSkull;  ///< BEM surfaces, when present
  Mat sensorPositions;                  ///< all sensors (e.g. 366 × 3), may be empty
  std::vector<std::string> sensorNames;
  std::vector<std::string> sensorTypes;
  std::string source;                   ///< file or folder it was read from
};

struct MeegCase {
  std::string name;                     ///< e.g. "sample_la_meg"
  std::string source;                   ///< the file or folder read
  Mat G;                                ///< n × p whitened, depth-weighted gain
  Mat M;                                ///< n × T whitened data
  Vec times;                            ///< T, seconds (0..T−1 / sfreq when not given)
  Mat sourcePositions;                  ///< p × 3, meters (0 × 3 when not given)
  Mat sourceNormals;                    ///< p × 3 (0 × 3 when not given)
  std::vector<int> hemisphere;          ///< p: 0 lh, 1 rh (empty when not given)
  std::vector<int> vertexIndex;         ///< p: vertex in the hemisphere's mesh (empty when not given)
  Vec depthWeights;                     ///< p: A·m per unit of B (empty when not given)
  std::vector<std::string> channelNames;  ///< n (empty when not given)
  std::vector<std::string> channelTypes;  ///< n: "grad", "mag", "eeg" (empty when not given)
  Mat sensorPositions;                  ///< n × 3 (0 × 3 when not given)
  double sfreq = 0.0;                   ///< Hz (0 when not given)
  double alphaMax = 0.0;                ///< recomputed: max_i ‖G_iᵀ M‖₂
  std::optional<double> fileAlphaMax;   ///< the value stored with the data, when present
  std::optional<MeegAnatomy> anatomy;

  Index sensors() const { return G.rows(); }
  Index sources() const { return G.cols(); }
  Index timePoints() const { return M.cols(); }
};

/// max_i ‖G_iᵀ M‖₂.
double meegAlphaMax(const Mat& G, const Mat& M);

/// Load a case from an .npz file or a CSV folder (the folder holding G.csv and M.csv, or a case
/// folder containing csv/). The anatomy is looked for in `anatomy/` next to the data, in the
/// case folder and in its parent (anatomy.npz, else cortex_{lh,rh}_*.csv); it is optional.
/// Throws DataError naming the file on any missing array or shape mismatch, and when a stored
/// alpha_max disagrees with the recomputed one by more than 1e-8 relative.
MeegCase loadMeegCase(const std::string& path);

/// Load an anatomy folder (anatomy.npz, else CSV files). Throws DataError.
MeegAnatomy loadMeegAnatomy(const std::string& folder);

}  // namespace lambdascope
