"""Sentences to PLOVER events: triggers matched on lemmas and the parse, their sides and status."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import NamedTuple

from spacy.tokens import Doc, Span

from newsloom.analyze.entities.gazetteer import Gazetteer
from newsloom.analyze.events.actors import ActorFinder
from newsloom.analyze.events.armed import fight_cameo
from newsloom.analyze.events.clause import (
    BACKGROUND,
    HAPPENED,
    PLANNED,
    ClauseReader,
    Modality,
    evidence_span,
)
from newsloom.analyze.events.confidence import ConfidenceMap, weaknesses
from newsloom.analyze.events.match import Hit, TriggerMatcher, trigger_candidates
from newsloom.analyze.events.ontology import EventOntology, EventType, TriggerRule
from newsloom.analyze.events.refs import ActorRef
from newsloom.analyze.events.show import show_of_force_cameo
from newsloom.analyze.events.sides import MAX_ACTORS_PER_SIDE, SideFinder
from newsloom.analyze.events.told import ToldEvents
from newsloom.model import Actor, Entity, Event, Timex

# A story-level discard phrase ("Champions League") in this many opening sentences (headline
# and lead) marks the whole article as sports or entertainment; later it marks its sentence.
STORY_DISCARD_SENTENCES = 2
# The sector a country acting by force has when the text names only the country: "Iranian
# strikes" are strikes by Iran's military.
FORCE_TYPES_SECTOR = {"FIGHT": "MIL", "MOBILIZE": "MIL"}
# The type that replaces a refused cooperation ("will not accept refugees" is a refusal).
REFUSAL_CAMEO = "120"
# The type an intent turns into when what is intended is a conflict ("vowed to retaliate").
THREAT_CAMEO = "130"
# Prepositions whose object may be an event noun an event is aimed at ("protested against
# the strikes"), besides the direct object.
_REFERRING_PREPOSITIONS = frozenset({"against", "on", "over", "for", "to"})
# Statuses of events whose two countries "both countries" may later refer to: news told as
# happening or planned, not the background an "after" clause recalls.
_TOLD_SIDES = frozenset({HAPPENED, PLANNED})
# Sectors that make an actor of no stated country still a political one.
POLITICAL_SECTORS = frozenset(
    {"IGO", "NGO", "GOV", "MIL", "COP", "REB", "OPP", "PTY", "JUD", "LEG"}
)
_COOPERATION = frozenset({"verbal cooperation", "material cooperation"})
# Targets a meeting or a host needs: officials, bodies, and the armed groups and parties that
# negotiate too ("hosted a Houthi delegation"); not reporters or villagers.
_OFFICIAL_SECTORS = frozenset({"GOV", "IGO", "LEG", "JUD", "MIL", "REB", "OPP", "PTY", "NGO"})
_STATE_SECTORS = frozenset({None, "GOV", "MIL", "COP", "LEG", "JUD"})
# A state's own organs: never the target of the same state's event.
_OWN_FORCES = frozenset({"GOV", "MIL", "COP"})
_NOT_NONSTATE = frozenset({"GOV", "MIL", "COP", "IGO"})
_STATE_LABELS = frozenset({"GPE", "LOC", "FAC", "NORP", "ORG"})
# Labels of a bare country named as a target ("Israel", "Israeli").
_COUNTRY_LABELS = frozenset({"GPE", "NORP"})
# A country named as the subject of what its own state warns or promises acts for it.
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


class EventCoder:
    """Codes the events of parsed documents with one ontology; build once, call per document."""

    def __init__(self, ontology: EventOntology, confidence: ConfidenceMap | None = None) -> None:
        self.ontology = ontology
        self.matcher = TriggerMatcher(ontology)
        self.sides = SideFinder(ontology)
        self.confidence = confidence if confidence is not None else ConfidenceMap.load()

    def code(
        self,
        doc: Doc,
        entities: Sequence[Entity],
        timexes: Sequence[Timex],
        published: date | None,
        gazetteer: Gazetteer,
    ) -> tuple[Event, ...]:
        """The events of one parsed document."""
        explained = self.code_explained(doc, entities, timexes, published, gazetteer)
        return tuple(event for event, _ in explained)

    def code_explained(
        self,
        doc: Doc,
        entities: Sequence[Entity],
        timexes: Sequence[Timex],
        published: date | None,
        gazetteer: Gazetteer,
    ) -> tuple[Explained, ...]:
        """The events of one parsed document, each with the weaknesses its confidence weighs."""
        finder = ActorFinder(doc, entities, gazetteer, self.ontology, published)
        clauses = ClauseReader(doc, timexes, published, self.ontology)
        candidates = trigger_candidates(doc)
        events: list[Explained] = []
        sentences = list(doc.sents)
        discarded = self._discarded(sentences)
        if discarded is None:
            return ()
        told = ToldEvents(self.ontology)
        for number, sent in enumerate(sentences):
            if number not in discarded:
                events.extend(self._sentence(sent, finder, clauses, candidates, (told, number)))
        return tuple(events)

    def _discarded(self, sentences: Sequence[Span]) -> set[int] | None:
        """The sentences a discard phrase marks as no political event (sports, entertainment,
        disasters); None when the article's opening marks the whole article so."""
        if not self.ontology.discards:
            return set()
        marked: set[int] = set()
        for number, sent in enumerate(sentences):
            words = [t.lower_ for t in sent]
            for at in range(len(words)):
                level = self.ontology.discard_level(words, at)
                if level is None:
                    continue
                if level == "story" and number < STORY_DISCARD_SENTENCES:
                    return None
                marked.add(number)
                break
        return marked

    def _sentence(
        self,
        sent: Span,
        finder: ActorFinder,
        clauses: ClauseReader,
        candidates: Sequence[bool],
        told: tuple[ToldEvents, int],
    ) -> list[Explained]:
        """The events of one sentence: its triggers, folded, each with its sides; no repeats."""
        doc = sent.doc
        hits = [
            h
            for i in range(sent.start, sent.end)
            if candidates[i] and (h := self.matcher.match(doc[i], finder)) is not None
        ]
        hits.extend(self.matcher.reported_demands(sent, finder, candidates))
        kept = self.matcher.frame(hits)
        events: dict[tuple[object, ...], Explained] = {}
        for hit in kept:
            found = list(self._events(hit, sent, finder, clauses, told))
            for event, weak in found:
                key = (event.type, event.source, event.target, event.status)
                if key not in events or events[key][0].confidence < event.confidence:
                    events[key] = (event, weak)
            told[0].add(told[1], finder.lemma(hit.token), [e for e, _ in found])
        # the sentence's own pairs count for the sentences after it: "talks between the two
        # governments" names the pair told before, not the mediator beside it
        finder.note_parties(e for e, _ in events.values() if e.status in _TOLD_SIDES)
        return list(events.values())

    def _events(
        self,
        hit: Hit,
        sent: Span,
        finder: ActorFinder,
        clauses: ClauseReader,
        told: tuple[ToldEvents, int],
    ) -> Iterator[Explained]:
        """The events of one trigger: its row chosen by the source, its type, status and sides."""
        sources = self.sides.sources(hit, finder)
        if not sources:
            return
        rule = next((r for r in hit.rules if _source_fits(r, sources[0])), None)
        if rule is None:
            return
        modality = clauses.modality(
            hit.anchor, hit.token if hit.kind != "verb" else None, hit.intent
        )
        coding = self._coding(hit, rule, modality)
        pairs = self._side_pairs(hit, rule, sources, finder, told)
        if not pairs:
            return  # a company or a person of no known side acting: not a political event
        if self._commercial(hit, finder) or self._calamity_warning(hit, rule, finder):
            return
        kind = clauses.background_kind(hit.anchor)
        background = kind is not None
        if (background or hit.kind == "nominal") and not _all_coded(pairs):
            return
        if kind == "earlier" and coding.status == HAPPENED:
            # the earlier event the news follows ("a day after Indian jets struck a camp"): it
            # happened, but it is context, not what the sentence reports
            coding = coding._replace(status=BACKGROUND)
        value, basis = clauses.event_date(hit.anchor, hit.token)
        start, end = evidence_span(sent, hit.token, clauses.datelines)
        doc_text = sent.doc.text
        lexicon = all(r.has("lexicon") for r in hit.rules)
        for source, target in pairs[: MAX_ACTORS_PER_SIDE * MAX_ACTORS_PER_SIDE]:
            weak = weaknesses(
                hit.kind, lexicon, source, target, background, value is None, coding.status
            )
            # violence aimed at soldiers, police or an armed group is armed conflict
            shown = self._recoded(coding, show_of_force_cameo(coding.cameo, hit, target, finder))
            this = self._recoded(shown, fight_cameo(shown.cameo, hit, target, finder))
            event_type, mode = this.event_type, this.mode
            event = Event(
                text=doc_text[start:end],
                start=start,
                end=end,
                type=this.type_name,
                mode=mode,
                cameo=this.cameo,
                score=event_type.score_for(mode),
                quad_class=event_type.quad_class,
                status=this.status,
                source=_force_sector(source, this.type_name),
                target=target.actor if target is not None else None,
                date=value,
                date_basis=basis,
                location=self._location(
                    hit, target if len(sources) < 2 else None, finder, event_type.quad_class, mode
                ),
                trigger=self._trigger_text(hit),
                confidence=self.confidence.confidence(weak),
            )
            yield event, weak

    def _coding(self, hit: Hit, rule: TriggerRule, modality: Modality) -> _Coding:
        """The trigger's CAMEO row, type, mode and status: a threat or a refusal where it is one."""
        cameo = rule.cameo
        if rule.has("polar") and any(
            self.ontology.event_type(c.rules[0].type).quad_class == "material conflict"
            for c in hit.complement
            if c.anchor.head.i == hit.token.i or c.token.head.i == hit.token.i
        ):
            # only what is intended directly: "willing to help defend X if it is attacked"
            # is an offer, whatever the condition names
            cameo = THREAT_CAMEO
        row = self.ontology.cameo[cameo]
        type_name, mode = row.type, rule.mode if cameo == rule.cameo else row.mode
        status = modality.status
        event_type = self.ontology.event_type(type_name)
        refused = modality.negated and not modality.denied and modality.planned
        if refused and event_type.quad_class in _COOPERATION and type_name != "REJECT":
            # "Syria will not accept more refugees": the refusal is the event.
            cameo, status = REFUSAL_CAMEO, HAPPENED
            row = self.ontology.cameo[cameo]
            type_name, mode = row.type, row.mode
            event_type = self.ontology.event_type(type_name)
        return _Coding(cameo, type_name, mode, status, event_type)

    def _recoded(self, coding: _Coding, cameo: str) -> _Coding:
        """The coding under another CAMEO code (its type and mode), status kept."""
        if cameo == coding.cameo:
            return coding
        row = self.ontology.cameo[cameo]
        return _Coding(cameo, row.type, row.mode, coding.status, self.ontology.event_type(row.type))

    def _side_pairs(
        self,
        hit: Hit,
        rule: TriggerRule,
        sources: list[ActorRef],
        finder: ActorFinder,
        told: tuple[ToldEvents, int],
    ) -> list[tuple[ActorRef, ActorRef | None]]:
        """(source, target) pairs the rule allows, political ones only; none if none fits."""
        targets = self.sides.targets(hit, rule, sources, finder) or self._referred_targets(
            hit, sources, finder, told
        )
        reciprocal = self.sides.reciprocal(hit) or any(s.via == "pair" for s in sources)
        pairs: list[tuple[ActorRef, ActorRef | None]]
        if (
            (rule.has("mutual") or reciprocal)
            and len(sources) >= 2
            and (reciprocal or not targets or _only_circumstantial(targets))
        ):
            pairs = [(a, b) for a in sources for b in sources if a is not b]
        else:
            aimed_at: list[ActorRef | None] = list(targets) or [None]
            pairs = [(a, b) for a in sources for b in aimed_at]
        if rule.has("needs-target") and all(b is None for _, b in pairs):
            return []
        if rule.has("target-official"):
            pairs = [(a, b) for a, b in pairs if b is not None and _official(b)]
        kept = [
            (a, b)
            for a, b in pairs
            if (_political(a) or (_named_party(a) and b is not None and _political(b)))
        ]
        # a target that was the source's own state leaves the event aimed at no one named
        # (checked after "needs-target": the sentence did aim it)
        return _without_own_targets(kept, hit.token.doc)

    def _referred_targets(
        self,
        hit: Hit,
        sources: list[ActorRef],
        finder: ActorFinder,
        told: tuple[ToldEvents, int],
    ) -> list[ActorRef]:
        """For a verb aimed at an event told before ("condemned the strikes", "supported the
        operation"): the doers of that event, when the sentence names no target itself."""
        if hit.kind != "verb":
            return []
        own = {s.actor.canonical for s in sources}
        for c in hit.token.children:
            nouns = [c] if c.dep_ == "dobj" else []
            if c.dep_ == "prep" and c.lower_ in _REFERRING_PREPOSITIONS:
                nouns = [p for p in c.children if p.dep_ == "pobj"]
            for noun in nouns:
                found = told[0].referred_sources(noun, finder.lemma(noun), told[1])
                found = [r for r in found if r.actor.canonical not in own]
                if found:
                    return found
        return []

    def _commercial(self, hit: Hit, finder: ActorFinder) -> bool:
        """Whether the trigger acts on a market instrument ("offered shares", "accepted bids")."""
        for holder in {hit.token, hit.anchor}:
            for c in holder.children:
                if c.dep_ in ("dobj", "nsubjpass") and self.ontology.is_marker(
                    finder.lemma(c), "commerce"
                ):
                    return True
                if c.dep_ in ("dobj", "nsubjpass") and any(
                    self.ontology.is_marker(finder.lemma(m), "commerce")
                    for m in c.lefts
                    if m.dep_ == "compound"
                ):
                    return True
        return False

    def _calamity_warning(self, hit: Hit, rule: TriggerRule, finder: ActorFinder) -> bool:
        """Whether a threat is only a warning of a calamity ("U.N. warns of famine"): no one
        threatens to act."""
        if self.ontology.cameo[rule.cameo].type != "THREATEN" or hit.kind != "verb":
            return False
        return any(
            c.dep_ == "prep"
            and c.lower_ in ("of", "about")
            and any(
                p.dep_ == "pobj" and self.ontology.is_marker(finder.lemma(p), "calamity")
                for p in c.children
            )
            for c in hit.token.children
        )

    def _location(
        self,
        hit: Hit,
        target: ActorRef | None,
        finder: ActorFinder,
        quad: str,
        mode: str | None,
    ) -> str | None:
        """The place an "in/at" phrase names; else a place acted on or visited ("shelled Juba")."""
        holders = self.sides.event_holders(hit)
        if target is not None and target.token >= 0:
            holders.append(hit.token.doc[target.token])
        for holder in holders:
            name = finder.place_name(holder)
            if name is not None:
                return name
        acted_on = quad.startswith("material") or mode == "visit"
        if acted_on and target is not None and target.label in ("GPE", "LOC", "FAC"):
            return target.actor.canonical if target.via == "direct" else None
        return None

    def _trigger_text(self, hit: Hit) -> str:
        """The words that say the event happened: "visit", "called on", "carried out strikes"."""
        token = hit.token
        if hit.kind == "demand":
            return token.text if token.dep_ == "aux" else hit.anchor.text  # "must", "told"
        if hit.kind == "support":
            return f"{hit.anchor.text} {token.text}" if hit.anchor.i < token.i else token.text
        particles = [c.text for c in token.children if c.dep_ == "prt"]
        return " ".join([token.text, *particles])


