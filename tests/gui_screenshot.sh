#!/usr/bin/env bash
# Screenshot of the GUI after a full path on the bundled diabetes data, for the README.
#   tests/gui_screenshot.sh [OUT.png] [BUILD_DIR]
# Runs `lambdascope --run --screenshot OUT.png` under a virtual X server (xvfb-run -a).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-${repo}/resources/screenshots/lambdascope-path.png}"
build="${2:-${LAMBDASCOPE_BUILD_DIR:-}}"

exe=""
for candidate in "${build:+${build}/app/lambdascope}" "${repo}/build/release/app/lambdascope" \
                 "${repo}/build/gui/app/lambdascope" \
                 "${repo}/build/dev/app/lambdascope" "${repo}/build/app/lambdascope"; do
  if [[ -n "${candidate}" && -x "${candidate}" ]]; then exe="${candidate}"; break; fi
done
if [[ -z "${exe}" ]]; then
  echo "gui_screenshot.sh: lambdascope executable not found; build it or pass BUILD_DIR" >&2
  exit 1
fi
command -v xvfb-run >/dev/null || { echo "gui_screenshot.sh: xvfb-run is required" >&2; exit 1; }

mkdir -p "$(dirname "${out}")"
# A private settings directory: the screenshot must not depend on (or change) the user's
# saved window layout and model settings.
settings="$(mktemp -d)"
trap 'rm -rf "${settings}"' EXIT

XDG_CONFIG_HOME="${settings}" xvfb-run -a -s "-screen 0 1600x1000x24 -dpi 96" \
  "${exe}" --run --screenshot "${out}"
echo "wrote ${out}"
