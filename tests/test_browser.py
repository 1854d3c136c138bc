"""The reader's side, in real headless Chromium (Debian's, driven by Playwright).

Outside CI a machine without /usr/bin/chromium skips these tests; in CI (CI=true) that fails.
Screenshots of each page type are saved under test-artifacts/screenshots/.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import REPO, serve_folder

ARTICLE = "articles/2023-08-16-nato-land-for-membership/"
TRANSCRIPT = "articles/2023-02-20-biden-zelenskyy-kyiv/"
PAGES = {"home": "", "article": ARTICLE, "transcript": TRANSCRIPT, "glossary": "glossary/", "people": "people/",
         "person": "people/stian-jenssen/", "articles": "articles/"}
SHOTS = REPO / "test-artifacts" / "screenshots"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def hostile_server(tmp_path_factory):
    """A site built from hostile annotations and source texts, with every known-safe extension."""
    from tests.conftest import KNOWN_SAFE_EXTENSIONS, SLUG, copy_project, mkdocs_build, write_site
    from tests.hostile.test_prose_and_links import HOSTILE_ANNOTATIONS
    from tests.hostile.test_source_texts import LITERAL_SOURCES

    folder = tmp_path_factory.mktemp("hostile")
    source = "\n\n".join(LITERAL_SOURCES.values()) + "\n\n<script>window.pwned = 1</script> It weaves patterns,\n"
    annotations = write_site(folder / "annotations", {**HOSTILE_ANNOTATIONS, f"{SLUG}/source.txt": source})
    project = copy_project(folder / "project", annotations, KNOWN_SAFE_EXTENSIONS)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    httpd, base = serve_folder(project / "site")
    yield base
    httpd.shutdown()


@pytest.fixture
def page(browser, server):
    """A page that refuses, and records, every request to another host."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.off_site = []

    def guard(route):
        if urlsplit(route.request.url).hostname != "127.0.0.1":
            page.off_site.append(route.request.url)
            return route.abort()
        return route.continue_()

    context.route("**/*", guard)
    page.base = server
    yield page
    context.close()


def tooltip_text(page, of: str | None = None) -> str:
    """The text of the reader's card (annotations.js) now showing: the card of `of` (the first
    element it matches), once open after the hover delay."""
    if of:
        page.wait_for_function("s => document.querySelector(s).getAttribute('data-card-open') === 'true'", arg=of,
                               timeout=3000)
    page.wait_for_selector("#annotation-card:not([hidden])", timeout=3000)
    return page.inner_text("#annotation-card .annotation-card-content")


def test_hovering_a_mention_shows_who_or_what_it_is(page):
    page.goto(page.base + ARTICLE)
    page.hover(".article-body span.mention[data-term='nato']")
    assert "The North Atlantic Treaty Organization" in tooltip_text(page, ".article-body span.mention[data-term='nato']")
    page.mouse.move(0, 0)
    page.hover(".article-body [data-speaker='mykhailo-podoliak']")
    assert "Adviser to the Head of the Office of the President of Ukraine" in tooltip_text(
        page, ".article-body [data-speaker='mykhailo-podoliak']")


def test_focusing_a_linked_mention_with_the_keyboard_shows_it_too(page):
    page.goto(page.base + ARTICLE)
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.article-body a.mention')"):
            break
    else:
        pytest.fail("no mention link reached with Tab")
    assert page.evaluate("document.activeElement.dataset.term") == "nato"
    assert "North Atlantic Treaty Organization" in tooltip_text(page)


def test_a_note_marker_previews_the_note_and_leads_to_it_and_back(page):
    page.goto(page.base + ARTICLE)
    marker = page.locator(".article-body a.footnote-ref[href$='#fn:summit-date']")
    marker.hover()
    assert "Vilnius" in tooltip_text(page, ".article-body a.footnote-ref[href$='#fn:summit-date']")
    marker.click()
    assert page.url.endswith("#fn:summit-date")
    page.locator("li[id='fn:summit-date'] a.footnote-backref").click()
    assert page.url.endswith("#fnref:summit-date")


