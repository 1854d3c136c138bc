"""The annotator's workflow, run as a user runs it: subprocesses on a temporary copy of a site."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup
from ruamel.yaml import YAML

from generator.model import Options
from generator.pipeline import generate
from generator.read.yaml_tree import yaml_data
from generator.schema import FILES, json_schemas
from tests.conftest import REPO, SLUG, copy_project, mkdocs_build, write_site

SEED = REPO / "tests" / "fixtures" / "seed" / "000_e0bf0cd26cbeb941.txt"
NATO = "2023-08-16-nato-land-for-membership"


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "site")


# --- new ----------------------------------------------------------------------------------------

def test_new_on_the_seed_file(tmp_path):
    result = run(tmp_path, "new", str(SEED), "--slug", "2023-08-16-seed", "--title", "Seed")
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "annotations" / "2023-08-16-seed"
    assert (folder / "source.txt").read_bytes() == SEED.read_bytes()[len(b" date 2023-08-16 "):]
    article = (folder / "article.yml").read_text()
    assert article.startswith("# yaml-language-server: $schema=../.schemas/article.schema.json\n")
    assert 'title: "Seed"' in article and "date: 2023-08-16" in article and "# summary:" in article
    assert (folder / "context.yml").read_text().count("\n#") >= 5
    assert (tmp_path / "annotations/.schemas/context.schema.json").is_file()
    checked = run(tmp_path, "check")
    assert checked.returncode == 0, checked.stderr
    again = run(tmp_path, "new", str(SEED), "--slug", "2023-08-16-seed")
    assert again.returncode == 1 and "already exists" in again.stderr
    assert (folder / "source.txt").read_bytes() == SEED.read_bytes()[len(b" date 2023-08-16 "):]


def test_new_without_a_title_leaves_a_located_error(tmp_path):
    assert run(tmp_path, "new", str(SEED), "--slug", "seed").returncode == 0
    result = run(tmp_path, "check")
    assert result.returncode == 1
    assert "annotations/seed/article.yml:3:8: error: 'title': must not be empty" in result.stderr


def test_new_refuses_a_bad_slug(tmp_path):
    result = run(tmp_path, "new", str(SEED), "--slug", "../escape")
    assert result.returncode == 1 and "invalid slug" in result.stderr
    assert not (tmp_path / "annotations").exists() or not any((tmp_path / "annotations").iterdir())


# --- check ---------------------------------------------------------------------------------------

def test_check_format_github_puts_each_problem_on_its_line(tmp_path):
    write_site(tmp_path / "annotations", {"speakers.yml": "speakers:\n  - id: ada-lovelace\n    nme: Ada\n",
                                          "terms.yml": "terms:\n  - id: loom\n    term: Loom\n    definition: x\n"})
    result = run(tmp_path, "check", "--format", "github")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert "::error file=annotations/speakers.yml,line=3,col=5::unknown key 'nme' (hint: did you mean 'name'?)" in lines
    assert "::error file=annotations/speakers.yml,line=2,col=5::missing required key 'name' (hint: add 'name: ...' " \
           "to this entry)" in lines


def test_check_format_json(tmp_path):
    write_site(tmp_path / "annotations", {"terms.yml": "terms:\n  - id: loom\n    term: Loom\n    definition: x\n"})
    result = run(tmp_path, "check", "--format", "json")
    report = json.loads(result.stdout)
    assert result.returncode == 0 and report["ok"] is True
    assert report["problems"][0]["severity"] == "warning" and report["problems"][0]["line"] == 2


def test_warnings_fail_only_with_strict(tmp_path):
    write_site(tmp_path / "annotations", {
        "terms.yml": "terms:\n  - id: engine\n    term: Analytical Engine\n    aliases: [Babbage Engine]\n"
                     "    definition: x\n",
        f"{SLUG}/context.yml": "notes:\n  - id: unsourced\n    anchor: weaves patterns\n    note: x\n"})
    plain = run(tmp_path, "check")
    assert plain.returncode == 0
    assert "warning: alias 'Babbage Engine' of 'engine' never matches in any article" in plain.stderr
    assert "warning: note 'unsourced' cites no source" in plain.stderr
    assert run(tmp_path, "check", "--strict").returncode == 1


def test_the_flagship_is_clean_even_under_strict():
    result = run(REPO, "check", "--strict")
    assert result.returncode == 0, result.stderr


# --- suggest -------------------------------------------------------------------------------------

def test_suggest_finds_nothing_important_missing_in_the_annotated_seed():
    result = run(REPO, "suggest", NATO)
    assert result.returncode == 0
    listed = result.stdout.split("Coverage")[0].split("Entries due for review")[0]  # the names, not the reviews
    names = [line.strip().split(" ×")[0] for line in listed.splitlines() if line.startswith("  ")]
    assert all(len(name.split()) == 1 for name in names), names  # no person's name is left
    assert "Quoted passages credited to no one" not in result.stdout
    assert float(result.stdout.split("Coverage: ")[1].split("%")[0]) >= 75


def test_suggest_finds_the_people_when_speakers_are_emptied(project):
    (project / "annotations/speakers.yml").write_text("speakers: []\n")
    result = run(project, "suggest", NATO)
    assert result.returncode == 0, result.stderr
    for name in ("Stian Jenssen", "Jens Stoltenberg", "Mykhailo Podoliak", "Volodymyr Zelenskyy", "Oleh Nikolenko"):
        assert f"  {name} ×" in result.stdout, name
    stub = result.stdout.split("# annotations/speakers.yml, under speakers:\n")[1].split("\n# ")[0]
    assert "  - id: stian-jenssen\n    name: Stian Jenssen\n    role: ..." in stub


def test_suggest_finds_unattributed_quotes_and_unmapped_labels(tmp_path):
    write_site(tmp_path / "annotations", {
        f"{SLUG}/source.txt": "Ada Lovelace wrote: “The engine might compose elaborate music.”\n\n"
                              "MS. BYRON:  Indeed.\n",
        f"{SLUG}/article.yml": "title: A\ndate: 2024-01-02\nkind: transcript\n", f"{SLUG}/context.yml": None})
    result = run(tmp_path, "suggest", SLUG)
    assert "Quoted passages credited to no one (1):" in result.stdout
    assert "  MS. BYRON, source.txt line 3" in result.stdout


# --- fmt -----------------------------------------------------------------------------------------

MESSY = """\
speakers:
# Our first person.
- name: Ada Lovelace    # as she signed
  id: ada-lovelace

  role: "Mathematician"
  aliases: [ Lovelace ]
