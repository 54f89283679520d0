#!/usr/bin/env bash
# Lambdascope set-up for a fresh Debian 12 machine: installs what is missing, builds (Release),
# then either opens the GUI on the bundled real dataset (`run`) or runs the whole test suite
# headless (`test`). Idempotent: quick when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-run}
case "$mode" in run|test|build) ;; *) echo "usage: $0 run|test|build" >&2; exit 2 ;; esac

packages=(build-essential cmake ninja-build qt6-base-dev qt6-svg-dev libqcustomplot-dev
          libeigen3-dev libtbb-dev libgl-dev zlib1g-dev libmatio-dev xvfb xauth fonts-dejavu-core)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "Installing: ${missing[*]}"
  sudo=(); [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

[ -f build/release/CMakeCache.txt ] || cmake --preset release
cmake --build --preset release -j "$(nproc)"

case "$mode" in
  build) ;;
  test)
    ctest --preset release -j "$(nproc)"
    ;;
  run)
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      shot=build/release/lambdascope-screenshot.png
      echo "No display: running under xvfb-run; the window is saved to $shot"
      exec xvfb-run -a build/release/app/lambdascope --run --screenshot "$shot"
    fi
    exec build/release/app/lambdascope
    ;;
esac
