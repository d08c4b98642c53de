"""Article fields from JSON objects in the article JSONL schema, and command-line defaults."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from newsloom.ingest.sources.dates import normalise_published
from newsloom.model import Article

# Optional string fields of the article schema, each an Article field of the same name.
STRING_FIELDS = ("title", "url", "outlet", "published", "language", "author")


@dataclass(frozen=True)
class RecordFields:
    """What a JSON object says about an article, split into Article fields and the rest."""

    fields: dict[str, str] = field(default_factory=dict)  # Article keyword arguments
    extra: dict[str, Any] = field(default_factory=dict)  # every other key, unchanged
    problems: tuple[str, ...] = ()  # fields ignored, each with why


def split_record(
    record: Mapping[str, Any], *, leave_out: tuple[str, ...] = ("text",)
) -> RecordFields:
    """Article fields, extra fields and the problems found in a JSON object of the schema."""
    fields: dict[str, str] = {}
    extra: dict[str, Any] = {}
    problems: list[str] = []
    for key, value in record.items():
        if key in leave_out:
            continue
        if key == "id":
            external_id = _external_id(value)
            if external_id is None and value is not None:
                problems.append(f"'id' must be a string or integer, not {_json_type(value)}")
            elif external_id:
                fields["external_id"] = external_id
        elif key in STRING_FIELDS:
            text, problem = _string_field(key, value)
            if problem is not None:
                problems.append(problem)
            elif text is not None:
                fields[key] = text
        else:
            extra[key] = value
    return RecordFields(fields=fields, extra=extra, problems=tuple(problems))


def _string_field(key: str, value: Any) -> tuple[str | None, str | None]:
    """A string field's trimmed value (None when absent or blank), or the problem with it."""
    if value is None:
        return None, None
    if not isinstance(value, str):
        return None, f"{key!r} must be a string, not {_json_type(value)}"
    value = value.strip()
    if not value:
        return None, None
    if key == "published":
        try:
            value = normalise_published(value)
        except ValueError as error:
            return None, f"'published' {error}"
    return value, None


def with_defaults(article: Article, *, outlet: str | None, published: str | None) -> Article:
    """The article with command-line outlet and date filled in where it has none of its own."""
    changes: dict[str, str] = {}
    if article.outlet is None and outlet is not None:
        changes["outlet"] = outlet
    if article.published is None and published is not None:
        changes["published"] = published
    return article.with_changes(**changes) if changes else article


def _external_id(value: Any) -> str | None:
    # Integer ids are common in exported datasets; keep them as text like every other id.
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def _json_type(value: Any) -> str:
    names = {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "an object",
    }
    return names.get(type(value), type(value).__name__)
