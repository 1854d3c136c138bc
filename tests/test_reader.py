"""The reader's experience in real Chromium, at 375, 1280 and 1600 px: cards, keyboard, touch,
sidenotes, notes back and forth, search, print, dark mode, accessibility (axe-core), and the
offline flavour opened from file://. Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import REPO, copy_project, mkdocs_build
from tests.test_browser import ARTICLE, PAGES, SHOTS, TRANSCRIPT

AXE = REPO / "tests" / ".node" / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = [375, 1280, 1600]

pytestmark = pytest.mark.browser


def hover_text(page, selector: str) -> None:
    """Point at the first line of an element (an inline span may wrap over several lines)."""
    box = page.evaluate(f"""() => {{ const r = document.querySelector({selector!r}).getClientRects()[0];
        r && document.querySelector({selector!r}).scrollIntoView({{block: 'center'}});
        const s = document.querySelector({selector!r}).getClientRects()[0];
        return {{x: s.left + Math.min(8, s.width / 2), y: s.top + s.height / 2}}; }}""")
    page.mouse.move(box["x"], box["y"])


def card(page) -> str:
    page.wait_for_selector("#annotation-card:not([hidden])", timeout=3000)
    return page.inner_text("#annotation-card .annotation-card-content")


def card_of(page, selector: str) -> str:
    """The card of the first element `selector` matches, once it is open (after the hover delay)."""
    page.wait_for_function("s => document.querySelector(s).getAttribute('data-card-open') === 'true'", arg=selector,
                           timeout=3000)
    return card(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_each_kind_of_card(reader, width):
    page = reader(ARTICLE, width)
    podoliak, nato = ".article-body [data-speaker='mykhailo-podoliak']", ".article-body span[data-term='nato']"
    page.hover(podoliak)
    assert "Mykhailo Podoliak" in card_of(page, podoliak) and "Adviser to the Head of the Office" in card(page)
    page.hover(nato)
    assert "North Atlantic Treaty Organization" in card_of(page, nato) and "About NATO" in card(page)
    page.mouse.move(0, 0)
    quote = ".article-body [data-quote-id='mykhailo-podoliak-trading-territory-for-a']"
    hover_text(page, quote)
    assert card_of(page, quote).startswith("Quote: Mykhailo Podoliak, on X (Twitter), 15 August 2023")
    marker = ".article-body a.footnote-ref[href$='#fn:summit-date']"
    page.hover(marker)
    if page.locator(".sidenote[data-note='summit-date']").count():  # in the margin: marked there, no card over it
        page.wait_for_selector(".sidenote.is-active[data-note='summit-date']", timeout=3000)
        assert page.is_hidden("#annotation-card")
    else:
        assert "Vilnius" in card_of(page, marker) and "Vilnius Summit Communiqué" in card(page)
    assert page.get_attribute(marker, "aria-describedby") == "describe-card-note-summit-date"


def test_each_annotation_is_described_by_its_cards_words_as_plain_text(reader):
    """Assistive technology reads a card's words as the annotation's description: one element of
    text each (no copy of the card's markup in the page), its words apart as the card shows them."""
    page = reader(ARTICLE)
    described = page.evaluate("""() => Array.from(document.querySelectorAll('.annotation-descriptions > div'))
        .map(d => [d.id, d.childElementCount, d.textContent])""")
    assert len(described) > 20 and all(children == 0 for _, children, _ in described)
    text = dict((id_, words) for id_, _, words in described)
    assert text["describe-card-term-nato"].startswith("NATO The North Atlantic Treaty Organization, a military")
    assert "will become one. On 16 August 2023: NATO has 31 members" in text["describe-card-term-nato"]  # its facts follow, as of then and now
    assert text["describe-card-term-nato"].endswith("About NATO")
    nato = ".article-body span[data-term='nato']"
    page.hover(nato)
    assert " ".join(card_of(page, nato).split()).removesuffix(" Copy link") == text["describe-card-term-nato"]


def test_a_card_holds_links_that_can_be_followed(reader):
    page = reader(ARTICLE)
    page.hover(".article-body span[data-term='nato']")
    card_of(page, ".article-body span[data-term='nato']")
    page.hover("#annotation-card")
    page.click("#annotation-card a")
    assert page.url.endswith("/terms/nato/")


def test_no_native_title_beside_a_card(reader):
    page = reader(ARTICLE)
    assert page.evaluate("document.querySelectorAll('.article-body [title]').length") == 0


TAB_WALK = """() => { const e = document.activeElement;
    return {inBody: !!e.closest('.article-body'), inCard: !!e.closest('#annotation-card'), key: e.dataset.key || null,
            described: e.getAttribute('aria-describedby'), outline: getComputedStyle(e).outlineStyle}; }"""


@pytest.mark.parametrize("path", [ARTICLE, TRANSCRIPT])
@pytest.mark.parametrize("width", WIDTHS)
def test_tab_reaches_every_annotation_and_reads_its_description(reader, path, width):
    """Every mention, quote, note marker and speaker label takes focus in turn, one stop each (a
    card opens only where focus rests, and Tab passes its links by); each is described by its
    card's text; Escape closes."""
    page = reader(path, width)
    total = page.evaluate("""() => { let n = 0; document.querySelectorAll(
        '.article-body [data-speaker], .article-body [data-term], .article-body [data-quote-id], .article-body a.footnote-ref'
        ).forEach(e => { e.dataset.key = 'a' + (n++); }); return n; }""")
    reached, card_links, described = set(), 0, {}
    for _ in range(total * 4 + 200):
        page.keyboard.press("Tab")
        focus = page.evaluate(TAB_WALK)
        if focus["inCard"]:
            card_links += 1
        elif focus["key"]:
            reached.add(focus["key"])
            assert focus["outline"] != "none"  # a visible focus
            described[focus["key"]] = focus["described"]
        elif reached and not focus["inBody"] and len(reached) == total:
            break
    assert len(reached) == total > 40
    assert card_links == 0
    texts = page.evaluate("""ids => ids.map(id => document.getElementById(id).textContent.trim())""",
                          sorted(set(described.values())))
    assert all(texts)
    marker = page.locator(".article-body a.footnote-ref").first
    marker.focus()
    page.wait_for_timeout(700)  # its card, or its sidenote marked, once focus rests
    page.keyboard.press("Escape")
    assert page.is_hidden("#annotation-card")


def _focused_on_nato(reader):
    """The report, with focus on its first mention of NATO (a term: no link of its own)."""
    page = reader(ARTICLE)
    page.locator(".article-body span[data-term='nato']").first.focus()
    return page


def test_enter_opens_a_card_and_moves_into_its_links_and_escape_returns(reader):
    page = _focused_on_nato(reader)
    page.keyboard.press("Enter")
    assert "North Atlantic Treaty Organization" in card(page)
    assert page.get_attribute("#annotation-card", "role") == "dialog"
    assert page.evaluate("document.activeElement.textContent") == "About NATO"
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.dataset.term") == "nato"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#annotation-card') !== null")
    page.keyboard.press("Escape")
    assert page.is_hidden("#annotation-card")
    assert page.evaluate("document.activeElement.dataset.term") == "nato"
    page.keyboard.press(" ")
    card(page)
    page.keyboard.press("Escape")
    assert page.is_hidden("#annotation-card")


