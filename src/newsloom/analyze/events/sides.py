"""The sides of a trigger's event: who acts, through subjects and control, and whom it aims at."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from newsloom.analyze.events.actors import ActorFinder
from newsloom.analyze.events.forces import ARMED_GROUP_SECTOR
from newsloom.analyze.events.match import VERB_POS, Hit
from newsloom.analyze.events.ontology import EventOntology, TriggerRule
from newsloom.analyze.events.refs import ActorRef
from newsloom.model import Actor

# Conjoined actors beyond this many are listed, not acted: "the US, UK, France, ... agreed".
MAX_ACTORS_PER_SIDE = 4
# Where the target of an untriggered complement clause is looked for ("refused to deploy
# peacekeepers in Iraq": the clause's object, then whom it is aimed at, then its place).
COMPLEMENT_SLOTS = (
    "dative",
    "dobj",
    "prep:against",
    "prep:on",
    "prep:at",
    "prep:to",
    "prep:into",
    "prep:with",
    "prep:from",
    "place",
)
# Types whose "in" phrase is the venue, not a side: meetings and talks, and the agreements and
# endorsements made there ("agree truce in Doha" is not aimed at Qatar).
MEETING_TYPES = frozenset({"CONSULT", "AGREE", "SUPPORT"})
_RECIPROCAL_SECOND = frozenset({"other", "another", "other's", "another's"})
# A state's own organs: when they are the subject of what the state warns or promises, they act
# for it and are not its target.
OWN_FORCE_SECTORS = frozenset({"GOV", "MIL", "COP"})
# The type whose "against" phrase may stand in a clause on the trigger ("chanting slogans
# against ...").
PROTEST_TYPE = "PROTEST"
# Types whose object is what is offered or given, never a side when it is troops.
GIVING_TYPES = frozenset({"AGREE", "AID"})
# A stand-in source for looking up a folded clause's target when it has no source of its own.
_NOBODY = ActorRef(Actor("", "", None, None), -1, None, "none")


class SideFinder:
    """Finds the source and target actors of hits; one per ontology."""

    def __init__(self, ontology: EventOntology) -> None:
        self.ontology = ontology

    def sources(self, hit: Hit, finder: ActorFinder) -> list[ActorRef]:
        """Who acts: the subject, the "by" agent, or for a noun its possessor or demonym."""
        if hit.kind == "nominal":
            refs = self._nominal_sources(hit.token, finder)
        else:
            refs = self._subjects(hit.anchor, finder, raising=hit.kind == "adj")
            if (
                not refs
                and any(r.has("place-source") for r in hit.rules)
                and self._passive(hit.anchor)
            ):
                refs = [r for r in finder.place_in(hit.anchor) if r.actor.code]
                refs = [
                    ActorRef(
                        Actor(r.actor.text, r.actor.canonical, r.actor.code, "GOV"),
                        r.token,
                        r.label,
                        "place",
                    )
                    for r in refs
                ]
        refs = [r for r in self.placed(refs, hit, finder) if _is_actor(r)]
        return [_as_source(r) for r in refs[:MAX_ACTORS_PER_SIDE]]

    def placed(self, refs: list[ActorRef], hit: Hit, finder: ActorFinder) -> list[ActorRef]:
        """People of no stated country ("ethnic Turks", "people", "workers") take the country
        the event happens in; an ethnic group with no place keeps its demonym's country."""
        if not any(_placeable(r) for r in refs):
            return refs
        holders = self.event_holders(hit)
        if any(r.type in MEETING_TYPES for r in hit.rules[:1]):
            holders = []  # where talks are held says nothing of who talks
        if hit.anchor.dep_ in ("advcl", "conj", "xcomp"):
            # "protesters gathered in Yerevan, demanding ...": the place of the clause whose
            # subject the trigger shares
            holders.append(hit.anchor.head)
        places = [p for t in holders for p in finder.place_in(t) if p.actor.code]
        placed = []
        for r in refs:
            code = places[0].actor.code if places else r.fallback_code
            if r.actor.sector == ARMED_GROUP_SECTOR and not places:
                # a group of no country acts at home: the article's country, else the
                # dateline's when the headline or lead names it ("PEMBA, Mozambique - ...")
                code = finder.forces.home or finder.forces.force_home
            if _placeable(r) and code:
                a = r.actor
                r = ActorRef(Actor(a.text, a.canonical, code, a.sector), r.token, r.label, "place")
            placed.append(r)
        return placed

    def event_holders(self, hit: Hit) -> list[Token]:
        """The trigger, its anchor verb and the verb's object: where an event's place may hang."""
        holders = [hit.token] + ([hit.anchor] if hit.anchor.i != hit.token.i else [])
        holders.extend(c for c in hit.anchor.children if c.dep_ == "dobj" and c.i != hit.token.i)
        return holders

    def _subjects(
        self, verb: Token, finder: ActorFinder, depth: int = 0, raising: bool = False
    ) -> list[ActorRef]:
        """The actors a verb's subject names, inherited through control and coordination."""
        children = list(verb.children)
        own = self._own_subjects(verb, children, finder, raising)
        if own is not None:
            return own
        if any(c.dep_ == "nsubjpass" for c in children) or depth > 4 or verb.head.i == verb.i:
            return []
        return self._inherited_subjects(verb, children, finder, depth)

    def _own_subjects(
        self, verb: Token, children: list[Token], finder: ActorFinder, raising: bool
    ) -> list[ActorRef] | None:
        """The actors the verb's own subject or "by" agent names; None if it has neither."""
        for c in children:
            if c.dep_ == "nsubj" or (raising and c.dep_ == "nsubjpass"):
                # raising: the subject of "is set to visit", "is expected to attack"
                if c.pos_ == "VERB":  # "The aid agency working in Sudan said": parsed as a clause
                    c = next((g for g in c.children if g.dep_ == "nsubj"), c)
                refs = finder.actors(c)
                if not refs and c.i in finder.dateline_tokens:
                    continue  # "BAMAKO, March 14 - Malian troops clashed": the next subject
                if all(r.via == "uncoded" or _pronoun_owned(r, c) for r in refs):
                    # "its envoy", "its F-16 jets": whose they are the pronoun says
                    refs = self._antecedent(c, verb, finder) or refs
                return refs
            if c.dep_ == "agent":
                return [r for p in c.children if p.dep_ == "pobj" for r in finder.actors(p)]
        return None

    def _inherited_subjects(
        self, verb: Token, children: list[Token], finder: ActorFinder, depth: int
    ) -> list[ActorRef]:
        """The subject a verb without one takes from the verb or noun it hangs from."""
        head = verb.head
        if verb.dep_ == "xcomp":
            controller = next((c for c in head.children if c.dep_ in ("dobj", "dative")), None)
            if controller is not None and not finder.ontology.is_marker(
                finder.lemma(head), "errand"
            ):
                return finder.actors(controller)
            return self._subjects(head, finder, depth + 1, raising=True)
        if verb.dep_ == "relcl":
            return finder.actors(head)
        if verb.dep_ == "acl" and verb.tag_ == "VBN":
            return []  # "the curfew imposed in Sudan": the noun is what was acted on
        if verb.dep_ == "acl":
            return finder.actors(head) or (
                self._subjects(head.head, finder, depth + 1) if head.dep_ == "dobj" else []
            )
        if verb.dep_ == "acomp":
            return self._subjects(head, finder, depth + 1, raising=True)
        if verb.dep_ in ("conj", "advcl", "pcomp") and head.pos_ in VERB_POS | {"ADP"}:
            target = head if head.pos_ in VERB_POS else head.head
            if verb.dep_ == "advcl" and any(c.dep_ == "mark" for c in children):
                return []
            return self._subjects(target, finder, depth + 1, raising=verb.dep_ == "conj")
        return []

    def _antecedent(self, pronoun: Token, verb: Token, finder: ActorFinder) -> list[ActorRef]:
        """What "it"/"they" stands for: the subject of the clause that reports or frames it;
        for "its envoy", "their troops", that subject's envoy or troops."""
        owner = next(
            (c for c in pronoun.children if c.dep_ == "poss" and c.lower_ in ("its", "their")),
            None,
        )
        if owner is not None and pronoun.pos_ == "NOUN":
            sector = finder.np_sector(pronoun)
            return [
                ActorRef(
                    Actor(finder.phrase_text(pronoun), r.actor.canonical, r.actor.code, sector),
                    r.token,
                    r.label,
                    "pronoun",
                )
                if sector and r.actor.sector != "IGO"
                else r
                for r in self._antecedent_of(verb, finder)
            ]
        if pronoun.lower_ not in ("it", "they", "he", "she"):
            return []
        return self._antecedent_of(verb, finder) or self._previous_person(pronoun, finder)

    def _previous_person(self, pronoun: Token, finder: ActorFinder) -> list[ActorRef]:
        """For "he"/"she" opening a sentence: the person the sentence before, in the same
        paragraph, has as its subject ("President Vucic told reporters ... He accused ...")."""
        if pronoun.lower_ not in ("he", "she") or pronoun.head.dep_ != "ROOT":
            return []
        sent = pronoun.sent
        if sent.start == 0:
            return []
        doc = pronoun.doc
        before = doc[sent.start - 1].sent
        if any(t.is_space and "\n\n" in t.text for t in doc[before.start : sent.start]):
            return []
        subject = next((c for c in before.root.children if c.dep_ == "nsubj"), None)
        if subject is None:
            return []
        refs = [r for r in finder.actors(subject) if r.label == "PERSON"]
        return [ActorRef(r.actor, r.token, r.label, "pronoun", r.is_city) for r in refs[:1]]

    def _antecedent_of(self, verb: Token, finder: ActorFinder) -> list[ActorRef]:
        """The subject of the nearest clause above the verb that reports or frames it."""
        t = verb
        while t.dep_ in ("ccomp", "xcomp", "advcl", "conj") and t.head.i != t.i:
            t = t.head
            subject = next(
                (c for c in t.children if c.dep_ == "nsubj" and c.i not in finder.dateline_tokens),
                None,
            )  # "ADEN, Feb 20 - Yemen's Houthi movement said it had struck": not the dateline
            if subject is not None and subject.pos_ != "PRON":
                # "both armies said they had killed ...": still the pair, acting on each other
                return [
                    ActorRef(r.actor, r.token, r.label, _referred_via(r), r.is_city)
                    for r in finder.actors(subject)
                ]
        return []

    def _passive(self, verb: Token) -> bool:
        return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)

    def _nominal_sources(self, noun: Token, finder: ActorFinder) -> list[ActorRef]:
        """The doer a noun names: "Iran's strikes", "Iranian strikes", "strikes by Iran"."""
        for child in noun.lefts:
            if child.dep_ in ("poss", "amod", "compound", "nmod"):
                refs = [r for r in finder.actors(child) if r.actor.code]
                if refs:
                    return refs
        for prep in noun.rights:
            if prep.dep_ in ("prep", "agent") and prep.lower_ == "by":
                return [r for p in prep.children if p.dep_ == "pobj" for r in finder.actors(p)]
        for prep in noun.rights:
            if prep.dep_ == "prep" and prep.lower_ == "between":
                return [r for p in prep.children if p.dep_ == "pobj" for r in finder.actors(p)]
        return []

    def targets(
        self, hit: Hit, rule: TriggerRule, sources: list[ActorRef], finder: ActorFinder
    ) -> list[ActorRef]:
        """Whom the event is aimed at, by the row's slots in order: the first with one wins."""
        exclude = {(s.actor.code, s.actor.canonical) for s in sources}
        source_code = sources[0].actor.code
        if hit.kind == "demand" and hit.target_token is not None:
            return self._kept(finder.actors(hit.target_token, source_code), exclude, hit, finder)
        found = self._slot_targets(hit, rule, finder, source_code, exclude)
        if found:
            return found
        if hit.kind == "nominal" and hit.token.dep_ in ("nsubj", "nsubjpass"):
            found = self._aimed_targets(hit, finder, source_code, exclude)
            if found:
                return found
        return self._fallback_targets(hit, finder, source_code, exclude)

    def _slot_targets(
        self,
        hit: Hit,
        rule: TriggerRule,
        finder: ActorFinder,
        source_code: str | None,
        exclude: set[tuple[str | None, str]],
    ) -> list[ActorRef]:
        """The targets the first of the row's slots that has any names."""
        owners = [hit.token] + ([hit.anchor] if hit.anchor.i != hit.token.i else [])
        for slot in rule.target:
            for candidates in self._slot_actors(hit, (rule, slot), owners, finder, source_code):
                found = self._kept(candidates, exclude, hit, finder)
                if found:
                    return found
        return []

    def _slot_actors(
        self,
        hit: Hit,
        slot: tuple[TriggerRule, str],
        owners: list[Token],
        finder: ActorFinder,
        source_code: str | None,
    ) -> Iterator[list[ActorRef]]:
        """The actors one of a row's slots names, phrase by phrase, in order."""
        rule, name = slot
        if name == "prep:against" and rule.type == PROTEST_TYPE:
            yield self._against_beside(owners, finder)
        for token in self._slot_tokens(hit, name, owners):
            if not (name == "dobj" and _given_force(rule, token, finder)):
                yield finder.owner(token, source_code)
        if name == "complement":
            yield self._complement_targets(hit, finder, source_code)
        if name == "place" and not any(r.type in MEETING_TYPES for r in hit.rules[:1]):
            for holder in self.event_holders(hit):
                yield finder.place_in(holder)

    def _against_beside(self, owners: list[Token], finder: ActorFinder) -> list[ActorRef]:
        """What a protest is against, said in a clause on it: "rallied in Sanaa, chanting
        slogans against the United States" is aimed at the United States, not Yemen."""
        clauses = [c for o in owners for c in o.children if c.dep_ in ("advcl", "xcomp")]
        holders = clauses + [d for c in clauses for d in c.children if d.dep_ == "dobj"]
        found: list[ActorRef] = []
        for holder in holders:
            for prep in holder.children:
                if prep.dep_ == "prep" and prep.lower_ == "against":
                    for p in prep.children:
                        if p.dep_ == "pobj":
                            found.extend(r for r in finder.actors(p) if r.actor.code)
        return found

    def _aimed_targets(
        self,
        hit: Hit,
        finder: ActorFinder,
        source_code: str | None,
        exclude: set[tuple[str | None, str]],
    ) -> list[ActorRef]:
        """For a noun trigger that is its verb's subject: what the verb hits or aims at."""
        # e.g. a country's strikes "aimed at a group" of another country
        # "Iranian strikes hit a village in Pakistan"
        verb = hit.token.head
        for c in verb.children:
            aimed = c.dep_ == "prep" and c.lower_ in ("at", "against", "on")
            for p in (
                [c] if c.dep_ == "dobj" else [g for g in c.children if aimed and g.dep_ == "pobj"]
            ):
                found = self._kept(finder.owner(p, source_code), exclude, hit, finder)
                if found:
                    return found
        return self._kept(finder.place_in(verb), exclude, hit, finder)

    def _fallback_targets(
        self,
        hit: Hit,
        finder: ActorFinder,
        source_code: str | None,
        exclude: set[tuple[str | None, str]],
    ) -> list[ActorRef]:
        """When the row's slots find no one: whose the object is, where it is, or whom the
        purpose clause aims at ("began a hunger strike to protest President Assad's ...").
        Where a meeting is held is no side of it: "resumed talks in Caracas" aims at no one."""
        venue = not any(r.type in MEETING_TYPES for r in hit.rules[:1])
        for holder in self.event_holders(hit)[1 if hit.kind in ("support", "nominal") else 0 :]:
            if holder.i == hit.anchor.i and hit.kind == "verb":
                continue
            # only an owner with a country: "deployed troops" aims at no one
            found = [
                r
                for r in self._kept(
                    finder.owner(holder, source_code, venue=venue), exclude, hit, finder
                )
                if r.actor.code
            ]
            if found and holder.i != hit.token.i:
                return found
        if hit.kind in ("support", "nominal"):
            found = self._kept(
                finder.owner(hit.token, source_code, venue=venue), exclude, hit, finder
            )
            if any(r.token != hit.token.i and r.actor.code for r in found):
                return found
        for inner in hit.complement:
            if self._circumstance(inner, hit):
                continue  # "agreed to a ceasefire after talks mediated by Qatar": not Qatar
            if inner.rules and inner.kind != "demand":
                inner_sources = self.sources(inner, finder) or []
                found = self._kept(
                    self.targets(inner, inner.rules[0], inner_sources or [_NOBODY], finder),
                    exclude,
                    hit,
                    finder,
                )
                if found:
                    return found
        return []

    def _circumstance(self, inner: Hit, hit: Hit) -> bool:
        """Whether a folded hit sits in an "after/since/amid ..." phrase or clause of the
        main one: when or why it happened, not what it is aimed at."""
        t = inner.token
        while t.head.i != t.i and t.i not in (hit.token.i, hit.anchor.i):
            mark = t if t.dep_ == "prep" else None
            if t.dep_ == "advcl":
                mark = next((c for c in t.children if c.dep_ == "mark"), None)
            if mark is not None and self.ontology.is_marker(mark.lower_, "background"):
                return True
            t = t.head
        return False

    def _slot_tokens(self, hit: Hit, slot: str, owners: list[Token]) -> list[Token]:
        tokens: list[Token] = []
        for owner in owners:
            passive = self._passive(owner)
            for c in owner.children:
                if slot == "dobj" and (c.dep_ == "dobj" or (passive and c.dep_ == "nsubjpass")):
                    if c.i != hit.token.i:
                        tokens.append(c)
                elif slot == "dative" and c.dep_ == "dative":
                    tokens.append(c)
                elif (
                    slot.startswith("prep:")
                    and c.dep_ in ("prep", "dative")
                    and c.lower_ == slot[5:]
                ):
                    # "with help from clan militias" names an ally, not whom it is aimed at
                    tokens.extend(
                        p
                        for p in c.children
                        if p.dep_ == "pobj"
                        and not self.ontology.is_marker(self.ontology.lemma(p.lower_), "ally-noun")
                    )
                elif slot == "owner" and c.dep_ == "dobj" and c.i != hit.token.i:
                    tokens.append(c)
                elif (
                    slot == "owner"
                    and c.dep_ == "prep"
                    and hit.rules
                    and c.lower_ in hit.rules[0].after
                ):
                    tokens.extend(p for p in c.children if p.dep_ == "pobj")
        if slot == "owner" and hit.kind in ("support", "nominal"):
            tokens.extend(c for c in hit.token.rights if c.dep_ == "prep")
        return tokens

    def _complement_targets(
        self, hit: Hit, finder: ActorFinder, source_code: str | None
    ) -> list[ActorRef]:
        """The target of the clause an intent governs, or that clause's own subject."""
        holders = [hit.token]
        for c in hit.token.children:
            if c.dep_ in ("dobj", "dative"):
                holders.append(c)  # "issued a declaration demanding that ..."
            elif c.dep_ == "prep":
                holders.extend(
                    p for p in c.children if p.dep_ == "pobj"
                )  # "insisted on demands that"
        for holder in holders:
            for clause in holder.children:
                found = self._clause_target(hit, clause, finder, source_code)
                if found:
                    return found
        return []

    def _clause_target(
        self, hit: Hit, clause: Token, finder: ActorFinder, source_code: str | None
    ) -> list[ActorRef]:
        """The subject of a complement clause, else the target its slots name."""
        verb = _clause_verb(clause)
        if verb is None:
            return []
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is not None:
            found = finder.actors(subject, source_code)
            # "warned that its troops would advance into Manbij": the speaker's own forces
            # act in the clause; whom they act on is the target
            own = source_code is not None and all(
                r.actor.code == source_code and r.actor.sector in OWN_FORCE_SECTORS for r in found
            )
            if found and not own:
                return found
        inner = next(
            (c for c in hit.complement if c.anchor.i == verb.i or c.token.i == verb.i), None
        )
        slots = tuple(
            dict.fromkeys(
                (*(inner.rules[0].target if inner is not None else ()), *COMPLEMENT_SLOTS)
            )
        )
        owners = [verb] if inner is None else [inner.token, inner.anchor]
        probe = inner or Hit(verb, verb, [], "verb")
        for slot in slots:
            found = self._clause_slot(hit, (probe, verb), slot, owners, finder, source_code)
            if found:
                return found
        return []

    def _clause_slot(
        self,
        hit: Hit,
        clause: tuple[Hit, Token],
        slot: str,
        owners: list[Token],
        finder: ActorFinder,
        source_code: str | None,
    ) -> list[ActorRef]:
        """The actors one slot of a complement clause (its hit and verb) names."""
        probe, verb = clause
        if slot == "complement":
            return []
        for token in self._slot_tokens(probe, slot, owners):
            if slot == "dobj" and hit.rules and _given_force(hit.rules[0], token, finder):
                continue  # "offered to send troops to the mission"
            found = finder.owner(token, source_code)
            if found:
                return found
        return finder.place_in(verb) if slot == "place" else []

    def _kept(
        self,
        refs: list[ActorRef],
        exclude: set[tuple[str | None, str]],
        hit: Hit,
        finder: ActorFinder,
    ) -> list[ActorRef]:
        """Targets that are actors and not the source, people of no country placed first."""
        refs = self.placed(refs, hit, finder)
        return [
            r for r in refs if _is_actor(r) and (r.actor.code, r.actor.canonical) not in exclude
        ][:MAX_ACTORS_PER_SIDE]

    def reciprocal(self, hit: Hit) -> bool:
        """Whether "each other" or "one another" sits in what the trigger governs."""
        for root in {hit.token, hit.anchor}:
            for t in root.subtree:
                following = t.doc[t.i + 1].lower_ if t.i + 1 < len(t.doc) else ""
                if (
                    self.ontology.is_marker(t.lower_, "reciprocal")
                    and following in _RECIPROCAL_SECOND
                ):
                    return True
        return False


