# Shared by scripts/demo.sh and scripts/test.sh: make a fresh Debian machine that has only Node.js
# and npm ready for this repository. Sourced, not run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PNPM_VERSION="10.34.9"
cd "$ROOT"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

require_node() {
  command -v node >/dev/null || die "Node.js >= 20.19 is required: https://nodejs.org/"
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
    || die "Node.js >= 20.19 is required (found $(node --version))"
}

# pnpm comes from the npm registry; a global install needs root, otherwise npx runs it in place.
ensure_pnpm() {
  if command -v pnpm >/dev/null && [ "$(pnpm --version 2>/dev/null)" = "$PNPM_VERSION" ]; then
    PNPM=(pnpm)
  elif [ "$(id -u)" = 0 ]; then
    say "installing pnpm $PNPM_VERSION"
    npm install -g --no-fund --no-audit "pnpm@$PNPM_VERSION" >/dev/null
    PNPM=(pnpm)
  else
    PNPM=(npx --yes "pnpm@$PNPM_VERSION")
  fi
}

# Debian packages the tests need. As root they are installed; otherwise we stop with the command.
ensure_apt_packages() {
  local missing=()
  for pair in "$@"; do
    local binary="${pair%%:*}" package="${pair##*:}"
    command -v "$binary" >/dev/null || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing ${missing[*]} with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    die "missing ${missing[*]}; install with: sudo apt-get update && sudo apt-get install -y ${missing[*]}"
  fi
}

install_workspace() {
  say "installing workspace packages"
  # CI must use exactly the lockfile; a developer may add packages.
  if [ -n "${CI:-}" ]; then
    "${PNPM[@]}" install --frozen-lockfile --reporter=append-only >/dev/null
  else
    "${PNPM[@]}" install --reporter=append-only >/dev/null
  fi
}

require_node
ensure_pnpm