def test_a_card_that_focus_rests_on_is_a_preview_tab_passes_by(reader):
    page = _focused_on_nato(reader)
    page.wait_for_timeout(150)
    assert page.is_hidden("#annotation-card")  # Tab pressed on opens nothing
    assert "North Atlantic Treaty Organization" in card(page)  # resting focus does
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.article-body') !== null")
    assert page.is_hidden("#annotation-card")  # the next stop is in the text, nothing over it


def test_a_card_waits_for_the_pointer_to_rest(reader):
    page = reader(ARTICLE)
    page.hover(".article-body span[data-term='nato']")
    page.wait_for_timeout(100)
    assert page.is_hidden("#annotation-card")
    card_of(page, ".article-body span[data-term='nato']")


def test_a_tap_opens_the_card_a_second_tap_follows_and_a_tap_elsewhere_closes(reader):
    page = reader(ARTICLE, 375, has_touch=True, is_mobile=True)
    link = ".article-body a[data-speaker='stian-jenssen']"
    page.tap(link)
    assert "Stian Jenssen" in card(page) and page.url.endswith(ARTICLE)
    page.tap("h1")
    assert page.is_hidden("#annotation-card")
    page.tap(link)
    card(page)
    page.tap(link)
    page.wait_for_url("**/people/stian-jenssen/")


def test_sidenotes_beside_their_passages_on_wide_screens(reader):
    page = reader(ARTICLE, 1600)
    boxes = page.evaluate("""() => [...document.querySelectorAll('.sidenote')].map(a => {
        const marker = document.getElementById('fnref:' + a.dataset.note).getBoundingClientRect();
        const box = a.getBoundingClientRect();
        return {top: box.top, bottom: box.bottom, left: box.left, marker: marker.top, right: box.right}; })""")
    notes = page.evaluate("document.querySelectorAll('.footnote li').length")
    assert 0 < len(boxes) <= notes == 11  # a note that would stand far below its marker is a card instead
    for box in boxes:
        assert box["marker"] - 8 <= box["top"] <= box["marker"] + 98 and box["right"] <= 1600
    for upper, lower in zip(boxes, boxes[1:]):
        assert upper["bottom"] <= lower["top"]
    assert boxes[0]["top"] - boxes[0]["marker"] < 5  # the first sits level with its marker
    assert page.is_hidden(".md-sidebar--secondary")
    assert page.evaluate("document.querySelectorAll('.article-body aside, .article-body .sidenote').length") == 0


