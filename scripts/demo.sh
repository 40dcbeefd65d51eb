#!/usr/bin/env bash
# Installs what the demo needs and starts it on the embedded sandbox (no Berbix account, no
# secrets). Extra arguments go to the demo, e.g. `bash scripts/demo.sh --port 8080`.
source "$(dirname "${BASH_SOURCE[0]}")/lib/setup.sh"
install_workspace
exec "${PNPM[@]}" -s demo -- "$@"