def _given_force(rule: TriggerRule, token: Token, finder: ActorFinder) -> bool:
    """Whether an offer's or a gift's object is troops offered ("offered troops to the
    mission"): what is given, not whom it is given to."""
    if rule.type not in GIVING_TYPES or token.i in finder.entity_at:
        return False
    owned = any(c.dep_ == "poss" for c in token.children)
    return not owned and finder.np_sector(token) in OWN_FORCE_SECTORS


def _pronoun_owned(ref: ActorRef, head: Token) -> bool:
    """Whether an actor of no country is owned by "its"/"their" ("its F-16 jets")."""
    return not ref.actor.code and any(
        c.dep_ == "poss" and c.lower_ in ("its", "their") for c in head.children
    )


def _clause_verb(clause: Token) -> Token | None:
    """The verb of a complement clause: the clause itself, or what a preposition governs."""
    if clause.dep_ not in ("xcomp", "ccomp", "acl", "pcomp", "prep"):
        return None
    if clause.dep_ == "acl" and clause.tag_ == "VBN":
        return None  # "a letter signed in Los Angeles" describes the letter; it says no aim
    if clause.dep_ != "prep":
        return clause
    return next((c for c in clause.children if c.dep_ == "pcomp"), None)


def _placeable(ref: ActorRef) -> bool:
    """Whether the event's place may give an actor its country: people of no stated country,
    and armed groups of none ("the RSF attacked El Fasher")."""
    if ref.actor.code:
        return False
    return ref.via in ("ethnic", "uncoded") or ref.actor.sector == ARMED_GROUP_SECTOR


def _is_actor(ref: ActorRef) -> bool:
    """Whether a found actor says enough to stand as an event's side."""
    a = ref.actor
    return (
        bool(a.code) or a.sector in ("REB", "MIL", "IGO", "NGO") or ref.label in ("PERSON", "ORG")
    )


def _as_source(ref: ActorRef) -> ActorRef:
    """A city acting is its government ("Beirut rejected ...")."""
    if ref.is_city and ref.actor.sector is None:
        a = ref.actor
        return ActorRef(
            Actor(a.text, a.canonical, a.code, "GOV"), ref.token, ref.label, ref.via, True
        )
    return ref


def _referred_via(ref: ActorRef) -> str:
    """How an actor a pronoun stands for was found: a pair stays a pair."""
    return "pair" if ref.via == "pair" else "pronoun"
