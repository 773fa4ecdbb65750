# Shared set-up for the project scripts: a virtual environment in .venv with teitools.
# Sourced by build-corpus.sh and run-tests.sh; not meant to be run on its own.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${TEITOOLS_VENV:-$ROOT/.venv}"
PYTHON="${PYTHON:-python3}"

# Install Debian packages, when we are allowed to (root with apt-get).
apt_install() {
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "teitools: installing Debian packages: $*" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  else
    echo "teitools: please install these Debian packages (as root): $*" >&2
    return 1
  fi
}

# Install the Debian package of each command that is missing: COMMAND:PACKAGE ...
require_commands() {
  local missing=() pair
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
  done
  [ "${#missing[@]}" -eq 0 ] || apt_install $(printf '%s\n' "${missing[@]}" | sort -u)
}

# Install the Debian package of each file that is missing: FILE:PACKAGE ...
require_files() {
  local missing=() pair
  for pair in "$@"; do
    [ -e "${pair%%:*}" ] || missing+=("${pair#*:}")
  done
  [ "${#missing[@]}" -eq 0 ] || apt_install $(printf '%s\n' "${missing[@]}" | sort -u)
}

ensure_venv() {
  if [ ! -x "$VENV/bin/python" ]; then
    if ! "$PYTHON" -c 'import venv, ensurepip' >/dev/null 2>&1; then
      apt_install python3-venv
    fi
    "$PYTHON" -m venv "$VENV"
  fi
}
