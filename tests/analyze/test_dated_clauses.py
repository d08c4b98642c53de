"""What each date dates: the clause of the verb it modifies, read from the parse (Timex.clause).

Every sentence here is written for the test. The parser is a statistical model, so the checks
are on what a reader needs from the statement (who did what, the date's own words, nothing of
the dateline), not on one exact wording, except where the wording is the point.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from newsloom.analyze.dated_clauses import MAX_CLAUSE_WORDS, with_clauses
from newsloom.analyze.timex import find_timexes
from newsloom.model import Timex

PUBLISHED = date(2025, 11, 5)  # a Wednesday


@pytest.fixture(scope="module")
def clauses(analyzer: Any) -> Any:
    """A function from a text to its dated time expressions, each with its clause."""

    def read(text: str) -> dict[str, Timex]:
        doc = analyzer.nlp(text)
        found = with_clauses(doc, find_timexes(text, PUBLISHED))
        return {t.text: t for t in found}

    return read


def test_the_clause_says_what_happened_on_the_day(clauses: Any) -> None:
    found = clauses("A landslide buried the mountain road above Varenna early on Monday.")
    clause = next(t.clause for t in found.values() if "Monday" in t.text)
    # before: "road above Varenna early on Monday" — no verb, no subject
    assert clause is not None
    assert clause.startswith("A landslide buried the mountain road")
    assert clause.endswith("Monday")


def test_a_dateline_is_never_the_subject_nor_part_of_the_clause(clauses: Any) -> None:
    text = (
        "TRIESTE (Harbour Wire) — A cargo ship ran aground outside the port on Sunday, "
        "the coastguard said."
    )
    clause = clauses(text)["Sunday"].clause
    assert clause is not None
    assert "TRIESTE" not in clause and "Wire" not in clause
    assert "ship ran aground" in clause


def test_a_date_inside_a_dateline_dates_no_statement(clauses: Any) -> None:
    text = "OSLO, Oct 3 (Fjord News) - The central bank kept its key rate unchanged on Thursday."
    found = clauses(text)
    dateline = next(t for t in found.values() if t.text.startswith("Oct"))
    assert dateline.clause is None  # the day the report was filed
    thursday = found["Thursday"].clause
    assert thursday is not None and thursday.startswith("The central bank kept")
    assert "OSLO" not in thursday


def test_a_relative_pronoun_reads_as_the_noun_it_stands_for(clauses: Any) -> None:
    for text, statement in (
        ("Engineers inspected the bridge that collapsed on Saturday.", "The bridge collapsed"),
        ("Divers searched the ferry which sank on Saturday near the island.", "The ferry sank"),
    ):
        clause = clauses(text)["Saturday"].clause
        assert clause is not None and clause.startswith(statement), clause


def test_a_controlled_verb_brings_its_subject(clauses: Any) -> None:
    clause = clauses("The new ferry is expected to enter service on Friday.")["Friday"].clause
    assert clause is not None
    assert clause.startswith("The new ferry is expected to enter service")


def test_a_pronoun_subject_brings_whoever_said_it(clauses: Any) -> None:
    text = "The brewery said on Tuesday it had sold its Tallinn plant to a rival."
    clause = clauses(text)["Tuesday"].clause
    assert clause is not None
    # "it had sold ..." alone would not say who sold it
    assert clause.startswith("The brewery said")
    assert "sold its Tallinn plant" in clause


def test_what_was_said_is_the_statement_of_a_reported_date(clauses: Any) -> None:
    text = "The mayor said the market hall would stay shut until Monday."
    clause = clauses(text)["Monday"].clause
    assert clause is not None
    assert "market hall would stay shut until Monday" in clause


def test_a_fronted_date_keeps_its_comma(clauses: Any) -> None:
    text = "By Thursday, the relief agency had handed out 900 blankets in the valley."
    clause = next(t.clause for t in clauses(text).values() if "Thursday" in t.text)
    assert clause is not None
    assert clause.startswith("By Thursday, the relief agency had handed out 900 blankets")


def test_a_when_clause_on_the_date_says_what_happened_then(clauses: Any) -> None:
    text = "Prices jumped in March 2024 when the cooperative cut its deliveries to the mills."
    clause = clauses(text)["March 2024"].clause
    assert clause is not None
    assert "when the cooperative cut its deliveries" in clause


def test_a_long_sentence_is_cut_to_a_statement_that_keeps_the_date(clauses: Any) -> None:
    text = (
        "The regional council, which had argued for months with the national government "
        "over the cost of the new tunnel under the old harbour district, approved on Wednesday "
        "a revised plan for the tunnel, the station above it and the two bus lanes that "
        "connect it to the airport and the university campus after a debate of nine hours."
    )
    clause = clauses(text)["Wednesday"].clause
    assert clause is not None
    assert len(clause.split()) <= MAX_CLAUSE_WORDS
    assert clause.startswith("The regional council approved on Wednesday a revised plan")
    assert "which had argued" not in clause  # a relative clause is an aside


def test_durations_and_sets_date_nothing(clauses: Any) -> None:
    found = clauses("The talks lasted three days and the committee meets every Monday.")
    assert all(t.clause is None for t in found.values() if t.type in ("DURATION", "SET"))


def test_no_clause_keeps_half_a_hyphenated_word_or_a_dangling_and(clauses: Any) -> None:
    text = (
        "The ministry said on Friday that it was ready to co-finance the dam, with farmers "
        "worried and traders hopeful."
    )
    clause = clauses(text)["Friday"].clause
    assert clause is not None
    words = clause.split()
    assert words[-1].lower() not in ("and", "or", "co")
    assert "co " not in clause