# An event with the weaknesses its confidence was read from.
Explained = tuple[Event, frozenset[str]]


class _Coding(NamedTuple):
    """What a trigger is coded as: CAMEO code, PLOVER type and mode, status, the type itself."""

    cameo: str
    type_name: str
    mode: str | None
    status: str
    event_type: EventType


def _all_coded(pairs: Sequence[tuple[ActorRef, ActorRef | None]]) -> bool:
    """Whether every pair has a source and a target coded by country or as an IGO."""
    return all(
        (a.actor.code or a.actor.sector == "IGO")
        and b is not None
        and (b.actor.code or b.actor.sector == "IGO")
        for a, b in pairs
    )


def _political(ref: ActorRef) -> bool:
    """Whether an actor is a country's, an international body or a political, armed or legal
    one: what event data is about (a company offering shares is not)."""
    return bool(ref.actor.code) or ref.actor.sector in POLITICAL_SECTORS


def _named_party(ref: ActorRef) -> bool:
    """A named person or body of no known country that is not a business: it may act on a
    country ("Putin offered to negotiate with Armenia's president")."""
    return ref.label in ("PERSON", "ORG") and ref.actor.sector != "BUS"


def _force_sector(ref: ActorRef, type_name: str) -> Actor:
    """A bare country using force is its military."""
    sector = FORCE_TYPES_SECTOR.get(type_name)
    a = ref.actor
    if sector and a.sector is None and a.code:
        return Actor(a.text, a.canonical, a.code, sector)
    return a


