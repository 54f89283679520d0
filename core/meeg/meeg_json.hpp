#pragma once
// The JSON document of an M/EEG solve (lambdascope-cli meeg, the GUI's export): the solution at
// one α with its time courses, optionally the α path and the selection. Schema in the README
// section "M/EEG source imaging (`meeg`)".

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "core/io/json_writer.hpp"
#include "core/meeg/meeg_case.hpp"
#include "core/meeg/meeg_path.hpp"

namespace lambdascope {

/// One solution, whatever the solver.
struct MeegSolution {
  std::string solver;                 ///< "mxne", "irmxne", "tfmxne"
  double alpha = 0.0;                 ///< λ (tfmxne: α_space + α_time)
  double alphaMax = 0.0;              ///< the solver's α_max (tfmxne: its own dual-norm α_max)
  double alphaPercent = 0.0;
  std::vector<Index> activeSet;
  Mat timeCourses;                    ///< |active| × T rows of B
  double objective = 0.0, dualityGap = 0.0, gapThreshold = 0.0;
  int nIter = 0;
  double seconds = 0.0;
  Termination termination = Termination::Converged;
  std::vector<double> stageObjectives;  ///< irmxne
  std::optional<double> alphaSpace, alphaTime, l1Ratio;  ///< tfmxne
  std::optional<int> wsize, tstep;                        ///< tfmxne
};

/// The solution of one path point.
MeegSolution solutionFromPathPoint(const MeegPath& path, const MeegPathPoint& point);

/// Write {"solver", "alpha", "alpha_max", "alpha_percent", "active_set", "time_courses",
/// "objective", "duality_gap", "n_iter", "seconds", ...} plus "path" and "selection" when a
/// path is given; `extra` adds its own keys at the end (meeg-hpo's "hpo" object).
void writeMeegJson(std::ostream& out, const MeegCase& meeg, const MeegSolution& solution, const MeegPath* path,
                   const std::function<void(JsonWriter&)>& extra = {});

}  // namespace lambdascope
