#!/usr/bin/env bash
# Install teitools in .venv and build every edition of the corpus in tei/ into output/.
source "$(dirname "${BASH_SOURCE[0]}")/_env.sh"
ensure_venv
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$ROOT"
cd "$ROOT"
"$VENV/bin/teitools" validate tei
"$VENV/bin/teitools" build tei -o output "$@"