def test_a_link_to_a_paragraph_marks_it(page):
    page.goto(page.base + ARTICLE + "#p9")
    background = page.evaluate("getComputedStyle(document.getElementById('p9')).backgroundColor")
    other = page.evaluate("getComputedStyle(document.getElementById('p8')).backgroundColor")
    assert background != other


def test_a_transcript_shows_who_speaks_in_every_paragraph_and_names_them_where_a_turn_starts(page):
    page.goto(page.base + TRANSCRIPT)
    colours = page.evaluate("""[...document.querySelectorAll('.article-body p[data-turn]')].map(p =>
        [p.dataset.turn, getComputedStyle(p).borderLeftColor, getComputedStyle(p, '::before').content])""")
    assert {turn for turn, _, _ in colours} == {"volodymyr-zelenskyy", "joe-biden"}
    by_speaker = {}
    for turn, colour, _ in colours:
        by_speaker.setdefault(turn, set()).add(colour)
    assert all(len(c) == 1 for c in by_speaker.values()) and len(set.union(*by_speaker.values())) == 2
    assert all(content == "none" for _, _, content in colours)  # no name repeated above continued paragraphs
    starts = page.evaluate("[...document.querySelectorAll('.article-body p.turn-start')].map(p => !!p.querySelector('a.turn-label'))")
    assert starts and all(starts)  # the text's own label names the speaker where the turn starts
    page.hover(".article-body a.turn-label[data-speaker='joe-biden']")
    assert "President of the United States" in tooltip_text(page, ".article-body a.turn-label[data-speaker='joe-biden']")


def test_hostile_content_runs_no_script_and_opens_no_dialog(browser, hostile_server):
    from tests.conftest import SLUG

    context = browser.new_context()
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in ("", f"articles/{SLUG}/", "glossary/", "people/", "people/ada-lovelace/", "articles/"):
        page.goto(hostile_server + path)
        page.wait_for_load_state("networkidle")
        for element in page.locator(".md-content a:not(.article-skip a):visible, .md-content span[data-title]:visible").all()[:80]:
            element.hover(timeout=2000)
        assert page.evaluate("window.pwned") is None, path
    for query in ("script", "alert", "Lovelace"):
        page.click(".md-search__input")
        page.fill(".md-search__input", "")
        page.keyboard.type(query)
        page.wait_for_timeout(1000)
        results = page.locator(".md-search-result__link:visible").all()
        assert results or query != "Lovelace"
        for result in results[:10]:
            result.hover(timeout=2000)
        page.keyboard.press("Escape")
    assert page.evaluate("window.pwned") is None
    assert dialogs == []
    text = page.goto(hostile_server + f"articles/{SLUG}/") and page.inner_text(".article-body")
    assert "<script>window.pwned = 1</script>" in text
    context.close()


def test_dark_mode_follows_the_reader(browser, server):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(server + ARTICLE)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    context.close()


