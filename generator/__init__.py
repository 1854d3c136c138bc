"""Annotated-article publisher: a text as published and YAML annotations -> Markdown pages.

The pipeline (`pipeline.py`): read -> find -> check -> render -> export; the shells
(`shells/`): the command line and the MkDocs plugin.
"""

from .model import Options, Origin, Problem, Severity
from .pipeline import Result, check, check_problems, generate, serial

__all__ = ["Options", "Origin", "Problem", "Result", "Severity", "check", "check_problems", "generate", "serial"]
