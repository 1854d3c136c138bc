"""Checks of generated HTML: a strict well-formedness check (every element closed, in order), and
the W3C's Nu Html Checker with Material's own errors told apart."""

from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Balance(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else 'nothing'}>")
        else:
            self.stack.pop()


def well_formed_errors(html: str) -> list[str]:
    checker = _Balance()
    checker.feed(html)
    checker.close()
    return checker.errors + [f"<{tag}> never closed" for tag in checker.stack]


# --- the W3C's Nu Html Checker (npm's vnu-jar, run with Java) --------------------------------------

VNU = Path(__file__).resolve().parent / ".node/node_modules/vnu-jar/build/dist/vnu.jar"
MATERIAL_ERRORS = [
    (re.compile(r"Bad value “” for attribute “tabindex” on element “label”"), re.compile(r'class="md-nav__link'),
     "Material's navigation section labels carry tabindex=\"\" (navigation.sections)"),
    (re.compile(r"Attribute “autocomplete” is only allowed when the input type is"),
     re.compile(r'class="md-toggle"|id="__(drawer|search)"'),
     "Material's drawer and search toggles: checkboxes with autocomplete=\"off\""),
    (re.compile(r"The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control"),
     re.compile(r'class="md-(nav__title|header__button|overlay|search__icon)'),
     "Material's labels of its hidden toggles (__drawer, __search, __toc)"),
]
"""Material for MkDocs' own errors, each by its message and the markup it is reported on (its
classes and ids): every other error is the project's. Stock Material pages have exactly these."""


def nu_errors(pages: list[Path]) -> dict[str, list[dict]]:
    """The Nu Html Checker's errors on each page (by its path as given): its messages, as JSON."""
    if not VNU.is_file():
        raise FileNotFoundError(f"{VNU} is missing: scripts/test.sh installs vnu-jar")
    result = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--errors-only", *map(str, pages)],
                            capture_output=True, text=True, timeout=600)
    found: dict[str, list[dict]] = {str(page): [] for page in pages}
    for message in json.loads(result.stderr or '{"messages": []}')["messages"]:
        if message.get("type") == "error":
            found.setdefault(unquote(urlsplit(message["url"]).path), []).append(message)
    return found


def materials(message: dict) -> str | None:
    """Which of Material's known errors a message is (its description), or None: the project's."""
    return next((why for text, markup, why in MATERIAL_ERRORS
                 if text.search(message["message"]) and markup.search(message.get("extract", ""))), None)


def ours(messages: list[dict]) -> list[dict]:
    """The errors that are not Material's own."""
    return [message for message in messages if materials(message) is None]
