#!/usr/bin/env bash
# Installs what the tests and the demo need on a fresh Debian/Ubuntu machine or macOS:
# OpenSSH (ssh-agent, ssh-add, ssh-keygen, and sshd for the end-to-end login test), rsync,
# nss_wrapper (the test harness's passwd home) and the npm dependencies. Node 24, which runs the
# bundled action in the tests, comes from the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v ssh-agent >/dev/null 2>&1 || missing+=(openssh-client)
[ -x /usr/sbin/sshd ] || command -v sshd >/dev/null 2>&1 || missing+=(openssh-server)
# The ssh-host recipe's `rsync -az ./ web1:/srv` runs for real in the end-to-end test.
command -v rsync >/dev/null 2>&1 || missing+=(rsync)
# The test harness gives each job a passwd home of its own with nss_wrapper (LD_PRELOAD), so the
# action's known_hosts never lands in this machine's real ~/.ssh (Linux only).
has_nss_wrapper() {
  local file
  for file in /usr/lib/*/libnss_wrapper.so /usr/lib64/libnss_wrapper.so /usr/lib/libnss_wrapper.so; do
    [ -e "$file" ] && return 0
  done
  return 1
}
if [ "$(uname -s)" = Linux ] && ! has_nss_wrapper; then missing+=(libnss-wrapper); fi
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    echo "setup: installing ${missing[*]} from Debian's packages"
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "setup: please install ${missing[*]} with your package manager" >&2
    exit 1
  fi
fi

# npm ci only when node_modules is missing or older than the lock file.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
