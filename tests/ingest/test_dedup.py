"""Exact and near-duplicate detection."""

from __future__ import annotations

from newsloom.ingest.dedup import Deduper, content_hash, signature_from_bytes, signature_to_bytes

WIRE = (
    "Port workers in Rotterdam walked off the job on Monday in a dispute over automation, "
    "halting the loading of container ships at three of the largest terminals. The union said "
    "about 4,000 members joined the strike, which is planned to last 48 hours, and warned of "
    "longer stoppages if talks with terminal operators fail to resume by the end of the week."
)
REWRITE = (
    "A 48-hour strike by dockers brought Europe's biggest port to a standstill, with union leaders "
    "saying thousands stayed away over fears that robots will replace them. Terminal operators "
    "said they regretted the action and called for a return to negotiations."
)


def test_exact_copy_ignores_case_and_spacing() -> None:
    d = Deduper()
    first, sig = d.check(WIRE)
    assert first.copy_of is None
    d.add("a1", first.content_hash, sig)
    copy, _ = d.check(WIRE.upper().replace(" ", "  "))
    assert copy.copy_of == "a1" and copy.kind == "exact"
    assert content_hash(WIRE) == content_hash(WIRE + "  ")


def test_near_copy_with_new_dateline_is_found() -> None:
    d = Deduper()
    first, sig = d.check(WIRE)
    d.add("a1", first.content_hash, sig)
    near, _ = d.check("ROTTERDAM (Harbour Wire) - " + WIRE + " Additional reporting by staff.")
    assert near.copy_of == "a1" and near.kind == "near" and near.similarity >= 0.8


def test_independent_report_of_same_event_is_not_a_copy() -> None:
    d = Deduper()
    first, sig = d.check(WIRE)
    d.add("a1", first.content_hash, sig)
    other, _ = d.check(REWRITE)
    assert other.copy_of is None


def test_signature_round_trip() -> None:
    _, sig = Deduper().check(WIRE)
    assert sig is not None
    back = signature_from_bytes(signature_to_bytes(sig))
    assert back is not None and back.jaccard(sig) == 1.0
