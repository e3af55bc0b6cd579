#!/usr/bin/env bash
# The demo: sets up a fresh machine if needed, then runs the bundled action end to end against
# the local Tencent Cloud API emulator and shows the key loaded into ssh-agent.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node scripts/demo.mjs "$@"
