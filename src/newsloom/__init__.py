"""newsloom: turn a pile or stream of news articles into stories and source-attributed briefs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from newsloom.api import Newsloom

# The one place the version is written: pyproject.toml reads it (tool.setuptools.dynamic).
__version__ = "0.1.0"

__all__ = ["Newsloom", "__version__", "open"]


def open(path: str | Path, **options: Any) -> Newsloom:
    """Open (or create) the store at `path`: see newsloom.api.Newsloom for what it offers."""
    # Imported on call: `import newsloom` stays light (the CLI's --version, the packaging tests).
    from newsloom.api import open_store

    return open_store(path, **options)


def __getattr__(name: str) -> Any:
    """`newsloom.Newsloom`, imported on first use."""
    if name == "Newsloom":
        from newsloom.api import Newsloom

        return Newsloom
    raise AttributeError(f"module 'newsloom' has no attribute {name!r}")
