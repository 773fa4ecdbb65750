"""``python -m teitools.odd schema/teitools.odd [--out-dir DIR]``: write the derived schemas."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from teitools.odd.derive import write_schemas
from teitools.odd.model import OddError


def main(argv: Sequence[str] | None = None) -> int:
    """Compile the ODD and write its RELAX NG, XSD (+ xml.xsd) and Schematron; 2 on an error."""
    parser = argparse.ArgumentParser(
        prog="python -m teitools.odd",
        description="Compile a self-contained, pure-ODD TEI customization into RELAX NG, XSD and Schematron.",
    )
    parser.add_argument("odd", type=Path, help="the ODD file (e.g. schema/teitools.odd)")
    parser.add_argument("--out-dir", type=Path, default=None, help="default: the ODD's directory")
    arguments = parser.parse_args(argv)
    try:
        for path in write_schemas(arguments.odd, arguments.out_dir or arguments.odd.parent):
            print(path)
    except OddError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"error: cannot write {error.filename or 'the schemas'}: {error.strerror or error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
