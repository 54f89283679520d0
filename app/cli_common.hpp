#pragma once
// What every lambdascope-cli command shares: the data-file flags, loading, and writing the JSON
// result (to stdout or atomically to --out).

#include <string>
#include <vector>

#include "app/cli_args.hpp"
#include "core/dataset.hpp"
#include "core/io/dataset_io.hpp"

namespace lambdascope::cli {

/// --data, --target, --targets, --format, --zero-based, --n-features, --storage.
const std::vector<OptionSpec>& dataOptions();
/// The LoadOptions those flags describe. Throws UsageError on a bad value.
LoadOptions loadOptionsFrom(const ParsedArgs& args);
/// Load --data (required) with loadOptionsFrom(args). Commands whose models take one target pass
/// `oneTarget`, so --targets with several names is refused instead of silently ignored.
Dataset loadFrom(const ParsedArgs& args, bool oneTarget = false);
/// Write to --out FILE (atomically: temp file then rename) or stdout.
void emit(const ParsedArgs& args, const std::string& text);
/// A UsageError naming the option, the value and the accepted ones unless `value` is one of them.
void requireOneOf(const std::string& option, const std::string& value, const std::vector<std::string>& accepted);

}  // namespace lambdascope::cli
