# Shared helpers for scripts/run, scripts/test and scripts/bench. Sourced, not executed.
set -euo pipefail

PULSE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PULSE_ROOT

# Debian packages the project builds, runs and tests with.
# fonts-noto-cjk: the Japanese translation needs a CJK font to be readable.
# libqt6opengl6-dev: Qt6Charts' CMake package needs Qt6OpenGL, and qt6-charts-dev does not pull it in.
PULSE_BUILD_PACKAGES=(
  build-essential cmake ninja-build pkg-config clang clang-format libclang-rt-14-dev
  qt6-base-dev qt6-base-dev-tools libqt6opengl6-dev qt6-charts-dev qt6-tools-dev qt6-l10n-tools qt6-translations-l10n
  libgl-dev libbenchmark-dev librdkafka-dev libpqxx-dev fonts-noto-cjk
)
# nodejs npm: the third-party GraphQL peers in tests/peers/node (graphql-ws, ws, graphql from the npm registry).
PULSE_TEST_PACKAGES=(netcat-openbsd xvfb xauth procps kcat postgresql-15 postgresql-client-15 nodejs npm)
# A nodejs build that bundles npm conflicts with Debian's npm package: when npm is already there, keep it.
if command -v npm >/dev/null 2>&1; then
  _packages=()
  for _p in "${PULSE_TEST_PACKAGES[@]}"; do [ "$_p" = npm ] || _packages+=("$_p"); done
  PULSE_TEST_PACKAGES=("${_packages[@]}")
  unset _packages _p
fi

log() { printf '[pulse] %s\n' "$*" >&2; }

# Installs whichever of the given Debian packages are missing (apt-get update once, only if needed).
ensure_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing missing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Installs a folder's locked npm packages (package.json + package-lock.json) into its node_modules/ with `npm ci`.
npm_ci() {
  local dir="$1"
  log "installing the npm packages of ${dir#"$PULSE_ROOT"/} (npm ci)"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
}

# Configures and builds a CMake preset; extra arguments go to the build (e.g. --target x).
build_preset() {
  local preset="$1"; shift
  cmake --preset "$preset" -S "$PULSE_ROOT" >/dev/null
  cmake --build --preset "$preset" -j"$(nproc)" "$@"
}
