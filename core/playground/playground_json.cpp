#include "core/playground/playground_json.hpp"

#include "core/io/json_writer.hpp"

namespace lambdascope::playground {

namespace {

void pairArray(JsonWriter& j, const std::vector<Vec2>& pts) {
  j.beginArray();
  for (const Vec2& p : pts) j.array(std::vector<double>{p[0], p[1]});
  j.endArray();
}

void runKeys(JsonWriter& j, const Trace& t) {
  j.key("method").value(t.method);
  j.key("label").value(t.label);
  j.key("step").value(t.step);
  if (t.method == "heavy-ball" || (t.method == "nesterov" && t.momentumSchedule == "constant"))
    j.key("momentum").value(t.momentum);
  if (!t.momentumSchedule.empty()) j.key("momentum_schedule").value(t.momentumSchedule);
  if (t.batchSize > 0) j.key("batch_size").value(t.batchSize);
  if (t.epochLength > 0) j.key("epoch_length").value(t.epochLength);
  if (t.method == "sgd" || t.method == "minibatch" || t.method == "svrg" || t.method == "cd-random")
    j.key("seed").value(static_cast<long long>(t.seed));
  j.key("termination").value(t.termination);
  j.key("iterates");
  pairArray(j, t.iterates);
  j.key("values").array(t.values);
  j.key("gradients");
  pairArray(j, t.gradients);
  if (!t.fullGradients.empty()) {
    j.key("full_gradients");
    pairArray(j, t.fullGradients);
  }
  j.key("steps").array(t.steps);
  j.key("grad_evals").array(t.gradientEvaluations);
  j.key("bound");
  if (t.bound.empty()) {
    j.null();
  } else {
    j.beginObject();
    j.key("name").value(t.bound.name);
    j.key("best_iterate").value(t.bound.bestIterate);
    j.key("expectation").value(t.bound.expectation);
    j.key("values").array(t.bound.values);
    j.endObject();
  }
}

}  // namespace

void writePlaygroundJson(std::ostream& out, const PlaygroundOutput& o) {
  JsonWriter j(out);
  const Problem& p = o.problem;
  j.beginObject();
  if (!o.title.empty()) j.key("title").value(o.title);
  j.key("problem").value(p.name());
  j.key("formula").value(p.formula());
  const Vec2 xs = p.minimizer();
  j.key("x_star").array(std::vector<double>{xs[0], xs[1]});
  j.key("f_star").value(p.optimalValue());
  j.key("L");
  if (auto L = p.lipschitz()) j.value(*L);
  else j.null();
  j.key("mu").value(p.strongConvexity());
  j.key("start").array(std::vector<double>{o.start[0], o.start[1]});
  j.key("iterations").value(o.iterations);
  if (!o.runs.empty()) runKeys(j, o.runs.front());
  j.key("rates").beginObject();
  for (const RateBound& r : o.rates) j.key(r.name).array(r.values);
  j.endObject();
  j.key("runs").beginArray();
  for (const Trace& t : o.runs) {
    j.beginObject();
    runKeys(j, t);
    j.endObject();
  }
  j.endArray();
  if (o.prox) {
    j.key("prox_curves").beginObject();
    j.key("lambda").value(o.prox->params.lambda);
    j.key("gamma").value(o.prox->params.gamma);
    for (const std::string& name : o.prox->operators) {
      const ProxCurves c = proxCurves(proxOperatorFromName(name), o.prox->params, o.prox->xMax, 121);
      j.key(name).beginObject();
      j.key("x").array(c.x);
      j.key("penalty").array(c.penalty);
      j.key("prox").array(c.prox);
      j.endObject();
    }
    j.endObject();
  }
  j.endObject();
  out << '\n';
}

}  // namespace lambdascope::playground
