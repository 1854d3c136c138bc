"""Annotated-article publisher: YAML annotations + a published text -> Markdown pages for MkDocs.

The pipeline (see `pipeline.generate`): load -> anchor -> mentions -> render.
"""

from .pipeline import Result, generate
from .problems import Origin, Problem
from .render import Options

__all__ = ["Options", "Origin", "Problem", "Result", "generate"]
