"""Rewrites of annotation files that commands make for an annotator, as text in, text out (the
shell writes the files): notes imported from another tool appended to `context.yml`, and passages
re-anchored after a correction of a source text, recorded under `corrections:` in `article.yml`."""

from __future__ import annotations

import datetime as dt

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..model import Fix
from .style import dumped, for_reader, formatted, round_trip


def with_entries_appended(original: str, entries: list[tuple[str, dict]]) -> str:
    """context.yml with new quotes and notes ((kind, entry) each) appended, its comments and layout
    kept, in the canonical style."""
    yaml = round_trip()
    tree = yaml.load(original) if original.strip() else None
    kept = ""
    if tree is None:  # a file of comments only: keep them above the new entries
        tree, kept = CommentedMap(), original.rstrip("\n") + "\n" if original.strip() else ""
    for kind, entry in entries:
        key = "quotes" if kind == "quote" else "notes"
        if tree.get(key) is None:
            tree[key] = CommentedSeq()
        tree[key].append(for_reader(entry))
    return formatted(kept + dumped(tree, yaml), "context", True)


def with_fixes(context_text: str, article_text: str, fixes: list[Fix], today: dt.date) -> tuple[str, str]:
    """context.yml with each re-anchored passage rewritten (its old prefix, suffix and occurrence
    dropped), and article.yml with a correction that says so."""
    yaml = round_trip()
    tree = yaml.load(context_text)
    for fix in fixes:
        key = "quote" if fix.kind == "quote" else "anchor"
        for entry in tree.get("quotes" if fix.kind == "quote" else "notes") or []:
            if entry.get("id") == fix.entry_id or (entry.get("id") is None and entry.get(key) == fix.old):
                entry[key] = for_reader(fix.new)
                for stale in ("prefix", "suffix", "occurrence"):
                    entry.pop(stale, None)
                if fix.occurrence:
                    entry["occurrence"] = fix.occurrence
    meta = yaml.load(article_text)
    if meta.get("corrections") is None:
        meta["corrections"] = CommentedSeq()
    changed = "; ".join(f"{fix.kind} '{fix.entry_id}' now reads “{fix.new}”" for fix in fixes)
    meta["corrections"].append(for_reader({"date": today.isoformat(),
                                           "note": f"Passages re-anchored after the source text changed: {changed}."}))
    return formatted(dumped(tree, yaml), "context", True), formatted(dumped(meta, yaml), "article", True)
