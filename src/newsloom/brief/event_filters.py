"""Checking the filters of event queries (dates, actors, types), shared by the CLI, web and API."""

from __future__ import annotations

import re
from datetime import date

from newsloom.errors import NewsloomError
from newsloom.store.events import stored_actor_codes, stored_event_types
from newsloom.store.sqlite import Store

# Date filters: a year, a month or a day; relations also take an ISO week.
DATE_FORMATS = "YYYY, YYYY-MM or YYYY-MM-DD"
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_WEEK = re.compile(r"\d{4}-W(0[1-9]|[1-4]\d|5[0-3])")
# Gazetteer kinds that name a country itself: a city or region ("Tehran") is not its country.
COUNTRY_NAME_KINDS = frozenset({"country", "alias", "demonym"})
# How many of a store's codes an unknown-actor error lists before it says "…".
CODES_SHOWN = 40


def check_date(value: str | None, option: str, *, weeks: bool = False) -> str | None:
    """A date filter as given, when it is a real year, month or day (or ISO week); else an error."""
    if value is None:
        return None
    found = _DATE.fullmatch(value)
    valid = found is not None
    if found and found.group(3):
        try:
            date.fromisoformat(value)
        except ValueError:
            valid = False
    elif found and found.group(2):
        valid = 1 <= int(found.group(2)) <= 12
    if not valid and not (weeks and _WEEK.fullmatch(value)):
        accepted = DATE_FORMATS + (" or YYYY-Www" if weeks else "")
        raise NewsloomError(f"{option} {value!r} is not a valid date: use {accepted}")
    return value


def resolve_actor(store: Store, value: str) -> str:
    """The ISO-3 code an actor names: a code, a country name or alias, or a demonym."""
    code = value.strip().upper()
    known = stored_actor_codes(store)
    if code in known:
        return code
    import pycountry

    if len(code) == 3 and pycountry.countries.get(alpha_3=code) is not None:
        return code
    # The gazetteer takes seconds to load: only a name that is no code pays for it.
    from newsloom.analyze.entities.gazetteer import Gazetteer

    place = Gazetteer.load().lookup(value)
    if place is not None and place.kind in COUNTRY_NAME_KINDS:
        return str(place.country)
    shown = ", ".join(known[:CODES_SHOWN]) + (", …" if len(known) > CODES_SHOWN else "")
    raise NewsloomError(
        f"unknown actor {value!r}: give an ISO 3166 alpha-3 code (e.g. IRN) or a country name "
        f"(e.g. Iran); codes with events in this store: {shown or 'none'}"
    )


def check_event_type(store: Store, value: str) -> str:
    """A PLOVER type, upper-cased; a type the ontology lacks is an error listing the valid ones."""
    wanted = value.strip().upper()
    stored = stored_event_types(store)
    if wanted in stored:
        return wanted
    from newsloom.analyze.events.ontology import EventOntology

    valid = sorted(set(EventOntology.load().types) | set(stored))
    if wanted not in valid:
        raise NewsloomError(f"unknown event type {value!r}: use one of {', '.join(valid)}")
    return wanted
