#!/usr/bin/env bash
# Install the test dependencies (Debian: jing, poppler-utils, chromium, epubcheck, fonts-noto-cjk, npm;
# Python: the package with its [test] extra; npm: axe-core for the accessibility test) and run the whole test suite.
source "$(dirname "${BASH_SOURCE[0]}")/_env.sh"
require_commands jing:jing pdftotext:poppler-utils pdffonts:poppler-utils chromium:chromium epubcheck:epubcheck npm:npm
# Chinese, Japanese and Korean text in the PDF tests: the fonts the print edition falls back on
require_files /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc:fonts-noto-cjk
# axe-core, injected into the pages by tests/test_browser.py (same version and folder as there)
export TEITOOLS_AXE_DIR="${TEITOOLS_AXE_DIR:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/teitools/axe-core}"
if [ ! -f "$TEITOOLS_AXE_DIR/node_modules/axe-core/axe.min.js" ]; then
  npm install --silent --no-audit --no-fund --prefix "$TEITOOLS_AXE_DIR" axe-core@4.14
fi
ensure_venv
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$ROOT[test]"
cd "$ROOT"
exec "$VENV/bin/python" -m pytest "$@"
