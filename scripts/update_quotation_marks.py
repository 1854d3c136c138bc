"""Write `generator/render/quotation_marks.py`: each language's quotation marks from CLDR (Babel,
which gives the generator its other locale data, leaves them out), read from the npm package
`cldr-misc-full` that `scripts/test.sh` installs into `tests/.node`. A locale is kept where its
marks differ from its language's. `--check` writes nothing and fails when the module is not what
CLDR says (a test runs it).

    .venv/bin/python scripts/update_quotation_marks.py [--check]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLDR = ROOT / "tests" / ".node" / "node_modules" / "cldr-misc-full"
MODULE = ROOT / "generator" / "render" / "quotation_marks.py"
KEYS = ("quotationStart", "quotationEnd", "alternateQuotationStart", "alternateQuotationEnd")


def marks_by_locale(cldr: Path) -> dict[str, str]:
    """Each CLDR locale's four marks (opening, closing, and the alternate pair for quotes inside
    quotes), as one string; a locale whose marks are its language's is left out."""
    marks = {}
    for path in sorted((cldr / "main").glob("*/delimiters.json")):
        locale = path.parent.name
        delimiters = json.loads(path.read_text(encoding="utf-8"))["main"][locale]["delimiters"]
        marks[locale] = "".join(delimiters[key] for key in KEYS)
    return {locale: quotes for locale, quotes in marks.items()
            if "-" not in locale or marks.get(locale.split("-")[0]) != quotes}


def module_text(cldr: Path) -> str:
    version = json.loads((cldr / "package.json").read_text(encoding="utf-8"))["version"]
    entries = "".join(f"    {locale!r}: {quotes!r},\n" for locale, quotes in marks_by_locale(cldr).items())
    return (f'"""Quotation marks by locale (BCP 47), from CLDR {version} (`cldr-misc-full`): opening, closing,\n'
            f'and the alternate pair for quotes inside quotes. Written by scripts/update_quotation_marks.py."""\n\n'
            f"QUOTATION_MARKS = {{\n{entries}}}\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; fail when the module is out of date")
    arguments = parser.parse_args()
    if not CLDR.is_dir():
        print(f"error: {CLDR.relative_to(ROOT)} is missing: run scripts/test.sh, which installs it", file=sys.stderr)
        return 1
    text = module_text(CLDR)
    if arguments.check:
        if MODULE.read_text(encoding="utf-8") != text:
            print(f"{MODULE.relative_to(ROOT)} differs from CLDR: run scripts/update_quotation_marks.py", file=sys.stderr)
            return 1
        return 0
    MODULE.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
