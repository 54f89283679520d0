#include "app/cli_args.hpp"

#include <charconv>
#include <cmath>
#include <sstream>

namespace lambdascope::cli {

double parseDouble(const std::string& text, const std::string& option) {
  double v = 0.0;
  const char* begin = text.data();
  const char* end = begin + text.size();
  const auto res = std::from_chars(begin, end, v);
  if (text.empty() || res.ec != std::errc() || res.ptr != end || !std::isfinite(v))
    throw UsageError("--" + option + ": expected a finite number, got '" + text + "'");
  return v;
}

int parseInt(const std::string& text, const std::string& option) {
  int v = 0;
  const char* begin = text.data();
  const char* end = begin + text.size();
  const auto res = std::from_chars(begin, end, v);
  if (text.empty() || res.ec != std::errc() || res.ptr != end)
    throw UsageError("--" + option + ": expected an integer, got '" + text + "'");
  return v;
}

std::optional<std::string> ParsedArgs::get(const std::string& name) const {
  const auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::string ParsedArgs::getOr(const std::string& name, const std::string& fallback) const {
  return get(name).value_or(fallback);
}

int ParsedArgs::getInt(const std::string& name, int fallback) const {
  const auto v = get(name);
  return v ? parseInt(*v, name) : fallback;
}

double ParsedArgs::getDouble(const std::string& name, double fallback) const {
  const auto v = get(name);
  return v ? parseDouble(*v, name) : fallback;
}

std::vector<double> ParsedArgs::getDoubleList(const std::string& name) const {
  std::vector<double> out;
  const auto v = get(name);
  if (!v) return out;
  std::stringstream ss(*v);
  std::string item;
  while (std::getline(ss, item, ',')) {
    const auto first = item.find_first_not_of(" \t");
    const auto last = item.find_last_not_of(" \t");
    item = first == std::string::npos ? std::string() : item.substr(first, last - first + 1);
    out.push_back(parseDouble(item, name));
  }
  if (out.empty()) throw UsageError("--" + name + ": expected a comma-separated list of numbers");
  return out;
}

ParsedArgs parseArgs(const std::vector<std::string>& args, const std::vector<OptionSpec>& specs) {
  ParsedArgs parsed;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.rfind("--", 0) != 0 || arg.size() == 2)
      throw UsageError("unexpected argument '" + arg + "' (options start with --)");
    std::string name = arg.substr(2);
    std::optional<std::string> inlineValue;
    if (const auto eq = name.find('='); eq != std::string::npos) {
      inlineValue = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    const OptionSpec* spec = nullptr;
    for (const auto& s : specs)
      if (s.name == name) spec = &s;
    if (!spec) throw UsageError("unknown option '--" + name + "' (see --help)");
    if (parsed.has(name)) throw UsageError("option '--" + name + "' given twice");
    if (!spec->takesValue) {
      if (inlineValue) throw UsageError("option '--" + name + "' takes no value");
      parsed.values_[name] = "";
      continue;
    }
    if (inlineValue) {
      parsed.values_[name] = *inlineValue;
    } else {
      if (i + 1 >= args.size()) throw UsageError("option '--" + name + "' needs a value");
      parsed.values_[name] = args[++i];
    }
  }
  return parsed;
}

std::string formatHelp(const std::vector<OptionSpec>& specs) {
  std::ostringstream out;
  for (const auto& s : specs) {
    std::string left = "  --" + s.name + (s.takesValue ? " " + s.valueName : "");
    if (left.size() < 30) left.resize(30, ' ');
    else left += "\n" + std::string(30, ' ');
    out << left << s.help << '\n';
  }
  return out.str();
}

}  // namespace lambdascope::cli
