#pragma once
// Playground presets ("lessons"): a small versioned JSON file holding the problem, the start,
// the methods with their parameters and the view, so that a teacher can share a picture.
//
// {"format": "lambdascope-playground", "version": 1, "title": "...", "description": "...",
//  "problem": {"name": "quadratic", "condition": 10, "rotation": 0, "lambda": 0.1,
//              "l1_ratio": 0.5, "features": ["s1", "s2"]},
//  "start": [x, y], "iterations": 50,
//  "methods": [{"method": "gd", "step": 0.1, "momentum": 0.5, "batch_size": 10, "seed": 1,
//               "epoch_length": 442, "label": "GD, s = 1/L"}],
//  "view": {"x": [xmin, xmax], "y": [ymin, ymax], "levels": 15, "log_scale": true,
//           "show_rates": true, "large_fonts": false, "tab": "playground"},
//  "prox": {"operators": ["soft", "hard"], "lambda": 1, "gamma": 3, "x_max": 3}}
// Only "format", "version" and "problem.name" are required; unknown keys are errors (typos).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/playground/methods.hpp"
#include "core/playground/problem.hpp"
#include "core/playground/prox_explorer.hpp"

namespace lambdascope::playground {

inline constexpr int kPresetVersion = 1;
inline constexpr const char* kPresetFormat = "lambdascope-playground";
inline constexpr int kDefaultIterations = 50;

struct PresetView {
  std::optional<ViewBox> box;  ///< default: the problem's
  int levels = 15;
  bool logScale = true;  ///< convergence plot on a log scale
  bool showRates = true;
  bool largeFonts = false;
  std::string tab = "playground";  ///< "playground" or "prox"
};

struct PresetProx {
  std::vector<std::string> operators{"soft", "hard", "firm", "scad", "block"};
  ProxParams params;
  double xMax = 3.0;
};

struct Preset {
  int version = kPresetVersion;
  std::string title;
  std::string description;
  ProblemSpec problem;
  std::optional<Vec2> start;  ///< default: the problem's
  int iterations = kDefaultIterations;
  std::vector<MethodSpec> methods;
  PresetView view;
  std::optional<PresetProx> prox;
};

/// Throws std::invalid_argument with one line: "<name>: line L, column C: ..." for JSON syntax,
/// "<name>: <key path>: ..." for a wrong key or value (including invalid problem parameters,
/// unknown methods and a version newer than kPresetVersion).
Preset parsePreset(std::string_view text, const std::string& displayName);
/// Reads the file; an unreadable file is std::invalid_argument naming it.
Preset loadPreset(const std::string& path);
/// The file text (pretty-printed JSON, every field written).
std::string presetToJson(const Preset& preset);

}  // namespace lambdascope::playground
