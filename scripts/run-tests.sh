#!/usr/bin/env bash
# Install the test dependencies (Debian: jing, poppler-utils, chromium, epubcheck, fonts-noto-cjk;
# Python: the package with its [test] extra) and run the whole test suite.
source "$(dirname "${BASH_SOURCE[0]}")/_env.sh"
require_commands jing:jing pdftotext:poppler-utils pdffonts:poppler-utils chromium:chromium epubcheck:epubcheck
# Chinese, Japanese and Korean text in the PDF tests: the fonts the print edition falls back on
require_files /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc:fonts-noto-cjk
ensure_venv
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$ROOT[test]"
cd "$ROOT"
exec "$VENV/bin/python" -m pytest "$@"
