"""What a site's mkdocs.yml says, read for the commands (the plugin gets the same keys from
MkDocs): the settings that change the generated site, and the plugin's annotations folder. Read
as YAML, leniently: a value of the wrong kind is left at its default here, and refused by
`mkdocs build` itself."""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml.error import YAMLError

from ..edit.style import round_trip
from ..export.search import ENGINES
from ..model import SiteSettings, prefix_refusal
from ..render.markup import edit_url_refusal


def site_settings(mkdocs_yml: Path) -> SiteSettings:
    """What mkdocs.yml sets that changes the generated site, read as the plugin reads it (the
    site's keys and the plugin's options); a value of the wrong kind is left at its default here,
    and refused by `mkdocs build` itself."""
    config = _mkdocs_config(mkdocs_yml)
    config = config if isinstance(config, dict) else {}
    options = _plugin_options(config)
    defaults = SiteSettings()

    def read(mapping, key: str):
        value, default = mapping.get(key), getattr(defaults, key)
        return value if isinstance(value, type(default)) else default

    plugin = {key: read(options, key) for key in SiteSettings.PLUGIN_OPTIONS}
    if plugin["link_mentions"] not in ("first", "every"):
        plugin["link_mentions"] = defaults.link_mentions
    if edit_url_refusal(plugin["edit_url"]):
        plugin["edit_url"] = defaults.edit_url
    if plugin["search"] not in ENGINES:
        plugin["search"] = defaults.search
    if prefix_refusal(plugin["prefix"]):
        plugin["prefix"] = defaults.prefix
    theme = config.get("theme")
    return SiteSettings(**{key: read(config, key) for key in ("site_name", "site_url", "site_description",
                                                               "use_directory_urls")},
                        language=read(theme, "language") if isinstance(theme, dict) else defaults.language,
                        root=str(mkdocs_yml.parent), **plugin)


def default_dir(mkdocs_yml: Path) -> Path:
    """The plugin's `dir` option when mkdocs.yml sets one, else `annotations`."""
    config = _mkdocs_config(mkdocs_yml)
    folder = _plugin_options(config).get("dir") if isinstance(config, dict) else None
    return mkdocs_yml.parent / (str(folder) if folder else "annotations")


def _plugin_options(config: dict) -> dict:
    """The annotations plugin's options in a parsed mkdocs.yml ({} if it sets none)."""
    return next((plugin["annotations"] for plugin in config.get("plugins") or []
                 if isinstance(plugin, dict) and isinstance(plugin.get("annotations"), dict)), {})


def _mkdocs_config(mkdocs_yml: Path):
    try:
        return round_trip().load(mkdocs_yml.read_text("utf-8")) if mkdocs_yml.is_file() else None
    except (YAMLError, UnicodeDecodeError):
        return None
