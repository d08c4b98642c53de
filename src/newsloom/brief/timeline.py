"""The story's timeline (dated facts in order, background marked) and each outlet's coverage."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from newsloom.brief.compare import Fact
from newsloom.brief.group import event_days
from newsloom.brief.mentions import DateMention
from newsloom.brief.records import Claim, OutletCoverage, TimelineEntry
from newsloom.brief.table import Interval, StoryTable

# An outlet omits a corroborated claim when more than this share of the other independent
# outlets carry it: "most other outlets", so a claim half the field skipped is nobody's omission.
OMISSION_SHARE = 0.5
# The story's own event is dated to days or a week; a month or a year names no one event.
MAIN_EVENT_GRAINS = frozenset({"day", "range", "week"})


def build_timeline(table: StoryTable, facts: Sequence[Fact]) -> list[TimelineEntry]:
    """Dated events and facts in order, background marked, the story's own event flagged."""
    slots: dict[str, list[tuple[Fact, Interval]]] = {}
    event_rows: dict[object, list[tuple[str, set[int]]]] = {}
    # Events first, so that the dated fact read from an event's sentence, starting the same
    # day ("will visit from April 22nd to 24th"), joins the event's entry.
    ranked = sorted(facts, key=lambda f: f.claim.kind != "event")
    for fact in ranked:
        interval = _interval_of(fact)
        if interval is None or _says_nothing(table, interval):
            continue
        slot = fact.claim.id
        if fact.claim.kind == "event":
            event_rows.setdefault(interval.begin, []).append((slot, set(fact.draft.rows)))
        else:
            rows = set(fact.draft.rows)
            slot = next((s for s, r in event_rows.get(interval.begin, []) if r & rows), slot)
        slots.setdefault(slot, []).append((fact, interval))
    order = list(slots)
    main = _main_slot(table, slots)
    entries = []
    for slot in order:
        members = slots[slot]
        lead = members[0][0]
        interval = max((i for _, i in members), key=lambda i: (i.end - i.begin, i.grain))
        claims = [f.claim for f, _ in members]
        outlets = list(dict.fromkeys(o for c in claims for o in c.outlets))
        entries.append(
            TimelineEntry(
                date=interval.label,
                begin=interval.begin.isoformat(),
                end=interval.end.isoformat(),
                summary=lead.claim.summary,
                claim_ids=tuple(c.id for c in claims),
                outlets=tuple(outlets),
                independent_outlets=max(c.independent_outlets for c in claims),
                background=table.is_background(interval),
                main=slot == main,
                estimated=_rests_on_estimate(table, [f for f, _ in members], interval),
            )
        )
    entries.sort(key=lambda e: (e.begin, e.end, -e.independent_outlets))
    return entries


def _rests_on_estimate(table: StoryTable, facts: Sequence[Fact], interval: Interval) -> bool:
    """Whether an entry's date was resolved against estimated publication dates: no article
    behind it gives a publication date, one at least has an estimate, and none of its
    sentences names the year."""
    rows = {row for fact in facts for row in fact.draft.rows}
    members = [table.members[d].member for d in {table.sentences[row].doc for row in rows}]
    if any(m.article.published for m in members):
        return False
    if not any(m.published_estimate for m in members):
        return False
    year = str(interval.begin.year)
    return not any(year in table.sentences[row].text for row in rows)


def _interval_of(fact: Fact) -> Interval | None:
    """The days a date or event claim covers; None for other kinds and undated events."""
    if fact.claim.kind == "date":
        mentions: list[DateMention] = fact.draft.mentions
        return max(mentions, key=lambda m: (m.interval.end - m.interval.begin, -m.row)).interval
    if fact.claim.kind == "event":
        return event_days(fact.draft)
    return None


def _says_nothing(table: StoryTable, interval: Interval) -> bool:
    """A year that holds the publication window ("this year") dates nothing in particular."""
    if interval.grain != "year" or table.window_start is None or table.window_end is None:
        return False
    return interval.begin <= table.window_start and table.window_end <= interval.end


def _main_slot(table: StoryTable, slots: dict[str, list[tuple[Fact, Interval]]]) -> str | None:
    """The story's own event: the most widely reported precise, non-background, affirmed one."""
    # Ranked by outlets first: one outlet's date for the event loses to the date most agree on.
    best, best_score = None, None
    for slot, members in slots.items():
        for fact, interval in members:
            if interval.grain not in MAIN_EVENT_GRAINS or table.is_background(interval):
                continue
            leader = fact.draft.leader
            if leader.polarity < 0:
                continue
            if fact.claim.kind == "date" and leader.head_is_speech:
                continue  # "said on Tuesday" dates a statement, not the news
            distance = abs((interval.begin - table.window_start).days) if table.window_start else 0
            score = (
                fact.claim.independent_outlets,
                fact.claim.kind == "event",
                interval.grain == "range",
                -distance,
            )
            if best_score is None or score > best_score:
                best, best_score = slot, score
    return best


def build_coverage(table: StoryTable, claims: Sequence[Claim]) -> list[OutletCoverage]:
    """For each outlet: first report, articles, words, exclusives and omissions."""
    positions: dict[str, list[int]] = defaultdict(list)
    for member in table.members:
        positions[member.outlet].append(member.position)
    independent = {m.outlet for m in table.members if not m.is_copy}
    exclusives: dict[str, list[str]] = defaultdict(list)
    corroborated: list[tuple[Claim, set[str]]] = []
    for claim in claims:
        carriers = {e.outlet for e in claim.support if not e.is_copy}
        if claim.corroborated:
            corroborated.append((claim, carriers))
        elif len(carriers) == 1:
            exclusives[next(iter(carriers))].append(claim.id)
    out = []
    for outlet, own in positions.items():
        members = [table.members[p] for p in own]
        # members are in publication order, estimated ones placed by their estimate
        dated = [m for m in members if m.published is not None and m.estimate is None]
        first = dated[0].published_text if dated else None
        estimated = next((m.estimate for m in members if m.estimate), None)
        others = len(independent - {outlet})
        # An omission is a claim this outlet does not carry; its carriers are then all others.
        omissions = (
            tuple(
                claim.id
                for claim, carriers in corroborated
                if outlet not in claim.outlets and len(carriers) > OMISSION_SHARE * others
            )
            if others
            else ()
        )
        out.append(
            OutletCoverage(
                outlet=outlet,
                first_report=first,
                articles=len(members),
                copies=sum(m.is_copy for m in members),
                words=sum(m.words for m in members),
                exclusives=tuple(exclusives.get(outlet, ())),
                omissions=omissions,
                first_report_estimate=None if first else estimated,
            )
        )
    return out