"""


def test_fmt_rewrites_in_one_style_and_keeps_comments(tmp_path):
    root = write_site(tmp_path / "annotations", {"speakers.yml": MESSY})
    before = yaml_data(MESSY)
    check = run(tmp_path, "fmt", "--check")
    assert check.returncode == 1 and "would reformat annotations/speakers.yml" in check.stdout
    assert (root / "speakers.yml").read_text() == MESSY
    assert run(tmp_path, "fmt").returncode == 0
    text = (root / "speakers.yml").read_text()
    assert text.startswith("# yaml-language-server: $schema=.schemas/speakers.schema.json\n")
    assert "# Our first person." in text and "# as she signed" in text
    assert text.index("id: ada-lovelace") < text.index("name: Ada Lovelace") < text.index("role: Mathematician")
    assert yaml_data(text) == before
    assert run(tmp_path, "fmt", "--check").returncode == 0
    assert run(tmp_path, "check").returncode == 0


def test_the_flagship_is_formatted():
    assert run(REPO, "fmt", "--check").returncode == 0


# --- re-anchoring after a correction ----------------------------------------------------------------

def test_a_corrected_source_is_reanchored_when_sure_and_reported_when_not(project):
    source = project / "annotations" / NATO / "source.txt"
    text = source.read_text()
    text = text.replace("Trading territory for a NATO umbrella? It is ridiculous",
                        "Trading territory for the NATO umbrella? That is ridiculous")
    text = text.replace("At the NATO summit in May", "At a gathering of allies earlier this year")
    source.write_text(text)
    check = run(project, "check")
    assert check.returncode == 1
    assert "probably now “Trading territory for the NATO umbrella? That is ridiculous” (confidence" in check.stderr
    assert "was “Trading territory for a NATO umbrella? It is ridiculous”" in check.stderr
    fixed = run(project, "check", "--fix")
    assert fixed.returncode == 1  # the unsure one is left for a person
    assert "fixed " in fixed.stdout and "“a NATO umbrella” -> “the NATO umbrella”" in fixed.stdout
    assert "note 'summit-date': passage not found in source.txt" in fixed.stderr
    context = (project / "annotations" / NATO / "context.yml").read_text()
    assert "quote: Trading territory for the NATO umbrella? That is ridiculous" in context
    assert "anchor: At the NATO summit in May" in context
    article = (project / "annotations" / NATO / "article.yml").read_text()
    assert "corrections:" in article and "now reads “the NATO umbrella”" in article
    context_path = project / "annotations" / NATO / "context.yml"
    context_path.write_text(context.replace("anchor: At the NATO summit in May",
                                            "anchor: At a gathering of allies earlier this year"))
    assert run(project, "check").returncode == 0
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    page = (project / "site/articles" / NATO / "index.html").read_text()
    assert "Corrected" in page


# --- drafts ----------------------------------------------------------------------------------------

def test_drafts_are_checked_hidden_from_the_build_and_shown_when_previewing(project):
    context = project / "annotations" / NATO / "context.yml"
    context.write_text(context.read_text().replace("  - id: summit-date\n", "  - id: summit-date\n    status: draft\n"))
    terms = project / "annotations/terms.yml"
    terms.write_text(terms.read_text().replace("  - id: arendal\n", "  - id: arendal\n    status: draft\n"))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    page = (project / "site/articles" / NATO / "index.html").read_text()
    assert 'data-note="summit-date"' not in page and "fn:summit-date" not in page
    assert 'data-term="arendal"' not in page and 'id="arendal"' not in (project / "site/glossary/index.html").read_text()
    preview = generate(project / "annotations", Options(drafts=True)).pages[f"articles/{NATO}.md"]
    assert 'data-note="summit-date" data-rating="inaccurate" data-draft' in preview and 'data-term="arendal"' in preview
    assert "draft-badge" in preview


def test_a_published_quote_may_not_name_a_draft_person(project):
    speakers = project / "annotations/speakers.yml"
    speakers.write_text(speakers.read_text().replace("  - id: oleh-nikolenko\n",
                                                     "  - id: oleh-nikolenko\n    status: draft\n"))
    result = run(project, "check")
    assert result.returncode == 1 and "names 'oleh-nikolenko', who is a draft" in result.stderr


# --- editors and pull requests ---------------------------------------------------------------------

def test_edit_links_open_each_entry_at_its_line(project):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "  - annotations:\n", "  - annotations:\n      edit_url: https://example.org/repo/blob/main/{path}#L{line}\n"))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    def edit_links(page: str) -> list[str]:
        html = (project / "site" / page / "index.html").read_text()
        assert "md-source" not in html  # no repository widget, which would call the host's API
        return [a["href"] for a in BeautifulSoup(html, "lxml").select("a.edit-annotation")]

    line = next(n for n, text in enumerate((project / "annotations" / NATO / "context.yml").read_text().splitlines(), 1)
                if "id: summit-date" in text)
    assert f"https://example.org/repo/blob/main/annotations/{NATO}/context.yml#L{line}" in edit_links(
        f"articles/{NATO}")
    assert any("annotations/terms.yml#L" in link for link in edit_links("glossary"))
    person = edit_links("people/stian-jenssen")
    assert any("annotations/speakers.yml#L" in link for link in person)
    assert any(f"annotations/{NATO}/context.yml#L" in link for link in person)


SCHEMA_SAMPLES = [
    ("speakers", "speakers:\n  - id: ada-lovelace\n    name: Ada Lovelace\n", True),
    ("speakers", "speakers:\n  - id: Ada\n    name: Ada Lovelace\n", False),
    ("speakers", "speakers:\n  - id: ada\n    nme: Ada\n", False),
    ("speakers", "speakers:\n  - id: ada\n    name: '   '\n", False),
    ("speakers", "speakers:\n  - id: ada\n    name: Ada\n    links:\n      - {title: t, url: 'ftp://x'}\n", False),
    ("speakers", "speakers:\n  - id: ada\n    name: Ada\n    status: final\n", False),
    ("terms", "terms:\n  - id: engine\n    term: Engine\n    definition: A machine.\n", True),
    ("terms", "terms:\n  - id: engine\n    term: Engine\n", False),
    ("article", "title: A\ndate: 2024-01-02\n", True),
    ("article", "title: A\ndate: 2024-01-02\nkind: transcript\nturns:\n  Q: reporter\n", True),
    ("article", "title: A\ndate: 2024-01-02\nkind: interview\n", False),
    ("article", "title: A\n", False),
    ("article", "title: A\ndate: 2024-01-02\ncorrections:\n  - {date: 2024-02-03, note: Typo fixed.}\n", True),
    ("context", "quotes:\n  - speaker: ada\n    quote: It weaves\n", True),
    ("context", "notes:\n  - id: n\n    anchor: x\n    note: y\n    occurrence: 0\n", False),
    ("context", "notes:\n  - id: n\n    anchor: x\n    note: y\n    sources:\n      - {title: t, url: 'https://x'}\n",
     True),
    ("context", "notes:\n  - id: n\n    anchor: x\n", False),
]


@pytest.mark.parametrize("kind, text, valid", SCHEMA_SAMPLES)
def test_the_json_schema_and_the_validator_agree(kind, text, valid):
    data = yaml_data(text)
    schema = json_schemas()[kind]
    schema_says = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).is_valid(data)
    try:
        FILES[kind].model_validate(data)
        validator_says = True
    except Exception:
        validator_says = False
    assert schema_says == validator_says == valid


def test_the_published_schemas_are_up_to_date():
    for kind, schema in json_schemas().items():
        assert json.loads((REPO / f"annotations/.schemas/{kind}.schema.json").read_text()) == schema


def test_every_annotation_file_names_its_schema():
    for path in sorted((REPO / "annotations").rglob("*.yml")):
        assert path.read_text().startswith("# yaml-language-server: $schema="), path


def test_the_workflows_are_valid_github_actions():
    files = sorted(str(p) for p in (REPO / ".github/workflows").glob("*.yml"))
    assert len(files) == 3
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                             *files], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    steps = (REPO / ".github/workflows/pull-request.yml").read_text()
    for command in ("check --format github", "fmt --check", "mkdocs build --strict", "pytest"):
        assert command in steps


def test_the_pre_commit_files_are_valid():
    for command, name in (("validate-manifest", ".pre-commit-hooks.yaml"), ("validate-config", ".pre-commit-config.yaml")):
        result = subprocess.run([sys.executable, "-m", "pre_commit", command, str(REPO / name)],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
    hooks = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert {h["id"] for h in hooks} == {"annotations-check", "annotations-fmt"}
    assert all(h["pass_filenames"] is False for h in hooks)


@pytest.mark.parametrize("command", ["check", "build", "new", "suggest", "fmt", "anchor", "export", "import", "schema"])
def test_every_command_shows_an_example(tmp_path, command):
    result = run(tmp_path, command, "--help")
    assert result.returncode == 0 and "example: python -m generator" in result.stdout


def test_the_readme_names_every_key_of_the_format():
    """The README's format in brief drifts from the models unless checked (it once lacked `wikidata`)."""
    from generator.schema import ArticleFile, Correction, Link, NoteEntry, QuoteEntry, SpeakerEntry, TermEntry

    section = (REPO / "README.md").read_text().split("## The format in brief")[1].split("## The commands")[0]
    named = ({*re.findall(r"`([a-z_]+)[`:]", section), *re.findall(r"^\s*-?\s*([a-z_]+):", section, re.M),
              *re.findall(r"[{,]\s*([a-z_]+)", section)})
    keys = {key for model in (SpeakerEntry, TermEntry, ArticleFile, Correction, QuoteEntry, NoteEntry, Link)
            for key in model.model_fields}
    assert keys - named == set()


