#include "core/meeg/meeg_json.hpp"


namespace lambdascope {

MeegSolution solutionFromPathPoint(const MeegPath& path, const MeegPathPoint& pt) {
  MeegSolution s;
  s.solver = path.solver;
  s.alpha = pt.alpha;
  s.alphaMax = path.alphaMax;
  s.alphaPercent = pt.alphaPercent;
  s.activeSet = pt.activeSet;
  s.timeCourses = pt.activeRows;
  s.objective = pt.objective;
  s.dualityGap = pt.dualityGap;
  s.gapThreshold = pt.gapThreshold;
  s.nIter = pt.nIter;
  s.seconds = pt.seconds;
  s.termination = pt.termination;
  s.stageObjectives = pt.stageObjectives;
  return s;
}

namespace {

void writeIndices(JsonWriter& j, const std::vector<Index>& v) {
  j.beginArray();
  for (Index i : v) j.value(static_cast<long long>(i));
  j.endArray();
}

}  // namespace

void writeMeegJson(std::ostream& out, const MeegCase& meeg, const MeegSolution& s, const MeegPath* path,
                   const std::function<void(JsonWriter&)>& extra) {
  JsonWriter j(out);
  j.beginObject();
  j.key("solver").value(s.solver);
  j.key("case").value(meeg.name);
  j.key("source").value(meeg.source);
  j.key("n_sensors").value(static_cast<long long>(meeg.sensors()));
  j.key("n_sources").value(static_cast<long long>(meeg.sources()));
  j.key("n_times").value(static_cast<long long>(meeg.timePoints()));
  j.key("alpha").value(s.alpha);
  j.key("alpha_max").value(s.alphaMax);
  j.key("alpha_percent").value(s.alphaPercent);
  if (s.alphaSpace) j.key("alpha_space").value(*s.alphaSpace);
  if (s.alphaTime) j.key("alpha_time").value(*s.alphaTime);
  if (s.l1Ratio) j.key("l1_ratio").value(*s.l1Ratio);
  if (s.wsize) j.key("wsize").value(*s.wsize);
  if (s.tstep) j.key("tstep").value(*s.tstep);
  j.key("active_set");
  writeIndices(j, s.activeSet);
  j.key("time_courses").beginArray();
  for (Index a = 0; a < s.timeCourses.rows(); ++a) {
    std::vector<double> row(static_cast<std::size_t>(s.timeCourses.cols()));
    for (Index t = 0; t < s.timeCourses.cols(); ++t) row[static_cast<std::size_t>(t)] = s.timeCourses(a, t);
    j.array(row);
  }
  j.endArray();
  // Where the active sources are and their physical units (README: q = depth_weight · B, A·m).
  if (meeg.sourcePositions.rows() == meeg.sources()) {
    j.key("active_positions").beginArray();
    for (Index i : s.activeSet)
      j.array(std::vector<double>{meeg.sourcePositions(i, 0), meeg.sourcePositions(i, 1), meeg.sourcePositions(i, 2)});
    j.endArray();
  }
  if (meeg.hemisphere.size() == static_cast<std::size_t>(meeg.sources())) {
    j.key("active_hemisphere").beginArray();
    for (Index i : s.activeSet) j.value(meeg.hemisphere[static_cast<std::size_t>(i)]);
    j.endArray();
  }
  if (meeg.depthWeights.size() == meeg.sources()) {
    j.key("active_depth_weights").beginArray();
    for (Index i : s.activeSet) j.value(meeg.depthWeights[i]);
    j.endArray();
  }
  j.key("times").array(std::vector<double>(meeg.times.data(), meeg.times.data() + meeg.times.size()));
  j.key("objective").value(s.objective);
  j.key("duality_gap").value(s.dualityGap);
  j.key("gap_threshold").value(s.gapThreshold);
  j.key("n_iter").value(s.nIter);
  j.key("seconds").value(s.seconds);
  j.key("termination").value(terminationName(s.termination));
  if (!s.stageObjectives.empty()) {
    j.key("n_stages").value(static_cast<long long>(s.stageObjectives.size()));
    j.key("stage_objectives").array(s.stageObjectives);
  }
  if (path) {
    j.key("path").beginArray();
    for (const MeegPathPoint& pt : path->points) {
      j.beginObject();
      j.key("alpha").value(pt.alpha);
      j.key("alpha_percent").value(pt.alphaPercent);
      j.key("active_set");
      writeIndices(j, pt.activeSet);
      j.key("n_active").value(static_cast<long long>(pt.activeSet.size()));
      j.key("objective").value(pt.objective);
      j.key("duality_gap").value(pt.dualityGap);
      j.key("n_iter").value(pt.nIter);
      j.key("seconds").value(pt.seconds);
      j.key("explained_variance").value(pt.explainedVariance);
      j.key("sure").value(pt.sure);
      j.key("sure_dof").value(pt.sureDof);
      j.key("holdout").value(pt.holdout);
      if (!pt.stageObjectives.empty()) j.key("stage_objectives").array(pt.stageObjectives);
      j.endObject();
    }
    j.endArray();
    j.key("path_seconds").value(path->totalSeconds);
    j.key("cancelled").value(path->cancelled);
    if (!path->selection.empty()) {
      j.key("selection").beginObject();
      j.key("method").value(path->selection);
      if (path->selected) {
        j.key("index").value(static_cast<long long>(*path->selected));
        j.key("alpha").value(path->points[*path->selected].alpha);
        j.key("alpha_percent").value(path->points[*path->selected].alphaPercent);
      } else {
        j.key("index").null();
      }
      j.endObject();
    }
  }
  if (extra) extra(j);
  j.endObject();
  out << '\n';
}

}  // namespace lambdascope
