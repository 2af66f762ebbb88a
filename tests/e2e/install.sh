#!/usr/bin/env bash
# Installs what the end-to-end tests in real VS Code need, idempotently, into a cache the tests own:
#   - Debian packages (build-essential libkrb5-dev ripgrep chromium), when missing and we may install;
#   - code-server 4.100.3 (the newest that runs on Node 20), by hand, because its own postinstall fails here
#     (recipe: shared/notes/vscode-e2e.md);
#   - playwright-core (tests/e2e/package.json) to drive Debian's Chromium.
# Prints the code-server binary's path as the last line. Re-running with everything in place takes < 1 s.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache=${PORTLINT_E2E_CACHE:-$here/../.cache/e2e}
version=4.100.3
apt_packages="build-essential libkrb5-dev ripgrep chromium"

mkdir -p "$cache"
cache=$(cd "$cache" && pwd)
# One installer at a time (two pytest runs may start together).
exec 9>"$cache/.lock"
flock 9

log() { echo "install.sh: $*" >&2; }

install_apt_packages() {
  local missing="" pkg sudo=""
  for pkg in $apt_packages; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
  done
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo="sudo -n"
    else
      log "missing Debian packages:$missing (not root, no sudo: install them and re-run)"
      return 1
    fi
  fi
  log "apt-get install$missing"
  $sudo apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

# @vscode/ripgrep downloads a ripgrep release in its postinstall; we have no route there, so hand it
# Debian's rg in the tarball it looks for in its cache folder.
seed_ripgrep_cache() {
  local tmp rg_cache
  tmp=$(node -p 'require("os").tmpdir()')
  rg_cache="$tmp/vscode-ripgrep-cache-1.15.11"
  local tarball="$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
  [ -s "$tarball" ] && return 0
  mkdir -p "$rg_cache"
  local staging
  staging=$(mktemp -d)
  cp "$(command -v rg)" "$staging/rg"
  tar -czf "$tarball.partial" -C "$staging" rg
  mv "$tarball.partial" "$tarball"
  rm -rf "$staging"
}

install_code_server() {
  local prefix="$cache/code-server-$version"
  local marker="$prefix/.installed"
  local package="$prefix/lib/node_modules/code-server"
  [ -f "$marker" ] && return 0
  rm -rf "$prefix"  # a half-finished earlier attempt
  log "installing code-server $version into $prefix"
  seed_ripgrep_cache
  # Run the nested installs as plain local installs: an enclosing `npm -g` or npm script leaks these.
  unset npm_config_global npm_config_prefix
  npm install -g --ignore-scripts --no-audit --no-fund --loglevel=error --prefix "$prefix" "code-server@$version" >&2
  # argon2's prebuilt download fails offline; build it from source.
  (cd "$package" && npm rebuild argon2 --loglevel=error >&2)
  # What code-server's postinstall would do. node-pty's postinstall runs `npx node-gyp`: let npx proceed.
  local dir
  for dir in "$package/lib/vscode" "$package/lib/vscode/extensions"; do
    (cd "$dir" && npm_config_yes=true npm install --omit=dev --no-audit --no-fund --loglevel=error >&2)
  done
  ln -sfn node_modules "$package/lib/vscode/node_modules.asar"
  ln -sfn code-linux.sh "$package/lib/vscode/bin/remote-cli/code-server"
  ln -sfn browser-linux.sh "$package/lib/vscode/bin/helpers/browser.sh"
  local scratch
  scratch=$(mktemp -d)  # code-server writes a default config on any start: keep it out of $HOME
  XDG_CONFIG_HOME="$scratch" XDG_DATA_HOME="$scratch" "$prefix/bin/code-server" --version >&2
  rm -rf "$scratch"
  touch "$marker"
}

install_playwright() {
  local tools="$cache/tools"
  local marker="$tools/.installed"
  if [ -f "$marker" ] && cmp -s "$here/package.json" "$tools/package.json"; then
    return 0
  fi
  log "installing playwright-core into $tools"
  mkdir -p "$tools"
  cp "$here/package.json" "$tools/package.json"
  unset npm_config_global npm_config_prefix
  (cd "$tools" && npm install --no-audit --no-fund --loglevel=error >&2)
  touch "$marker"
}

install_apt_packages
install_code_server
install_playwright
echo "$cache/code-server-$version/bin/code-server"