@pytest.mark.slow
def test_the_package_builds_a_wheel_and_an_sdist_that_pass_twine_check(tmp_path):
    """Publishable (issue 33): the release workflow's build, here: both archives pass `twine check
    --strict`, and each holds what a site's build needs (the stylesheet, the script, every
    language's catalogue) and the plugin's entry point; the wheel installs and its plugin loads."""
    import tarfile
    import zipfile

    result = subprocess.run([sys.executable, "-m", "build", "--outdir", str(tmp_path / "dist"), str(REPO)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "deprecated" not in result.stdout + result.stderr
    wheel, = (tmp_path / "dist").glob("*.whl")
    sdist, = (tmp_path / "dist").glob("*.tar.gz")
    checked = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", str(wheel), str(sdist)],
                             capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    needed = {"generator/assets/annotations.css", "generator/assets/annotations.js",
              *(f"generator/locales/{language}/LC_MESSAGES/annotations.po" for language in ("de", "fr", "es", "uk", "nb", "ar"))}
    in_wheel = set(zipfile.ZipFile(wheel).namelist())
    assert needed <= in_wheel
    entry_points = next(name for name in in_wheel if name.endswith("entry_points.txt"))
    assert "annotations = generator.shells.mkdocs_plugin.plugin:AnnotationsPlugin" in \
        zipfile.ZipFile(wheel).read(entry_points).decode()
    with tarfile.open(sdist) as archive:
        in_sdist = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert needed | {"pyproject.toml", "LICENSE", "README.md"} <= in_sdist
    # The wheel, unpacked beside nothing else of the repository, finds its own files.
    target = tmp_path / "installed"
    zipfile.ZipFile(wheel).extractall(target)
    probe = ("from generator.render.language import words_for; from generator.render.paths import assets; "
             "assert words_for('de')('About this text') == 'Über diesen Text'; assert len(assets()) == 2")
    loaded = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(target)},
                            capture_output=True, text=True, timeout=120)
    assert loaded.returncode == 0, loaded.stderr
