"""The reader's edition as a publication, in real Chromium: no layout shift, a calm page, a phone's
first screen and its cards and tap targets, the front page and the readers' navigation, search
that lands on the passage, page metadata and no failed request. Both articles, at 375, 1280 and
1600 px, light and dark where colours matter. Screenshots of every page type go to
test-artifacts/screenshots/."""

from __future__ import annotations

import pytest

from tests.test_browser import ARTICLE, PAGES, SHOTS, TRANSCRIPT

WIDTHS = [375, 1280, 1600]
BOTH = [ARTICLE, TRANSCRIPT]

pytestmark = pytest.mark.browser


LAYOUT_SHIFT = """() => new Promise(done => {
    let total = 0;
    new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
        .observe({type: 'layout-shift', buffered: true});
    setTimeout(() => done(total), 800);
})"""


@pytest.mark.parametrize("path", BOTH)
@pytest.mark.parametrize("width", WIDTHS)
def test_no_layout_shift_as_the_page_loads(reader, path, width):
    page = reader(path, width)
    assert page.evaluate(LAYOUT_SHIFT) <= 0.02


@pytest.mark.parametrize("path", BOTH)
def test_sidenotes_are_for_the_eyes_and_the_notes_for_everyone(reader, path):
    page = reader(path, 1600)
    sidenotes = page.evaluate("""[...document.querySelectorAll('.sidenote')].map(s =>
        [s.getAttribute('aria-hidden'), [...s.querySelectorAll('a')].every(a => a.tabIndex === -1), s.tagName])""")
    assert sidenotes and all(entry == ["true", True, "DIV"] for entry in sidenotes)
    assert page.evaluate("document.querySelectorAll('aside.sidenote, .sidenote[role]').length") == 0
    assert page.is_hidden(".md-sidebar--secondary")  # decided by CSS before the script ran


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", BOTH)
def test_at_most_two_kinds_of_mark_in_running_text(reader, path, scheme):
    """People and terms: a dotted underline; passages with a note: a tint; quotes: nothing on their
    words (a quotation mark in the margin of their paragraph)."""
    page = reader(path, 1280, color_scheme=scheme)
    page.mouse.move(0, 0)
    marks = page.evaluate("""() => {
        const look = e => { const s = getComputedStyle(e);
            return [s.textDecorationLine + ' ' + s.textDecorationStyle, s.backgroundColor, s.borderBottomStyle]; };
        const kinds = new Set();
        document.querySelectorAll('.article-body .mention').forEach(e => kinds.add('mention:' + look(e).join('|')));
        document.querySelectorAll('.article-body .annotated-note').forEach(e => kinds.add('note:' + look(e).join('|')));
        return {kinds: [...kinds], quotes: [...document.querySelectorAll('.article-body .annotated-quote')].map(look),
                margin: [...document.querySelectorAll('.article-body p')].filter(p => p.querySelector('.annotated-quote'))
                    .map(p => getComputedStyle(p, '::after').content)}; }""")
    mention_looks = {kind.split(":", 1)[1] for kind in marks["kinds"] if kind.startswith("mention:")}
    assert len(mention_looks) == 1 and "underline dotted" in mention_looks.pop()
    assert all(look[0].startswith("none") and look[1] == "rgba(0, 0, 0, 0)" and look[2] == "none"
               for look in marks["quotes"])
    assert marks["margin"] and all(content == '"“"' for content in marks["margin"])


@pytest.mark.parametrize("path", BOTH)
def test_a_phones_first_screen_is_the_headline_the_byline_and_the_text(reader, path):
    page = reader(path, 375, 667, has_touch=True, is_mobile=True)
    first = page.evaluate("""() => { const top = s => document.querySelector(s).getBoundingClientRect().top;
        return {title: top('h1'), byline: top('.article-byline'), text: top('.article-body p'),
                about: top('details.article-about'), open: document.querySelector('details.article-about').open,
                body: top('.article-body')}; }""")
    assert first["title"] < first["byline"] < first["text"] < 667 - 40  # some of the text shows
    assert first["about"] > first["body"] and not first["open"]  # provenance after the text, folded
    assert page.inner_text(".article-byline").count("·") >= 1


