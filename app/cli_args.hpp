#pragma once
// Minimal, strict command-line parsing for lambdascope-cli: every option is declared, unknown
// options and malformed values are errors that name the option and the value.

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace lambdascope::cli {

/// A usage error: printed on one line, exit code 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct OptionSpec {
  std::string name;  ///< without the leading "--"
  bool takesValue = true;
  std::string valueName;  ///< for help text, e.g. "FILE"
  std::string help;
};

class ParsedArgs {
 public:
  bool has(const std::string& name) const { return values_.count(name) > 0; }
  std::optional<std::string> get(const std::string& name) const;
  std::string getOr(const std::string& name, const std::string& fallback) const;
  int getInt(const std::string& name, int fallback) const;
  double getDouble(const std::string& name, double fallback) const;
  std::vector<double> getDoubleList(const std::string& name) const;

  std::map<std::string, std::string> values_;
};

/// Parse argv[first..] against the specs. Accepts "--name value" and "--name=value".
ParsedArgs parseArgs(const std::vector<std::string>& args, const std::vector<OptionSpec>& specs);

/// Strict number parsing; throws UsageError naming the option.
double parseDouble(const std::string& text, const std::string& option);
int parseInt(const std::string& text, const std::string& option);

std::string formatHelp(const std::vector<OptionSpec>& specs);

}  // namespace lambdascope::cli
