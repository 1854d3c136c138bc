"""The words the generated pages say, in the site's language.

One gettext catalogue per language (`generator/locales/<language>/LC_MESSAGES/annotations.po`,
the format translators' tools read), loaded with Babel, whose CLDR data also gives each
language its plural forms, its dates, its numbers and its direction. A site's `theme.language`
picks the catalogue as Material picks its own: the language itself (`pt-BR`), else its base
(`pt`), else English. The messages are the English texts; a missing translation shows English.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import string
from dataclasses import dataclass
from importlib import resources

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

from ..model import Options
from .paths import resolver
from .quotation_marks import QUOTATION_MARKS
from .text import html_text, plain, prose

DOMAIN = "annotations"
LANGUAGES = ("en", "de", "fr", "es", "uk", "nb", "ar")
"""The languages with a catalogue; English is the messages themselves."""
SAME_LANGUAGE = {"no": "nb"}
"""Material's codes whose catalogue is another's (Norwegian is written in Bokmål here)."""
DATE_LOCALE = {"en": "en_GB"}
"""English dates as the site has always written them, day first: 12 July 2023."""


EXTRACTED = {"words": None, "plural": (1, 2), "html": None, "message": None}
"""The calls whose first arguments are messages (Babel's extraction keywords): `words(...)`,
`words.plural(...)`, `words.html(...)`, `message(...)`."""


def message(text: str) -> str:
    """Marks a message that is translated where it is used (a rating's name in a table)."""
    return text


@dataclass(frozen=True)
class Words:
    """What one language says: `words("About this text")`, `words.plural(...)`, its dates."""

    language: str
    """The catalogue's language: one of LANGUAGES."""
    translations: NullTranslations

    def __call__(self, message: str, **values: object) -> str:
        """The message in this language, plain text, with `{name}` replaced by `values`."""
        translated = self.translations.gettext(message)
        return translated.format(**values) if values else translated

    def plural(self, singular: str, plural: str, count: int, **values: object) -> str:
        """The form of the message for `count` (`{count}` in it is the number, in this language's digits)."""
        return self.translations.ngettext(singular, plural, count).format(count=self.number(count), **values)

    def html(self, message: str, **html_values: str) -> str:
        """The message as HTML: its own text escaped, `html_values` (HTML already) put in as they are."""
        parts = []
        for text, field, _, _ in string.Formatter().parse(self.translations.gettext(message)):
            parts.append(html_text(text))
            if field is not None:
                parts.append(html_values[field])
        return "".join(parts)

    @property
    def locale(self) -> str:
        """CLDR's locale for this language's dates and numbers."""
        return DATE_LOCALE.get(self.language, self.language)

    def date(self, value: dt.date) -> str:
        """A date written out: 12 July 2023, 12. Juli 2023, 12 يوليو 2023."""
        return _long_date(value, self.locale)

    def month(self, value: dt.date) -> str:
        """A month and its year: July 2023, Juli 2023."""
        return format_skeleton("yMMMM", value, locale=self.locale)

    def year(self, value: dt.date) -> str:
        return format_skeleton("y", value, locale=self.locale)

    def number(self, value: int) -> str:
        return format_decimal(value, locale=self.locale)


@functools.lru_cache(maxsize=4096)  # an archive has few dates, each written on many pages
def _long_date(value: dt.date, locale: str) -> str:
    return format_date(value, "long", locale=locale)


def catalogue_language(language: str | None) -> str:
    """The catalogue for a site's `theme.language` (a BCP 47 tag: `de`, `pt-BR`, `zh-Hans`)."""
    tag = (language or "en").replace("_", "-").lower()
    for candidate in (tag, tag.split("-")[0]):
        candidate = SAME_LANGUAGE.get(candidate, candidate)
        if candidate in LANGUAGES:
            return candidate
    return "en"


@functools.cache
def words_for(language: str | None) -> Words:
    """The words of a site whose `theme.language` is `language`."""
    chosen = catalogue_language(language)
    if chosen == "en":
        return Words("en", NullTranslations())
    return Words(chosen, _translations(chosen))


def _translations(language: str) -> Translations:
    """A catalogue read from its .po file (no compiled file to keep in step with it)."""
    source = resources.files("generator").joinpath(f"locales/{language}/LC_MESSAGES/{DOMAIN}.po")
    with source.open("rb") as po:
        catalogue = read_po(po, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


@functools.lru_cache(maxsize=256)
def quotation_marks(language: str | None) -> str:
    """A language's quotation marks from CLDR (`quotation_marks.py`), as `prose` takes them: the
    most specific of the tag (`de-CH`, `zh-Hant`) and its base; English for an unknown language."""
    parts = (language or "en").replace("_", "-").split("-")
    base = SAME_LANGUAGE.get(parts[0].lower(), parts[0].lower())
    for candidate in ("-".join([base, *parts[1:]]), *(f"{base}-{part}" for part in parts[1:]), base):
        if candidate in QUOTATION_MARKS:
            return QUOTATION_MARKS[candidate]
    return QUOTATION_MARKS["en"]


def page_prose(text: str, page: str, options: Options) -> str:
    """Annotators' prose on `page`: its links resolved from there, its quotes the site language's."""
    return prose(text, resolver(page, options), quotation_marks(options.language))


def page_plain(text: str, options: Options) -> str:
    """Annotators' prose as plain text (descriptions, tooltips), its quotes the site language's."""
    return plain(text, quotation_marks(options.language))


def language_attributes(language: str | None) -> str:
    """` lang="…" dir="…"` for a text in `language` (a tag the schema checked: nothing to escape),
    as HTML and Markdown's attribute lists write them; "" for none."""
    return f' lang="{language}" dir="{text_direction(language)}"' if language else ""


@functools.lru_cache(maxsize=256)
def text_direction(language: str | None) -> str:
    """The direction a language is written in, from CLDR: "rtl" or "ltr" (unknown tags: "ltr")."""
    try:
        return Locale.parse((language or "en").replace("-", "_")).text_direction
    except (ValueError, UnknownLocaleError):
        return "ltr"