@pytest.mark.parametrize("width", [375, 1024])
def test_narrow_screens_keep_numbered_footnotes(reader, width):
    page = reader(ARTICLE, width)
    assert page.evaluate("document.querySelectorAll('.sidenote').length") == 0
    assert page.is_visible("li[id='fn:summit-date']") or page.locator("li[id='fn:summit-date']").count() == 1


def test_backlinks_land_on_the_paragraph_and_back_returns(reader):
    page = reader("terms/arendal/")
    page.click("#mentioned-in ~ ul a[href*='#p3']")
    page.wait_for_url("**/articles/**#p3")
    page.wait_for_load_state("load")
    assert page.evaluate("getComputedStyle(document.getElementById('p3')).backgroundColor") != "rgba(0, 0, 0, 0)"
    page.go_back()
    assert page.url.endswith("/terms/arendal/")


@pytest.mark.parametrize("query, expected", [("Vilnius", "NATO official floats"), ("Stoltenberg", "Jens Stoltenberg"),
                                             ("Arendalsuka", "Arendal"), ("umbrella", "NATO official floats")])
def test_search_finds_articles_people_terms_and_notes(reader, query, expected):
    page = reader("")
    page.click(".md-search__input")
    page.keyboard.type(query)
    page.wait_for_selector(".md-search-result__item", timeout=8000)
    assert expected in page.inner_text(".md-search-result")


def test_print_shows_footnotes_and_hides_cards(reader):
    page = reader(ARTICLE, 1600)
    page.hover(".article-body span[data-term='nato'] >> nth=0")
    card(page)
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.getElementById('annotation-card')).display") == "none"
    assert page.evaluate("[...document.querySelectorAll('.sidenote')].every(s => getComputedStyle(s).display === 'none')")
    assert page.is_visible("li[id='fn:summit-date']")


def test_no_layout_shift_when_a_card_opens(reader):
    page = reader(ARTICLE)
    before = page.evaluate("[...document.querySelectorAll('.article-body p')].map(p => p.getBoundingClientRect().top)")
    page.hover(".article-body span[data-term='nato'] >> nth=0")
    card(page)
    after = page.evaluate("[...document.querySelectorAll('.article-body p')].map(p => p.getBoundingClientRect().top)")
    assert before == after


def _axe(page) -> list:
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail("axe-core is missing: scripts/test.sh installs it with npm")
        pytest.skip("axe-core not installed (npm install --prefix tests/.node axe-core)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
            if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_serious_accessibility_violation(reader, name, scheme):
    page = reader(PAGES[name], 1280, color_scheme=scheme)
    assert _axe(page) == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["article", "transcript", "glossary", "person"])
def test_screenshots(reader, name, width):
    page = reader(PAGES[name], width)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"reader-{name}-{width}.png"), full_page=True)


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("offline"))
    for name in ("mkdocs.offline.yml",):
        (project / name).write_text((REPO / name).read_text())
    result = mkdocs_build(project, "-f", "mkdocs.offline.yml")
    assert result.returncode == 0, result.stderr
    return project / "site-offline"


def test_the_offline_flavour_works_from_file_urls(browser, offline_site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((offline_site / "index.html").as_uri())
    page.click("nav.md-nav--primary a[href$='2023-08-16-nato-land-for-membership.html']")
    page.wait_for_load_state("load")
    assert page.url.endswith("2023-08-16-nato-land-for-membership.html")
    page.hover(".article-body span[data-term='nato'] >> nth=0")
    assert "North Atlantic Treaty Organization" in card(page)
    page.click(".md-search__input")
    page.keyboard.type("Stoltenberg")
    page.wait_for_selector(".md-search-result__item", timeout=8000)
    page.click(".md-search-result__link >> nth=0")
    page.wait_for_load_state("load")
    assert page.url.startswith("file://")
    assert [url for url in requests if not url.startswith(("file://", "data:", "blob:"))] == []
    context.close()


@pytest.mark.parametrize("width", [375, 1600])
@pytest.mark.parametrize("path", [ARTICLE, TRANSCRIPT])
def test_no_serious_accessibility_violation_with_a_card_open(reader, path, width):
    page = reader(path, width)
    page.locator(".article-body [data-term]").first.focus()
    card(page)
    assert _axe(page) == []