@pytest.mark.parametrize("path", BOTH)
def test_a_card_on_a_phone_is_a_whole_sheet_with_a_close_control(reader, path):
    page = reader(path, 375, 667, has_touch=True, is_mobile=True)
    trigger = page.locator(".article-body [data-term], .article-body [data-speaker]").nth(3)
    trigger.scroll_into_view_if_needed()
    trigger.tap()
    page.wait_for_selector("#annotation-card:not([hidden])", timeout=3000)
    box = page.evaluate("(() => { const r = document.getElementById('annotation-card').getBoundingClientRect();"
                        " return [r.left, r.top, r.right, r.bottom]; })()")
    assert box[0] >= 0 and box[1] >= 0 and box[2] <= 375 and box[3] <= 667
    url = page.url
    page.tap("h1")  # a tap outside only closes the card
    assert page.is_hidden("#annotation-card") and page.url == url
    trigger.tap()
    page.wait_for_selector("#annotation-card:not([hidden])", timeout=3000)
    page.tap(".annotation-card-close")
    assert page.is_hidden("#annotation-card")


@pytest.mark.parametrize("path", BOTH)
def test_tap_targets_are_at_least_24_px(reader, path):
    page = reader(path, 375, 667, has_touch=True, is_mobile=True)
    # The area that answers a tap: every point of a 24 px square around the target's centre (a
    # note marker's is an invisible area that takes no room in the line).
    missed = page.evaluate("""[...document.querySelectorAll('a.footnote-ref, a.footnote-backref, details.article-about summary')]
        .filter(e => { e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();
          const x = r.left + r.width / 2, y = r.top + r.height / 2;
          return ![[-11, -11], [11, -11], [-11, 11], [11, 11]].every(([dx, dy]) => {
            const hit = document.elementFromPoint(x + dx, y + dy); return hit && (hit === e || e.contains(hit)); }); })
        .map(e => e.className || e.tagName)""")
    count = page.evaluate("document.querySelectorAll('a.footnote-ref, a.footnote-backref').length")
    assert count > 10 and missed == [], missed[:3]


def test_the_front_page_lists_every_article_newest_first(reader):
    page = reader("")
    items = page.evaluate("""[...document.querySelectorAll('.md-content ul.entry-list > li')].map(li => li.innerText)""")
    assert len(items) == 2
    assert items[0].startswith("NATO official floats land for membership") and "16 August 2023 · report" in items[0]
    assert items[1].startswith("Remarks by President Biden") and "20 February 2023 · transcript" in items[1]
    assert all(len(item.splitlines()) == 3 for item in items)  # headline, date and kind, summary


def test_the_readers_navigation(reader):
    page = reader("")
    top = page.evaluate("""[...document.querySelectorAll('nav.md-nav--primary > ul > li')].map(li =>
        (li.querySelector(':scope > label, :scope > a, :scope > div > a') || li).innerText.trim().split('\\n')[0])""")
    assert top == ["Home", "Articles", "People", "Glossary", "About"]  # the manual is for annotators: About links it
    labels = page.evaluate("""[...document.querySelectorAll('nav.md-nav--primary li.md-nav__item--section')].map(s =>
        [s.querySelector(':scope > label, :scope > div > a, :scope > a').innerText.trim(),
         [...s.querySelectorAll(':scope > nav > ul > li > a')].map(a => a.innerText.trim())])""")
    assert all(label not in children for label, children in labels)  # no "Articles › Articles"
    assert "Material for MkDocs" not in page.inner_text("footer")
    assert "Material for MkDocs" in reader("about/").inner_text(".md-content")


