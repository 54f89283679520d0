#include "core/l0/l0_json.hpp"

#include "core/io/json_writer.hpp"
#include "core/version.hpp"

namespace lambdascope::l0 {

void writeL0Json(std::ostream& out, const L0Problem& problem, Index k, const L0Result& r, bool withTrace) {
  JsonWriter j(out);
  j.beginObject();
  std::vector<long long> support(r.solution.support.begin(), r.solution.support.end());
  std::vector<double> coef;
  std::vector<std::string> names;
  for (Index s : r.solution.support) {
    coef.push_back(r.coef[s]);
    names.push_back(problem.featureNames()[static_cast<std::size_t>(s)]);
  }
  j.key("support").array(support);
  j.key("coef").array(coef);
  j.key("intercept").value(r.intercept);
  j.key("objective").value(r.objective);
  j.key("lower_bound").value(r.lowerBound);
  j.key("gap").value(r.gap);
  j.key("nodes").value(static_cast<long long>(r.nodes));
  j.key("seconds").value(r.seconds);
  j.key("certified").value(r.certified);
  j.key("feature_names").array(names);
  j.key("k").value(static_cast<long long>(k));
  j.key("loss").value(toString(problem.loss()));
  j.key("ridge").value(problem.ridge());
  j.key("standardize").value(problem.settings().standardize);
  j.key("method").value(r.method);
  j.key("status").value(r.status);
  j.key("root_lower_bound").value(r.rootBound);
  j.key("n_samples").value(static_cast<long long>(problem.samples()));
  j.key("n_features").value(static_cast<long long>(problem.features()));
  if (withTrace) {
    j.key("trace").beginArray();
    for (const BnbProgress& pr : r.trace) {
      j.beginObject();
      j.key("seconds").value(pr.seconds);
      j.key("nodes").value(static_cast<long long>(pr.nodes));
      j.key("open_nodes").value(static_cast<long long>(pr.openNodes));
      j.key("incumbent").value(pr.incumbent);
      j.key("lower_bound").value(pr.lowerBound);
      j.key("gap").value(pr.gap);
      j.endObject();
    }
    j.endArray();
  }
  j.key("version").value(kVersion);
  j.endObject();
  out << '\n';
}

void writeBnbTraceCsv(std::ostream& out, const std::vector<BnbProgress>& trace) {
  out << "seconds,nodes,open_nodes,incumbent,lower_bound,gap\n";
  for (const BnbProgress& pr : trace)
    out << JsonWriter::number(pr.seconds) << ',' << pr.nodes << ',' << pr.openNodes << ','
        << JsonWriter::number(pr.incumbent) << ',' << JsonWriter::number(pr.lowerBound) << ','
        << JsonWriter::number(pr.gap) << '\n';
}

}  // namespace lambdascope::l0
