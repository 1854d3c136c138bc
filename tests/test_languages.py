"""The generated pages in the site's language (issue 33): one gettext catalogue per language,
CLDR's dates, numbers and plural forms through Babel, the text's own language marked."""

from __future__ import annotations

import re
import string
import subprocess
import sys
from dataclasses import replace

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from generator.model import Options
from generator.pipeline import generate
from generator.render.language import DOMAIN, LANGUAGES, catalogue_language, words_for
from tests.conftest import REPO, to_html

CATALOGUES = REPO / "generator/locales"
TRANSLATED = LANGUAGES[1:]


def _catalogue(language: str):
    with (CATALOGUES / language / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as po:
        return read_po(po, locale=language, domain=DOMAIN)


def _fields(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def test_every_message_of_the_code_is_translated_in_every_catalogue():
    """The maintainers' script extracts the messages from the code with Babel: none may be
    missing, empty or fuzzy in any catalogue (a new message fails here until it is translated)."""
    result = subprocess.run([sys.executable, "scripts/update_catalogues.py", "--check"], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_their_placeholders_and_plural_forms(language):
    catalogue = _catalogue(language)
    assert not catalogue.fuzzy  # a fuzzy header would lose its plural forms
    messages = [m for m in catalogue if m.id]
    assert len(messages) > 60
    for message in messages:
        if isinstance(message.id, tuple):
            assert len(message.string) == catalogue.num_plurals, message.id
            for form in message.string:  # "one" may say the number in words ("مقالة واحدة")
                assert _fields(form) <= _fields(message.id[1]), (message.id, form)
        else:
            assert _fields(message.string) == _fields(message.id), (message.id, message.string)


@pytest.mark.parametrize(("theme_language", "catalogue"), [
    ("de", "de"), ("de-AT", "de"), ("pt-BR", "en"), ("no", "nb"), ("nb", "nb"), ("zh-Hant", "en"), ("", "en"),
    ("ar", "ar"), ("uk", "uk"), ("es", "es"), ("fr", "fr")])
def test_a_site_language_picks_its_catalogue_as_material_falls_back(theme_language, catalogue):
    assert catalogue_language(theme_language) == catalogue


EXPECTED = {  # a few words of each language's pages, as its speakers write them
    "de": ["Über diesen Text", "Anmerkungen", "In diesem Artikel", "16. August 2023", "Zitate", "Faktencheck: unzutreffend."],
    "fr": ["À propos de ce texte", "Notes", "Dans cet article", "16 août 2023", "Citations", "Vérification : inexact."],
    "es": ["Sobre este texto", "Notas", "En este artículo", "16 de agosto de 2023", "Citas", "Verificación: incorrecto."],
    "uk": ["Про цей текст", "Примітки", "У цій статті", "16 серпня 2023 р.", "Цитати", "Фактчек: неправда."],
    "nb": ["Om denne teksten", "Merknader", "I denne artikkelen", "16. august 2023", "Sitater", "Faktasjekk: uriktig."],
    "ar": ["عن هذا النص", "ملاحظات", "في هذه المقالة", "16 أغسطس 2023", "اقتباسات", "تدقيق الحقائق: غير صحيح."],
}


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_generated_page_speaks_the_sites_language(language):
    """Each language's pages of the flagship (notes, fact-checks, quotes, a transcript) hold its
    words and dates, and none of the English messages that it translates otherwise (the articles'
    own texts, which stay as written, left out)."""
    result = generate(REPO / "annotations", Options(language=language, edit_url="https://git.example/{path}"))
    assert result.ok
    shown = {}
    for path, markdown in result.pages.items():
        page = BeautifulSoup(to_html(markdown), "lxml")
        for written in page.select(".article-body, blockquote.entry-quote, .annotation-cards"):
            written.decompose()  # the source texts (and the cards, which hold the annotators' words)
        for about in page.select("details.article-about p"):  # its labels, not the annotators' provenance
            about.replace_with(" ".join(label.get_text() for label in about.select("strong")))
        shown[path] = page.get_text(" ")
    everything = re.sub(r"[\u00a0\u202f]", " ", " ".join(shown.values()))  # CLDR's no-break spaces
    for expected in EXPECTED[language]:
        assert expected in everything, expected
    english = [part.strip() for message in _catalogue(language) if message.id
               for part in _literal_parts(message.id) if len(part.strip()) > 10]  # not a fixture's own "article"
    translated = {part for message in _catalogue(language) if message.id for part in _literal_parts(message.string)}
    for part in english:
        if part not in translated and not any(part in t for t in translated):
            assert part not in everything, part


def _literal_parts(text) -> list[str]:
    texts = text if isinstance(text, (tuple, list)) else [text]
    return [literal for one in texts for literal, _, _, _ in string.Formatter().parse(one) if literal.strip()]


def test_plural_forms_follow_each_languages_rules():
    ukrainian, arabic = words_for("uk"), words_for("ar")
    assert [ukrainian.plural("{count} article", "{count} articles", n) for n in (1, 3, 5, 21)] == \
        ["1 стаття", "3 статті", "5 статей", "21 стаття"]
    assert [arabic.plural("{count} article", "{count} articles", n) for n in (1, 2, 3, 11)] == \
        ["مقالة واحدة", "مقالتان", "3 مقالات", "11 مقالة"]
    assert words_for("de").number(12345) == "12.345" and words_for("en").number(12345) == "12,345"


def test_the_texts_own_language_is_marked_for_screen_readers(tmp_path):
    """An article in German on an English site: its text and headline carry lang and dir."""
    import shutil

    root = shutil.copytree(REPO / "tests/fixtures/multi", tmp_path / "annotations")
    article = root / "2023-07-12-report/article.yml"
    article.write_text(article.read_text() + "language: de\n")
    result = generate(root, Options())
    assert result.ok
    page = BeautifulSoup(to_html(result.pages["articles/2023-07-12-report.md"]), "lxml")
    assert page.select_one(".article-body")["lang"] == "de" and page.select_one(".article-body")["dir"] == "ltr"
    assert page.select_one("h1")["lang"] == "de"
    others = BeautifulSoup(to_html(result.pages["articles/2023-07-10-briefing.md"]), "lxml")
    assert not others.select_one(".article-body").has_attr("lang")  # the site's own language: not marked


def test_english_sites_keep_their_words_and_dates():
    """English stays as it was: day-first dates, the messages themselves, no labels for the script."""
    english = generate(REPO / "tests/fixtures/multi", Options())
    report = english.pages["articles/2023-07-12-report.md"]
    assert "12 July 2023" in report and "About this text" in report and "data-labels" not in report
    arabic = generate(REPO / "tests/fixtures/multi", replace(Options(), language="ar"))
    labels = re.search(r'data-labels="([^"]+)"', arabic.pages["articles/2023-07-12-report.md"])
    assert labels and "&#34;close&#34;:&#34;إغلاق&#34;" in labels.group(1)


def test_a_site_with_a_theme_language_gets_its_words_in_the_navigation_and_pages(tmp_path):
    """Both shells read `theme.language`: the plugin's build and `build --out` agree."""
    from tests.test_plugin import MINIMAL_CONFIG, adopters_site, build_in_process

    config = MINIMAL_CONFIG.replace("  name: material\n", "  name: material\n  language: uk\n")
    site = build_in_process(adopters_site(tmp_path / "site", REPO / "tests/fixtures/multi", config))
    home = BeautifulSoup((site / "index.html").read_text(), "lxml")
    assert home.html["lang"] == "uk"
    sidebar = [a.get_text(" ", strip=True) for a in home.select(".md-sidebar--primary a.md-nav__link")]
    assert {"Статті", "Люди", "Глосарій"} <= set(sidebar)
    article = BeautifulSoup((site / "articles/2023-07-12-report/index.html").read_text(), "lxml")
    assert "Про цей текст" in article.select_one("details.article-about summary").get_text()
    out = subprocess.run([sys.executable, "-m", "generator", "build", "--out", "out", "--no-cache"],
                         cwd=tmp_path / "site", capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "Про цей текст" in (tmp_path / "site/out/articles/2023-07-12-report.md").read_text()


def test_the_quotation_marks_are_cldrs():
    """The module of quotation marks is what CLDR (cldr-misc-full, which scripts/test.sh installs)
    says; without the package the test fails, it does not skip."""
    result = subprocess.run([sys.executable, "scripts/update_quotation_marks.py", "--check"], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("theme_language, expected", [
    ("en", "“Kyiv” is the government’s ‘word’"),
    ("de", "„Kyiv“ is the government’s ‚word‘"),
    ("fr", "«Kyiv» is the government’s «word»"),
    ("uk", "«Kyiv» is the government’s „word“"),
    ("no", "«Kyiv» is the government’s ‘word’"),  # Material's code for Norwegian: Bokmål's marks
    ("pt-BR", "“Kyiv” is the government’s ‘word’"),  # no catalogue, but its own marks
    ("zh-Hant", "「Kyiv」 is the government’s 『word』"),
    ("xx", "“Kyiv” is the government’s ‘word’"),  # unknown: English
])
def test_note_prose_gets_its_languages_quotation_marks(theme_language, expected):
    """Straight quotes in annotators' prose become the site language's marks, and an apostrophe a
    right single quote; in a link's text too, never in its address."""
    from generator.render.language import page_prose, quotation_marks
    from generator.render.text import plain

    written = "\"Kyiv\" is the government's 'word'"
    options = Options(language=theme_language)
    assert plain(written, quotation_marks(theme_language)) == expected
    assert page_prose(written, "index.md", options) == expected
    linked = page_prose("See [\"the text\"](https://example.org/a'b) and *\"this\"*", "index.md", options)
    assert "https://example.org/a&#39;b" in linked or "https://example.org/a'b" in linked
    assert linked.count(expected[0]) == 2 and '"' not in linked.replace('href="', "").replace('" rel="', "").replace('noreferrer"', "")
    assert plain(written) == written  # no marks asked for: as written (the checks read prose so)
