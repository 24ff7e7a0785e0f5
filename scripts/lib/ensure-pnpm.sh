# shellcheck shell=bash
# Sourced by the entry scripts: makes sure the exact pnpm pinned in package.json
# is on PATH. A different global pnpm refuses to run here (it tries to switch
# versions and fails the registry signature check), so install the pin with npm.
ensure_pnpm() {
  local wanted
  wanted="$(node -p "require('./package.json').packageManager.split('@')[1]")"
  if [ "$(pnpm --version 2>/dev/null || true)" != "$wanted" ]; then
    echo "Installing pnpm $wanted with npm…"
    npm install --global --no-fund --no-audit "pnpm@$wanted" >/dev/null
  fi
  # turbo and other tools stay off the network for telemetry.
  export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
}