def _own_forces(source: ActorRef, target: ActorRef | None, doc: Doc) -> bool:
    """Whether the target is the source's own state acting for it: a leader warning that his
    own troops will advance, or that his country could expand its operations, threatens
    someone else. (A state acting on itself as a place — "declared a state of siege in
    Haiti" — is PLOVER's domestic event, aimed at the country.)"""
    if target is None or not source.actor.code or source.actor.code != target.actor.code:
        return False
    own = target.actor.sector in _OWN_FORCES or (
        target.actor.sector is None
        and target.label in _COUNTRY_LABELS
        and target.token >= 0
        and doc[target.token].dep_ in _SUBJECT_DEPS
    )
    return source.actor.sector in _STATE_SECTORS and own


def _without_own_targets(
    pairs: list[tuple[ActorRef, ActorRef | None]], doc: Doc
) -> list[tuple[ActorRef, ActorRef | None]]:
    """The pairs with no state aimed at itself; a source left with no target keeps its event
    with none ("Gallant warned that Israel could expand its operations": aimed at no one
    named)."""
    kept = [(a, b) for a, b in pairs if not _own_forces(a, b, doc)]
    for a, b in pairs:
        if _own_forces(a, b, doc) and not any(k[0] is a for k in kept):
            kept.append((a, None))
    return kept


