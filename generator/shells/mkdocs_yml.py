"""What a site's mkdocs.yml says, read for the commands (the plugin gets the same keys from
MkDocs): the settings that change the generated site, and the plugin's annotations folder. Read
as YAML, leniently: a value of the wrong kind is left at its default here, and refused by
`mkdocs build` itself."""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml.error import YAMLError

from ..edit.style import round_trip
from ..model import SiteSettings
from ..render.markup import edit_url_refusal


def site_settings(mkdocs_yml: Path) -> SiteSettings:
    """What mkdocs.yml sets that changes the generated site, read as the plugin reads it (the
    site's keys and the plugin's options); a value of the wrong kind is left at its default here,
    and refused by `mkdocs build` itself."""
    config = _mkdocs_config(mkdocs_yml)
    config = config if isinstance(config, dict) else {}
    options: dict = next((plugin["annotations"] for plugin in config.get("plugins") or []
                    if isinstance(plugin, dict) and isinstance(plugin.get("annotations"), dict)), {})

    def text(mapping, key: str, default: str = "") -> str:
        value = mapping.get(key)
        return value if isinstance(value, str) else default

    def flag(mapping, key: str, default: bool) -> bool:
        value = mapping.get(key)
        return value if isinstance(value, bool) else default

    link_mentions = text(options, "link_mentions", "first")
    edit_url = text(options, "edit_url")
    directory_urls = config.get("use_directory_urls", True)
    return SiteSettings(site_name=text(config, "site_name"), site_url=text(config, "site_url"),
                        site_description=text(config, "site_description"),
                        use_directory_urls=directory_urls if isinstance(directory_urls, bool) else True,
                        link_mentions=link_mentions if link_mentions in ("first", "every") else "first",
                        edit_url="" if edit_url_refusal(edit_url) else edit_url, editors=text(options, "editors"),
                        root=str(mkdocs_yml.parent), link_cards=flag(options, "link_cards", True),
                        linked_data=flag(options, "linked_data", True), site_pages=flag(options, "site_pages", False))


def _mkdocs_config(mkdocs_yml: Path):
    try:
        return round_trip().load(mkdocs_yml.read_text("utf-8")) if mkdocs_yml.is_file() else None
    except (YAMLError, UnicodeDecodeError):
        return None

def default_dir(mkdocs_yml: Path) -> Path:
    """The plugin's `dir` option when mkdocs.yml sets one, else `annotations`."""
    config = _mkdocs_config(mkdocs_yml)
    plugins = config.get("plugins", []) if isinstance(config, dict) else []
    for plugin in plugins or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("annotations"), dict):
            if plugin["annotations"].get("dir"):
                return mkdocs_yml.parent / str(plugin["annotations"]["dir"])
    return mkdocs_yml.parent / "annotations"
