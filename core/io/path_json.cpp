#include "core/io/path_json.hpp"

#include <string_view>

#include "core/io/json_writer.hpp"
#include "core/version.hpp"

namespace lambdascope {

void writePathJson(std::ostream& out, const PathJsonContext& ctx) {
  JsonWriter j(out);
  j.beginObject();
  j.key("model").value(ctx.spec.model);
  j.key("solver").value(ctx.path.solver);
  j.key("n_samples").value(static_cast<long long>(ctx.data.samples()));
  j.key("n_features").value(static_cast<long long>(ctx.data.features()));
  j.key("storage").value(ctx.data.storageKind() == StorageKind::Sparse ? "sparse" : "dense");
  j.key("fit_intercept").value(ctx.spec.preprocessing.fitIntercept);
  j.key("standardize").value(ctx.spec.preprocessing.standardize);
  const bool multitask = isMultitask(ctx.spec.model);
  if (multitask) {
    j.key("n_tasks").value(static_cast<long long>(ctx.data.tasks()));
    j.key("targets").array(ctx.data.targetNames());
  }
  j.key("lambda_max").value(ctx.path.lambdaMax);
  j.key("null_objective").value(ctx.path.nullObjective);
  j.key("tol").value(ctx.spec.tol);
  if (ctx.spec.model == "enet") j.key("l1_ratio").value(ctx.spec.l1Ratio);
  if (ctx.spec.model == "mcp" || ctx.spec.model == "scad") j.key("gamma").value(ctx.spec.effectiveGamma());
  if (ctx.spec.positive) j.key("positive").value(true);
  if (ctx.spec.model == "group") {
    j.key("group_weights").value(ctx.spec.groupSqrtWeights ? "sqrt_size" : "none");
    if (ctx.spec.groupLabels.empty()) j.key("group_size").value(static_cast<long long>(ctx.spec.groupSize));
  }
  j.key("path").beginArray();
  for (const PathPoint& p : ctx.path.points) {
    j.beginObject();
    j.key("lambda").value(p.lambda);
    if (multitask) {
      j.key("intercept").array(p.intercepts);
    } else {
      j.key("intercept").value(p.intercept);
    }
    j.key("coef").beginObject();
    std::vector<long long> idx(p.support.begin(), p.support.end());
    j.key("index").array(idx);
    if (multitask) {
      // One row of T values per non-zero feature.
      const auto T = static_cast<std::ptrdiff_t>(p.tasks);
      j.key("value").beginArray();
      for (std::size_t k = 0; k < p.support.size(); ++k) {
        const auto first = p.values.begin() + static_cast<std::ptrdiff_t>(k) * T;
        j.array(std::vector<double>(first, first + T));
      }
      j.endArray();
    } else {
      j.key("value").array(p.values);
    }
    j.endObject();
    j.key("objective").value(p.objective);
    const bool isGap = std::string_view(p.criterion) == "duality_gap";
    j.key("stop_criterion").value(p.criterion);
    if (isGap) {
      j.key("duality_gap").value(p.dualityGap);
      j.key("gap_threshold").value(p.gapThreshold);
    } else {
      j.key("duality_gap").null();
      j.key("stationarity").value(p.dualityGap);
      j.key("stationarity_threshold").value(p.gapThreshold);
    }
    j.key("certified").value(p.certified());
    j.key("termination").value(terminationName(p.termination));
    j.key("n_iter").value(p.epochs);
    j.key("seconds").value(p.seconds);
    j.endObject();
  }
  j.endArray();
  j.key("cancelled").value(ctx.path.cancelled);
  j.key("total_seconds").value(ctx.path.totalSeconds);
  j.key("version").value(kVersion);
  j.endObject();
}

void writePathCsv(std::ostream& out, const Dataset& data, const PathResult& path) {
  const bool multitask = !path.points.empty() && path.points.front().tasks > 1;
  if (multitask) {
    // Long format: one row per (λ, task), so each task's path reads like a single-task one.
    out << "lambda,target,intercept,objective,duality_gap";
    for (const auto& name : data.featureNames()) out << ',' << JsonWriter::escape(name);
    out << '\n';
    Vec beta(data.features());
    for (const PathPoint& p : path.points) {
      for (Index t = 0; t < p.tasks; ++t) {
        beta.setZero();
        for (std::size_t k = 0; k < p.support.size(); ++k)
          beta[p.support[k]] = p.values[k * static_cast<std::size_t>(p.tasks) + static_cast<std::size_t>(t)];
        out << JsonWriter::number(p.lambda) << ',' << JsonWriter::escape(data.targetNames()[static_cast<std::size_t>(t)])
            << ',' << JsonWriter::number(p.intercepts[static_cast<std::size_t>(t)]) << ','
            << JsonWriter::number(p.objective) << ',' << JsonWriter::number(p.dualityGap);
        for (Index k = 0; k < beta.size(); ++k) out << ',' << JsonWriter::number(beta[k]);
        out << '\n';
      }
    }
    return;
  }
  out << "lambda,intercept,objective,duality_gap";
  for (const auto& name : data.featureNames()) out << ',' << JsonWriter::escape(name);
  out << '\n';
  for (const PathPoint& p : path.points) {
    out << JsonWriter::number(p.lambda) << ',' << JsonWriter::number(p.intercept) << ','
        << JsonWriter::number(p.objective) << ',' << JsonWriter::number(p.dualityGap);
    const Vec beta = p.denseCoefficients(data.features());
    for (Index k = 0; k < beta.size(); ++k) out << ',' << JsonWriter::number(beta[k]);
    out << '\n';
  }
}

}  // namespace lambdascope
