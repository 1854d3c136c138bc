"""An edition that ages well (issue 37): dated roles and facts shown as of an article's date and
now, and `reviewed:` dates that `check` and `suggest` read."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import textwrap

from generator.model import Options
from generator.pipeline import check, generate
from generator.render.linked_data import site_linked_data
from tests.conftest import BASE_FILES, SLUG, write_site

ROLES = """\
    speakers:
      - id: ada-lovelace
        name: Ada Lovelace
        aliases: [Lovelace]
        roles:
          - role: Translator
            organization: Scientific Memoirs
            start: 2020
            end: 2024-05-01
          - role: Countess
            start: 2024-05-01
        reviewed: 2026-11-30
    """
FACTS = """\
    terms:
      - id: engine
        term: Analytical Engine
        aliases: [the Engine]
        definition: A proposed mechanical computer.
        facts:
          - fact: It has *one* mill.
            start: 2022
            end: 2024-06-01
          - fact: It has two mills.
            start: 2024-06-01
    """


def _cards(result) -> dict:
    page = result.pages[f"articles/{SLUG}.md"]
    found = re.search(r'<div class="annotation-cards"[^>]*>\n(.*?)\n</div>', page, re.S)
    return {key: re.sub(r"<[^>]+>", "|", card["html"]) for key, card in json.loads(html.unescape(found.group(1))).items()}


def test_a_card_shows_the_role_held_on_the_articles_date_and_todays(tmp_path):
    result = generate(write_site(tmp_path, {"speakers.yml": ROLES}), Options())
    card = _cards(result)["card-speaker-ada-lovelace"]
    assert "On 2 January 2024: Translator, Scientific Memoirs" in card  # the article is of 2 January 2024
    assert "Now: Countess (as of 30 November 2026)" in card
    person = result.pages["people/ada-lovelace.md"]
    assert re.search(r"since 1 May 2024: Countess.*2020 – 1 May 2024: Translator, Scientific Memoirs", person, re.S)
    assert "Reviewed 30 November 2026" in person
    assert 'data-title="Ada Lovelace: Translator, Scientific Memoirs"' in result.pages[f"articles/{SLUG}.md"]


def test_a_role_without_dates_and_an_article_before_any_role(tmp_path):
    undated = """\
        speakers:
          - id: ada-lovelace
            name: Ada Lovelace
            aliases: [Lovelace]
            roles:
              - role: Countess
        """
    card = _cards(generate(write_site(tmp_path / "a", {"speakers.yml": undated}), Options()))["card-speaker-ada-lovelace"]
    assert "|Countess|" in card and "Now:" not in card  # undated: held at every date, today's too
    later = ROLES.replace("start: 2020", "start: 2025").replace("end: 2024-05-01", "end: 2025-05-01").replace(
        "start: 2024-05-01", "start: 2025-05-01")
    card = _cards(generate(write_site(tmp_path / "b", {"speakers.yml": later}), Options()))["card-speaker-ada-lovelace"]
    assert "Translator" not in card and "Now: Countess" in card  # nothing is known of 2024: only today's
    plain = _cards(generate(write_site(tmp_path / "c"), Options()))["card-speaker-ada-lovelace"]
    assert "Mathematician" in plain and "Now:" not in plain  # role: as before


def test_overlapping_roles_are_refused_where_they_are_written(tmp_path):
    overlapping = ROLES.replace("start: 2024-05-01\n        reviewed", "start: 2023-01-01\n        reviewed")
    result = check(write_site(tmp_path, {"speakers.yml": overlapping}), Options())
    problem = next(p for p in result.problems if "overlap" in p.message)
    assert problem.origin.path.name == "speakers.yml" and (problem.origin.line, problem.origin.column) == (6, 7)
    assert "'Translator' and 'Countess' overlap" in problem.message and "end one where the next starts" in problem.message
    both = ROLES.replace("        roles:", "        role: Mathematician\n        roles:")
    assert any("not both" in p.message for p in check(write_site(tmp_path / "b", {"speakers.yml": both})).problems)
    backwards = ROLES.replace("start: 2020", "start: 2025")
    assert any("is before start" in p.message for p in check(write_site(tmp_path / "c", {"speakers.yml": backwards})).problems)


def test_a_terms_dated_facts_as_of_the_article_and_now(tmp_path):
    result = generate(write_site(tmp_path, {"terms.yml": FACTS}), Options())
    card = _cards(result)["card-term-engine"]
    assert "On 2 January 2024: It has |one| mill." in card and "Now: It has two mills." in card
    assert "(as of" not in card  # never reviewed: no date claimed
    assert re.search(r"since 1 June 2024: It has two mills.*2022 – 1 June 2024: It has <em>one</em> mill", result.pages["terms/engine.md"], re.S)


def test_the_linked_data_of_dated_roles(tmp_path):
    result = generate(write_site(tmp_path, {"speakers.yml": ROLES}), Options())
    data = site_linked_data(result.site, result.annotated, Options())["people/ada-lovelace.md"]
    person = next(node for node in (data.get("@graph") or [data]) if node.get("@type") == "Person")
    assert person["jobTitle"] == "Countess"
    assert person["worksFor"] == [{"@type": "OrganizationRole", "roleName": "Translator", "startDate": "2020",
                                   "endDate": "2024-05-01",
                                   "worksFor": {"@type": "Organization", "name": "Scientific Memoirs"}}]
    assert person["hasOccupation"] == [{"@type": "Role", "roleName": "Countess", "startDate": "2024-05-01",
                                        "hasOccupation": {"@type": "Occupation", "name": "Countess"}}]


STALE = {"speakers.yml": ROLES.replace("reviewed: 2026-11-30", "reviewed: 2024-01-15"),
         "terms.yml": FACTS + "    reviewed: 2025-06-01\n"}


def _stale(result) -> list[str]:
    return [p.message for p in result.problems if p.code == "stale-review"]


def test_check_warns_of_old_reviews_oldest_first_with_a_hint(tmp_path):
    root = write_site(tmp_path, STALE)
    result = check(root, Options(today=dt.date(2026, 12, 7)))
    assert _stale(result) == ["person 'ada-lovelace' was last reviewed on 2024-01-15, more than 12 months ago",
                              "term 'engine' was last reviewed on 2025-06-01, more than 12 months ago"]
    problem = next(p for p in result.problems if p.code == "stale-review")
    assert "reviewed: 2026-12-07" in problem.hint and problem.severity == "warning" and result.ok
    assert _stale(check(root, Options(today=dt.date(2026, 12, 7), review_after=24))) == [
        "person 'ada-lovelace' was last reviewed on 2024-01-15, more than 24 months ago"]  # the site's setting
    assert _stale(check(root, Options(today=dt.date(2026, 12, 7), review_after=0))) == []  # 0: never
    assert _stale(check(root, Options())) == []  # no day given: the core reads no clock
    # Entries without a date are not warned about: a site that never reviews stays quiet.
    assert _stale(check(write_site(tmp_path / "plain"), Options(today=dt.date(2026, 12, 7)))) == []


def test_drafts_are_not_reviewed(tmp_path):
    draft = STALE["speakers.yml"].replace("        reviewed:", "        status: draft\n        reviewed:")
    # The sample's note, reviewed long ago, and a draft note reviewed longer ago still.
    context = textwrap.dedent(BASE_FILES[f"{SLUG}/context.yml"]) + (
        "    reviewed: 2020-01-01\n"
        "  - id: draft-note\n    status: draft\n    anchor: Analytical Engine\n    note: Not yet.\n"
        '    sources: [{title: Notes, url: "https://example.org/notes", date: 2024-01-02}]\n'
        "    reviewed: 2019-01-01\n")
    result = check(write_site(tmp_path, {**STALE, "speakers.yml": draft, f"{SLUG}/context.yml": context}),
                   Options(today=dt.date(2026, 12, 7)))
    assert _stale(result) == ["note 'weaves' was last reviewed on 2020-01-01, more than 12 months ago",
                              "term 'engine' was last reviewed on 2025-06-01, more than 12 months ago"]


def test_suggest_lists_what_is_due_for_review(tmp_path, capsys, monkeypatch):
    from generator.shells.cli import main

    root = write_site(tmp_path / "annotations", STALE)
    monkeypatch.chdir(tmp_path)
    code = main(["suggest", SLUG, "--dir", str(root)])
    out = capsys.readouterr().out
    assert code == 0
    assert "Entries due for review (3), oldest first:" in out
    due = out.split("oldest first:")[1].splitlines()[1:4]
    assert [line.split(",")[0].strip() for line in due] == ["person 'ada-lovelace'", "term 'engine'", "note 'weaves'"]
    assert "never reviewed" in due[2]