@pytest.mark.parametrize("query", ["Vilnius", "annotation"])
def test_the_readers_search_leaves_out_the_manual(reader, query):
    page = reader("")
    page.click(".md-search__input")
    page.keyboard.type(query)
    page.wait_for_selector(".md-search-result__item", timeout=8000)
    links = page.evaluate("[...document.querySelectorAll('.md-search-result__link')].map(a => a.getAttribute('href'))")
    manual = ("contributing", "how-to-annotate", "format", "anchoring", "plugin-and-commands", "html-contract",
              "security", "architecture")
    assert links and not [link for link in links if any(f"/{name}" in link for name in manual)]


@pytest.mark.parametrize("path, query, lands", [
    (ARTICLE, "Stoltenberg", "p"), (TRANSCRIPT, "Mariinsky", "p"), (ARTICLE, "Arendalsuka", "li"), (ARTICLE, "Vilnius", "li"),
    (TRANSCRIPT, "interpreted", "p"), (ARTICLE, "Jenssen", "p"), (ARTICLE, "Jenssen#notes", "li")])
def test_a_search_result_lands_on_the_passage(reader, path, query, lands):
    """As Material's search opens a result: the words in ?h=, and #notes for a match in the notes."""
    page = reader(f"{path}?h={query}", 1280)
    query, _, section = query.partition("#")
    target = page.evaluate("""() => { const e = document.querySelector('.search-target'); if (!e) return null;
        const r = e.getBoundingClientRect();
        return [e.tagName.toLowerCase(), e.textContent.toLowerCase(), r.top >= 0 && r.bottom <= innerHeight + r.height,
                getComputedStyle(e).backgroundColor]; }""")
    assert target is not None
    tag, text, in_view, background = target
    assert tag == lands and query.lower() in text and in_view and background != "rgba(0, 0, 0, 0)"
    places = ".footnote li" if section else ".article-body p[id], .footnote li"
    first = page.evaluate("""([q, places]) => [...document.querySelectorAll(places)]
        .find(e => e.textContent.toLowerCase().includes(q)).id""", [query.lower(), places])
    assert page.evaluate("document.querySelector('.search-target').id") == first


@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_request_fails_and_articles_describe_themselves(reader, name):
    page = reader(PAGES[name])
    assert page.failed == []
    description = page.get_attribute("meta[name=description]", "content")
    if name in ("article", "transcript"):
        assert description == page.inner_text(".article-summary")
    else:
        assert description


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_screenshots_of_every_page_type(reader, name, width, scheme):
    page = reader(PAGES[name], width, color_scheme=scheme)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"edition-{name}-{width}-{scheme}.png"), full_page=True)


@pytest.mark.parametrize("trigger, permalink", [
    (".article-body a.footnote-ref[href$='#fn:summit-date']", ARTICLE + "#fn:summit-date"),
    (".article-body [data-quote-id='mykhailo-podoliak-trading-territory-for-a']",
     ARTICLE + "#quote-mykhailo-podoliak-trading-territory-for-a"),
    (".article-body span[data-term='nato']", "terms/nato/"),
    (".article-body [data-speaker='mykhailo-podoliak']", "people/mykhailo-podoliak/"),
])
def test_a_card_copies_its_annotations_permalink(reader, server, trigger, permalink):
    page = reader(ARTICLE, 1280, permissions=["clipboard-read", "clipboard-write"])
    page.locator(trigger).first.focus()
    page.wait_for_selector("#annotation-card:not([hidden]) .annotation-card-copy", timeout=3000)
    page.click(".annotation-card-copy")
    page.wait_for_function("document.querySelector('.annotation-card-copy').textContent === 'Link copied'")
    assert page.evaluate("navigator.clipboard.readText()") == server + permalink


def test_a_quotes_permalink_lands_on_the_quote(reader):
    page = reader(ARTICLE + "#quote-mykhailo-podoliak-trading-territory-for-a", 375)
    marked = page.evaluate("""() => { const q = document.querySelector('.search-target'); const r = q.getBoundingClientRect();
        return [q.dataset.quoteId, r.top >= 0 && r.top <= innerHeight]; }""")
    assert marked == ["mykhailo-podoliak-trading-territory-for-a", True]
