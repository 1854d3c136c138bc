"""Bring the translation catalogues up to date with the code: extract every message the
generator says (`render/language.py`: EXTRACTED), and merge them into each language's
`generator/locales/<language>/LC_MESSAGES/annotations.po`, keeping every translation; a new
message arrives untranslated (shown in English until translated), a removed one is dropped.
`--check` changes nothing and fails when a catalogue lacks a message or a translation.

    .venv/bin/python scripts/update_catalogues.py [--check]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from generator.render.language import DOMAIN, EXTRACTED, LANGUAGES

PACKAGE = Path(__file__).resolve().parent.parent / "generator"


def extracted() -> Catalog:
    """Every message of the code, with where it is said."""
    template = Catalog(domain=DOMAIN, project="annotated-articles")
    for filename, line, message, comments, context in extract_from_dir(
            str(PACKAGE), method_map=[("**.py", "python")], keywords=EXTRACTED):
        template.add(message, locations=[(f"generator/{filename}", line)], auto_comments=comments, context=context)
    return template


def catalogue_path(language: str) -> Path:
    return PACKAGE / "locales" / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def missing(catalogue: Catalog, template: Catalog) -> list[str]:
    """The messages of the code the catalogue does not translate."""
    gaps = []
    for message in template:
        if not message.id:
            continue
        own = catalogue.get(message.id, message.context)
        strings = own.string if own is not None else None
        forms = strings if isinstance(strings, (tuple, list)) else (strings,)
        if own is None or own.fuzzy or not all(forms):
            gaps.append(str(message.id))
    return gaps


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; fail on any untranslated message")
    args = parser.parse_args()
    template, failed = extracted(), False
    for language in LANGUAGES[1:]:  # English is the messages themselves
        path = catalogue_path(language)
        with path.open("rb") as po:
            catalogue = read_po(po, locale=language, domain=DOMAIN)
        if args.check:
            gaps = missing(catalogue, template)
            for gap in gaps:
                print(f"{path.relative_to(PACKAGE.parent)}: untranslated: {gap!r}", file=sys.stderr)
            failed = failed or bool(gaps)
            continue
        catalogue.update(template, no_fuzzy_matching=True)
        with path.open("wb") as po:
            write_po(po, catalogue, omit_header=False, sort_output=False, ignore_obsolete=True, width=100)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
