#include "app/cli_session.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/cli_args.hpp"
#include "app/cli_common.hpp"
#include "core/io/json_writer.hpp"
#include "core/playground/json_value.hpp"
#include "core/version.hpp"

extern char** environ;

namespace lambdascope::cli {

namespace {

using playground::JsonValue;

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError(path + ": cannot read the file");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Keys whose values legitimately differ between two runs (timings, versions, iteration counts)
/// or are bookkeeping of the session, not results.
bool ignoredKey(const std::string& key) {
  static const char* kIgnored[] = {"seconds", "total_seconds", "fold_seconds", "version", "app_version", "n_iter",
                                   "duality_gap", "stationarity", "state", "feature_names", "target_names",
                                   "inner_epochs", "elapsed", "nodes_per_second"};
  return std::any_of(std::begin(kIgnored), std::end(kIgnored), [&](const char* k) { return key == k; });
}

struct Comparison {
  double rtol = 1e-8;
  long compared = 0;
  double maxRelative = 0.0;
  std::vector<std::string> mismatches;

  void fail(const std::string& where, const std::string& what) {
    if (mismatches.size() < 20) mismatches.push_back(where + ": " + what);
    else if (mismatches.size() == 20) mismatches.push_back("...");
  }

  /// Numbers: |a − b| ≤ rtol·max(|a|, |b|) + atol, atol = rtol × the largest magnitude of the
  /// array they belong to (so a coefficient near zero is judged on the scale of its neighbours).
  void number(const std::string& where, double expected, double actual, double scale) {
    ++compared;
    if (std::isnan(expected) && std::isnan(actual)) return;
    const double diff = std::abs(expected - actual);
    const double mag = std::max(std::abs(expected), std::abs(actual));
    const double allowed = rtol * mag + rtol * scale;
    if (mag > 0) maxRelative = std::max(maxRelative, diff / std::max(mag, scale));
    if (!(diff <= allowed)) {
      std::ostringstream s;
      s.precision(17);
      s << "stored " << expected << ", replayed " << actual;
      fail(where, s.str());
    }
  }

  void value(const std::string& where, const JsonValue& e, const JsonValue& a, double scale) {
    if (e.isNumber() || a.isNumber() || (e.isNull() && a.isNull())) {
      const double ev = e.isNumber() ? e.number() : std::nan("");
      const double av = a.isNumber() ? a.number() : std::nan("");
      if (e.isNull() != a.isNull() && !(e.isNumber() && a.isNumber())) {
        fail(where, "one value is null");
        return;
      }
      number(where, ev, av, scale);
    } else if (e.isBool() && a.isBool()) {
      ++compared;
      if (e.boolean() != a.boolean()) fail(where, std::string("stored ") + (e.boolean() ? "true" : "false"));
    } else if (e.isArray() && a.isArray()) {
      const auto& ea = e.array();
      const auto& aa = a.array();
      if (ea.size() != aa.size()) {
        fail(where, "stored " + std::to_string(ea.size()) + " entries, replayed " + std::to_string(aa.size()));
        return;
      }
      double arrayScale = 0.0;
      for (const JsonValue& x : ea)
        if (x.isNumber() && std::isfinite(x.number())) arrayScale = std::max(arrayScale, std::abs(x.number()));
      const bool integers = where.size() >= 6 && where.compare(where.size() - 6, 6, ".index") == 0;
      for (std::size_t i = 0; i < ea.size(); ++i)
        value(where + "[" + std::to_string(i) + "]", ea[i], aa[i], integers ? 0.0 : arrayScale);
    } else if (e.isObject() && a.isObject()) {
      for (const auto& [key, ev] : e.members()) {
        if (ignoredKey(key)) continue;
        if (const JsonValue* av = a.find(key)) value(where + "." + key, ev, *av, 0.0);
      }
    } else if (e.type() != a.type() && !e.isString()) {
      fail(where, "different JSON types");
    }
  }
};

struct Recorded {
  std::string name;
  std::vector<std::string> argv;
  std::string stdinText;
  const JsonValue* expected = nullptr;
  double rtol = 1e-8;
};

std::string selfPath() {
  std::error_code ec;
  const auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) throw std::runtime_error("cannot find the lambdascope-cli executable (/proc/self/exe)");
  return p.string();
}

/// Run this executable with `argv` (stdin from `stdinFile` when not empty); returns the exit code.
int runSelf(const std::vector<std::string>& argv, const std::string& stdinFile) {
  const std::string exe = selfPath();
  std::vector<std::string> words{exe};
  words.insert(words.end(), argv.begin(), argv.end());
  std::vector<char*> raw;
  for (auto& w : words) raw.push_back(w.data());
  raw.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (!stdinFile.empty()) posix_spawn_file_actions_addopen(&actions, 0, stdinFile.c_str(), O_RDONLY, 0);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, exe.c_str(), &actions, nullptr, raw.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + exe);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw std::runtime_error("waitpid failed");
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::vector<OptionSpec> replayOptions() {
  return {{"out", true, "FILE.json", "write the report here instead of stdout"},
          {"rtol", true, "R", "relative tolerance (default: the one stored with each command, else 1e-8)"},
          {"keep", true, "DIR", "keep each replayed output as DIR/<n>-<command>.json"}};
}

}  // namespace