def _official(ref: ActorRef) -> bool:
    return ref.label in ("PERSON", "ORG", "GPE") or ref.actor.sector in _OFFICIAL_SECTORS


def _source_fits(rule: TriggerRule, ref: ActorRef) -> bool:
    """Whether a row's source sectors admit this actor."""
    if not rule.sources:
        return True
    a = ref.actor
    classes = {a.sector} if a.sector else set()
    # A country, its demonym or a named body with no sector word is the state acting; a
    # generic noun with no sector word ("Palestinian youths") is people, not the state.
    named_state = a.sector is None and ref.label in _STATE_LABELS
    if a.code and (a.sector in _STATE_SECTORS - {None} or named_state):
        classes.add("STATE")
    if a.sector not in _NOT_NONSTATE and (not named_state or ref.label == "NORP"):
        classes.add("NONSTATE")
    return bool(classes & rule.sources)


# How a target was found when it only says whose or where a discussed thing is: the owner of
# the object ("discussed the fighting on the sidelines of a summit in Uzbekistan") or a place.
_CIRCUMSTANTIAL_VIA = frozenset({"owner", "place"})


def _only_circumstantial(targets: list[ActorRef]) -> bool:
    """Whether every target came from whose or where the object is, not from a slot that
    names a side: then actors joined by "and" of a mutual verb are each other's sides."""
    return all(t.via in _CIRCUMSTANTIAL_VIA for t in targets)