@pytest.mark.parametrize("name", sorted(PAGES))
@pytest.mark.parametrize("width", [375, 1280])
def test_pages_load_nothing_from_elsewhere_and_fit_the_screen(page, name, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(page.base + PAGES[name])
    page.wait_for_load_state("networkidle")
    assert page.off_site == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


@pytest.fixture(scope="session")
def instant_server(tmp_path_factory):
    """The flagship with Material's instant navigation on (`navigation.instant`)."""
    from tests.conftest import copy_project, mkdocs_build

    project = copy_project(tmp_path_factory.mktemp("instant") / "project")
    httpd, base = serve_folder(project / "site")  # its address first: Material navigates instantly within site_url
    config = project / "mkdocs.yml"
    text = config.read_text().replace("  features:\n", "  features:\n    - navigation.instant\n", 1)
    config.write_text(f"site_url: {base}\n" + re.sub(r"^site_url: .*\n", "", text, flags=re.M))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    yield base
    httpd.shutdown()


def test_cards_work_after_instant_navigation_and_no_card_data_runs(browser, instant_server):
    """Material's instant navigation swaps the content without a page load and runs every inline
    script of the new page: the cards come back on each page reached by a click, one card layer
    at a time, no tooltip of Material's beside them, and nothing is run as code or fails."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(instant_server + "articles/")
    loads = page.evaluate("performance.getEntriesByType('navigation').length")
    page.evaluate("window.stillThere = true")  # gone if the browser loads a page
    page.click(f"a[href$='{ARTICLE}']")
    page.wait_for_selector(".article-body span.mention[data-term='nato']")
    nato = ".article-body span.mention[data-term='nato']"
    page.hover(nato)
    assert "The North Atlantic Treaty Organization" in tooltip_text(page, nato)
    # With content.tooltips (the flagship's), Material mounted its tooltips on the new page's [title]
    # before the script ran: none shows, and none takes over the mention's description.
    assert page.locator(".md-tooltip2--active").count() == 0
    assert page.get_attribute(nato, "aria-describedby") == "describe-card-term-nato"
    page.mouse.move(0, 0)
    page.wait_for_timeout(600)
    assert page.get_attribute(nato, "aria-describedby") == "describe-card-term-nato"
    page.click(f"a[href$='{TRANSCRIPT}']")  # the article's related articles (or the navigation) lead on
    page.wait_for_selector(".article-body [data-speaker='volodymyr-zelenskyy']")
    page.hover(".article-body [data-speaker='volodymyr-zelenskyy']")
    assert "Zelenskyy" in tooltip_text(page, ".article-body [data-speaker='volodymyr-zelenskyy']")
    assert page.evaluate("window.stillThere") is True and loads == 1  # no page load: instant navigation
    assert page.locator("#annotation-card").count() == 1 and page.locator(".annotation-descriptions").count() == 1
    assert errors == []
    context.close()


OWN_PAGE = """# Our own page

Text with [a link](other.md), a footnote[^1] and *emphasis*.

=== "First tab"

    Tab text.

=== "Second tab"

    More.

<div class="article-body"><p>Our own <span class="mention">mention</span>, <span class="fact-check">checked</span>
and <span class="sidenote">a sidenote</span>: our class names, on a page of the site's own.</p></div>

<p class="turn turn-colour-1">A paragraph with the classes of a turn.</p>

[^1]: A footnote of the site's own.
"""
STYLED_SITE = """site_name: A site of its own
copyright: Copyright &copy; The Desk
theme:
  name: material
  font: false
markdown_extensions: [footnotes, attr_list, md_in_html, pymdownx.superfences, {{pymdownx.tabbed: {{alternate_style: true}}}}]
plugins:
  - search
{annotations}"""
COMPUTED_STYLES = """() => Array.from(document.querySelectorAll(
    '.md-content, .md-content *, .md-footer-meta, .md-footer-meta *')).map((el, index) => {
  const style = getComputedStyle(el), after = getComputedStyle(el, '::after');
  return [index + ' ' + el.tagName + '.' + el.className + '#' + el.id,
          Object.fromEntries(Array.from(style).map((name) => [name, style.getPropertyValue(name)])),
          after.content + after.left + after.insetInlineStart];
})"""


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_the_stylesheet_and_script_change_no_computed_style_of_the_sites_own_pages(browser, tmp_path, scheme):
    """Issue 33: the plugin's stylesheet and script are on every page (instant navigation keeps
    the first page's head), but a page of the site's own, using even the plugin's class names
    (.article-body, .mention, .sidenote, .fact-check, .turn), keeps every computed style of every
    element of its content and footer (footnotes, tabs, links, copyright), in light and dark mode."""
    import shutil


    styles = {}
    for with_plugin in (False, True):
        project = tmp_path / str(with_plugin)
        (project / "docs").mkdir(parents=True)
        (project / "docs/index.md").write_text(OWN_PAGE)
        (project / "docs/other.md").write_text("# Other\n")
        config = STYLED_SITE.format(annotations="  - annotations\n" if with_plugin else "")
        if scheme == "slate":
            config = config.replace("  font: false\n", "  font: false\n  palette: {scheme: slate}\n")
        (project / "mkdocs.yml").write_text(config)
        shutil.copytree(REPO / "tests/fixtures/multi", project / "annotations")
        with _built_and_opened(browser, project, "", 1600, 900) as (page, _):
            assert page.locator(".annotations-page").count() == 0
            if with_plugin:  # the plugin's files are there and loaded
                assert page.evaluate("Array.from(document.styleSheets).some((s) => /annotations\\.css$/.test(s.href))")
            styles[with_plugin] = page.evaluate(COMPUTED_STYLES)
    # The content and the footer's text (the navigation gains the generated sections).
    before, after = styles[False], styles[True]
    own = {e[0]: e for e in before}
    assert [e[0] for e in after] == list(own) and len(own) > 30
    differences = {e[0]: difference for e in after if (difference := _style_difference(own[e[0]], e))}
    assert differences == {}


@contextlib.contextmanager
def _built_and_opened(browser, project: Path, path: str, width: int, height: int):
    """`mkdocs build --strict` of a project, served, and its page at `path` open: (page, base URL)."""
    from tests.conftest import mkdocs_build

    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    httpd, base = serve_folder(project / "site")
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        yield page, base
    finally:
        context.close()
        httpd.shutdown()


def _style_difference(before: list, after: list) -> list[str]:
    """The computed properties that differ between two of COMPUTED_STYLES' entries."""
    old, new = before[1], after[1]
    return [f"{name}: {old.get(name)} -> {new.get(name)}" for name in sorted(old.keys() | new.keys())
            if old.get(name) != new.get(name)] + ([f"::after {before[2]} -> {after[2]}"] if before[2] != after[2] else [])


@pytest.mark.parametrize("language", ["ar", "de", "uk"])
def test_a_site_in_another_language_reads_in_it_and_mirrors_right_to_left(browser, tmp_path, language):
    """The flagship with `theme.language` set: the generated pages' words and the script's own
    (the card's close button) are the language's; on a right-to-left site (Arabic) the sidenotes
    stand on the mirrored side, the English text (`language: en`) keeps its own direction, and a
    text in a right-to-left language would have its quote marks and turn bars mirrored (the
    text's direction set as Arabic's). A screenshot per language."""
    from tests.conftest import copy_project

    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  font: false", f"  language: {language}\n  font: false", 1))
    with _built_and_opened(browser, project, ARTICLE, 1600, 1000) as (page, base):
        rtl = language == "ar"
        assert page.evaluate("document.body.dir") == ("rtl" if rtl else "ltr")  # Material sets it on body
        page.wait_for_selector(".sidenote")
        assert page.get_attribute(".article-body", "dir") == "ltr"  # English, wherever it is shown
        measure = """() => {
            const quoted = document.querySelector('.article-body p:has(.annotated-quote)');
            const mark = getComputedStyle(quoted, '::after');
            const note = document.querySelector('.sidenote').getBoundingClientRect();
            const text = document.querySelector('.article-body').getBoundingClientRect();
            return {markLeft: mark.left, markRight: mark.right, noteLeft: note.left, noteRight: note.right,
                    textLeft: text.left, textRight: text.right};
        }"""
        geometry = page.evaluate(measure)
        # The mark outside the text's start side (a negative offset); the notes beyond the page's end side.
        assert float(geometry["markLeft"].removesuffix("px")) < 0, geometry
        assert geometry["noteRight"] <= geometry["textLeft"] if rtl else geometry["noteLeft"] >= geometry["textRight"]
        page.focus(".article-body a.mention[data-term], .article-body span.mention[data-term]")
        page.wait_for_selector("#annotation-card:not([hidden])")
        close = page.get_attribute(".annotation-card-close", "aria-label")
        assert close == {"ar": "إغلاق", "de": "Schließen", "uk": "Закрити"}[language]
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"language-{language}-1600.png"), full_page=False)
        if rtl:  # a right-to-left text: its quote marks on the right
            page.evaluate("document.querySelector('.article-body').dir = 'rtl'")
            assert float(page.evaluate(measure)["markRight"].removesuffix("px")) < 0
        page.goto(base + TRANSCRIPT)
        bars = """() => { const turn = getComputedStyle(document.querySelector('.article-body p.turn'));
            return [turn.borderLeftWidth, turn.borderRightWidth]; }"""
        left, right = page.evaluate(bars)
        assert left != "0px" and right == "0px"
        if rtl:  # and its turn bars on the right
            page.evaluate("document.querySelector('.article-body').dir = 'rtl'")
            left, right = page.evaluate(bars)
            assert right != "0px" and left == "0px"
