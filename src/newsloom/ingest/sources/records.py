"""Article fields from JSON objects in the article JSONL schema, and command-line defaults."""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from newsloom.ingest.sources.dates import normalise_published
from newsloom.ingest.sources.limits import MAX_FIELD_DEPTH
from newsloom.model import Article

# Optional string fields of the article schema, each an Article field of the same name.
STRING_FIELDS = ("title", "url", "outlet", "published", "language", "author")
_FIELD_NAMES = frozenset({"id", *STRING_FIELDS})


# A UTF-16 surrogate alone: JSON's "\\ud800" escape decodes to one, and it cannot be written
# as UTF-8 (the article key, the store), so no stored text may hold one.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT_CHARACTER = "\ufffd"


class JSONLimitError(ValueError):
    """JSON that is well formed but past what the decoder can hold."""


def load_json(text: str) -> Any:
    """The decoded JSON value; JSONLimitError when nested too deep or a number is too long."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise
    except RecursionError:
        raise JSONLimitError("nested deeper than the JSON decoder can follow") from None
    except ValueError:
        # Python refuses to read integers longer than this (a guard against quadratic time).
        digits = sys.get_int_max_str_digits()
        raise JSONLimitError(f"a number of more than {digits:,} digits") from None


def has_lone_surrogate(text: str) -> bool:
    """Whether the text holds a UTF-16 surrogate that is not part of a character."""
    return _LONE_SURROGATE.search(text) is not None


def without_surrogates(text: str) -> str:
    """The text with every lone surrogate replaced by U+FFFD."""
    return _LONE_SURROGATE.sub(REPLACEMENT_CHARACTER, text)


def tidy_value(value: Any) -> Any:
    """A JSON value with lone surrogates replaced in every string and key; depth-checked first."""
    if isinstance(value, str):
        return without_surrogates(value)
    if isinstance(value, list):
        return [tidy_value(item) for item in value]
    if isinstance(value, dict):
        return {without_surrogates(str(k)): tidy_value(v) for k, v in value.items()}
    return value


def json_depth(value: Any) -> int:
    """How deeply a JSON value nests (a scalar is 0), counted without recursion."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)
        else:
            continue
        deepest = max(deepest, depth + 1)
    return deepest


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
        problem = _take_field(key, value, fields, extra)
        if problem is not None:
            problems.append(problem)
    return RecordFields(fields=fields, extra=extra, problems=tuple(problems))


def _take_field(key: str, value: Any, fields: dict[str, str], extra: dict[str, Any]) -> str | None:
    """Put one key of a record into fields or extra; the problem with it, if any."""
    if isinstance(value, str) and has_lone_surrogate(value) and key in _FIELD_NAMES:
        # Not text: an id, a URL or a name with half a character in it is no value at all.
        return f"{without_surrogates(key)!r} holds a lone UTF-16 surrogate"
    if key == "id":
        external_id = _external_id(value)
        if external_id is None and value is not None:
            return f"'id' must be a string or number, not {_json_type(value)}"
        if external_id:
            fields["external_id"] = external_id
        return None
    if key in STRING_FIELDS:
        text, problem = _string_field(key, value)
        if text is not None:
            fields[key] = text
        return problem
    if json_depth(value) > MAX_FIELD_DEPTH:
        return f"{without_surrogates(key)!r} nests deeper than {MAX_FIELD_DEPTH}"
    extra[without_surrogates(key)] = tidy_value(value)
    return None


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
    if isinstance(value, float) and math.isfinite(value):
        # 12.0 is the id 12 written by a tool that knows only floats; 1.5 stays "1.5".
        return str(int(value)) if value.is_integer() else repr(value)
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