std::string replayHelp() { return formatHelp(replayOptions()); }

int runReplay(const std::vector<std::string>& argvIn) {
  if (argvIn.empty() || argvIn.front().rfind("--", 0) == 0)
    throw UsageError("replay: give the session or command file first: lambdascope-cli replay FILE.json");
  const std::string file = argvIn.front();
  const ParsedArgs args = parseArgs(std::vector<std::string>(argvIn.begin() + 1, argvIn.end()), replayOptions());
  const std::string text = readFile(file);
  JsonValue root;
  try {
    root = playground::parseJson(text);
  } catch (const playground::JsonParseError& e) {
    throw UsageError(file + ": not valid JSON (" + e.what() + ")");
  }
  const JsonValue* format = root.find("format");
  if (format == nullptr || !format->isString())
    throw UsageError(file + ": not a Lambdascope session or command file (no \"format\")");
  const JsonValue* version = root.find("version");
  const int maxVersion = 1;
  if (version == nullptr || !version->isNumber() || version->number() > maxVersion)
    throw UsageError(file + ": unsupported \"version\" (this build reads version 1)");

  std::vector<Recorded> commands;
  const auto readCommand = [&](const JsonValue& c, const std::string& where) {
    Recorded r;
    const JsonValue* argv = c.find("argv");
    if (argv == nullptr || !argv->isArray() || argv->array().empty())
      throw UsageError(file + ": " + where + ": \"argv\" must be a non-empty array of strings");
    for (const JsonValue& a : argv->array()) {
      if (!a.isString()) throw UsageError(file + ": " + where + ": \"argv\" must hold strings");
      r.argv.push_back(a.string());
    }
    if (r.argv.front() == "replay") throw UsageError(file + ": " + where + ": a recorded command cannot be replay");
    r.name = r.argv.front();
    if (const JsonValue* s = c.find("stdin"); s != nullptr && s->isString()) r.stdinText = s->string();
    if (const JsonValue* e = c.find("expected"); e != nullptr && e->isObject()) r.expected = e;
    if (const JsonValue* ref = c.find("expected_ref"); ref != nullptr && ref->isString()) {
      r.expected = root.find(ref->string());
      if (r.expected == nullptr) throw UsageError(file + ": " + where + ": \"expected_ref\" names a missing key '" + ref->string() + "'");
    }
    if (const JsonValue* t = c.find("rtol"); t != nullptr && t->isNumber()) r.rtol = t->number();
    if (args.has("rtol")) r.rtol = args.getDouble("rtol", r.rtol);
    commands.push_back(std::move(r));
  };
  if (format->string() == "lambdascope-session") {
    const JsonValue* list = root.find("commands");
    if (list != nullptr && list->isArray())
      for (std::size_t i = 0; i < list->array().size(); ++i) readCommand(list->array()[i], "commands[" + std::to_string(i) + "]");
    if (commands.empty())
      throw UsageError(file + ": the session records no command to replay (only a finished path is recorded)");
  } else if (format->string() == "lambdascope-command") {
    readCommand(root, "command");
  } else {
    throw UsageError(file + ": \"format\" is '" + format->string() + "', expected lambdascope-session or lambdascope-command");
  }

  const auto tmpDir = std::filesystem::temp_directory_path() / ("lambdascope-replay-" + std::to_string(::getpid()));
  std::filesystem::create_directories(tmpDir);
  std::ostringstream report;
  JsonWriter j(report);
  j.beginObject();
  j.key("file").value(file);
  j.key("commands").beginArray();
  bool allMatch = true;
  int worstExit = 0;
  for (std::size_t i = 0; i < commands.size(); ++i) {
    const Recorded& r = commands[i];
    const std::string out = (tmpDir / (std::to_string(i) + "-" + r.name + ".json")).string();
    std::vector<std::string> argv = r.argv;
    argv.push_back("--out");
    argv.push_back(out);
    std::string stdinFile;
    if (!r.stdinText.empty()) {
      stdinFile = (tmpDir / (std::to_string(i) + "-stdin.json")).string();
      std::ofstream(stdinFile, std::ios::binary) << r.stdinText;
    }
    const int code = runSelf(argv, stdinFile);
    j.beginObject();
    j.key("command").value(r.name);
    j.key("argv").array(r.argv);
    j.key("exit_code").value(code);
    bool match = code == 0;
    if (code != 0) worstExit = code;
    if (code == 0 && r.expected != nullptr) {
      Comparison cmp;
      cmp.rtol = r.rtol;
      try {
        const JsonValue actual = playground::parseJson(readFile(out));
        cmp.value("$", *r.expected, actual, 0.0);
      } catch (const std::exception& e) {
        cmp.fail("$", std::string("cannot read the replayed output: ") + e.what());
      }
      match = cmp.mismatches.empty() && cmp.compared > 0;
      if (cmp.compared == 0) cmp.fail("$", "no value in common to compare");
      j.key("rtol").value(cmp.rtol);
      j.key("compared_values").value(static_cast<long long>(cmp.compared));
      j.key("max_relative_difference").value(cmp.maxRelative);
      j.key("mismatches").array(cmp.mismatches);
    } else if (code == 0) {
      j.key("compared_values").value(0);  // nothing stored to compare: the command just ran
    }
    j.key("match").value(match);
    j.endObject();
    if (auto keep = args.get("keep")) {
      std::filesystem::create_directories(*keep);
      std::error_code ec;
      std::filesystem::copy_file(out, std::filesystem::path(*keep) / std::filesystem::path(out).filename(),
                                 std::filesystem::copy_options::overwrite_existing, ec);
    } else if (r.expected == nullptr && code == 0 && commands.size() == 1 && !args.has("out")) {
      // A plain command config: its output is the point.
      std::cout << readFile(out);
    }
    allMatch = allMatch && match;
  }
  j.endArray();
  j.key("match").value(allMatch);
  j.key("version").value(kVersion);
  j.endObject();
  std::error_code ec;
  std::filesystem::remove_all(tmpDir, ec);
  const bool plainConfig = commands.size() == 1 && commands.front().expected == nullptr;
  if (!plainConfig || args.has("out")) emit(args, report.str() + "\n");
  if (worstExit != 0) return worstExit;
  return allMatch ? 0 : kReplayMismatch;
}

}  // namespace lambdascope::cli
