"""Finding triggers in a parsed sentence, and folding the ones that belong to another."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.attrs import POS, TAG
from spacy.tokens import Doc, Span, Token

from newsloom.analyze.events.actors import ActorFinder
from newsloom.analyze.events.ontology import EventOntology, TriggerRule

# The type a reported "must" makes ("Russia said Sudan must return the helicopter").
DEMAND_CAMEO = "100"
VERB_POS = frozenset({"VERB"})
NOUN_POS = frozenset({"NOUN", "PROPN"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "agent", "expl", "csubj"})


@dataclass
class Hit:
    """A trigger found in a sentence, before its sides are known."""

    token: Token  # the trigger word
    anchor: Token  # the verb that carries its subject and tense (the noun itself if nominal)
    rules: list[TriggerRule]
    kind: str  # "verb", "adj", "support" (noun under a light verb), "nominal", "demand"
    complement: list[Hit] = field(default_factory=list)
    target_token: Token | None = None  # for "demand": the subject of what must be done

    @property
    def intent(self) -> bool:
        """Whether the trigger frames the clause it governs."""
        return self.kind == "demand" or any(r.has("intent") for r in self.rules)


def trigger_candidates(doc: Doc) -> list[bool]:
    """For each token, whether `TriggerMatcher.match` can find anything there: a verb, a
    past participle, an adjective or a noun. Read from arrays, without a Token per token."""
    table = doc.to_array([POS, TAG])
    pos_ids = {doc.vocab.strings[p] for p in (*VERB_POS, "ADJ", *NOUN_POS)}
    vbn = doc.vocab.strings["VBN"]
    return [int(p) in pos_ids or int(t) == vbn for p, t in table.tolist()]


class TriggerMatcher:
    """Matches the ontology's trigger rows on tokens; one per ontology."""

    def __init__(self, ontology: EventOntology) -> None:
        self.ontology = ontology

    def match(self, token: Token, finder: ActorFinder) -> Hit | None:
        """The trigger rows a token fits by its words and grammar, with its anchor verb."""
        pos = token.pos_
        if pos in VERB_POS or token.tag_ == "VBN":
            adj = [r for r in self.ontology.rules(token.lower_, "adj") if self._adj_fits(token, r)]
            if adj and token.dep_ in ("acomp", "ROOT", "ccomp", "conj", "xcomp"):
                return Hit(token, token, adj, "adj")
            if pos in VERB_POS:
                rules = self._verb_rules(token, finder.lemma(token), finder)
                verb_lemma = self.ontology.verb_lemma(token.text)
                if not rules and verb_lemma != finder.lemma(token):
                    rules = self._verb_rules(token, verb_lemma, finder)  # "shot" as "shoot"
                return Hit(token, token, rules, "verb") if rules else None
            return None
        if pos == "ADJ":
            rules = [
                r for r in self.ontology.rules(token.lower_, "adj") if self._adj_fits(token, r)
            ]
            return Hit(token, token, rules, "adj") if rules else None
        if pos not in NOUN_POS:
            return None
        candidates = [
            r
            for r in self.ontology.rules(finder.lemma(token), "noun")
            if self._noun_words_fit(token, r, finder)
        ]
        if not candidates:
            return None
        governor = self._governor(token, finder)
        phrases = self._verb_phrases(governor, finder) if governor is not None else set()
        supported = [
            r
            for r in candidates
            if governor is not None
            and (
                phrases & r.with_
                if r.with_
                else any(self.ontology.is_marker(p, "support") for p in phrases)
            )
        ]
        if supported and governor is not None:
            return Hit(token, governor, supported, "support")
        nominal = [r for r in candidates if r.has("nominal")]
        return Hit(token, token, nominal, "nominal") if nominal else None

    def _verb_rules(self, token: Token, lemma: str, finder: ActorFinder) -> list[TriggerRule]:
        """The verb rows of a lemma that fit the token's particles and objects."""
        return [r for r in self.ontology.rules(lemma, "verb") if self._verb_fits(token, r, finder)]

    def _verb_fits(self, token: Token, rule: TriggerRule, finder: ActorFinder) -> bool:
        children = list(token.children)
        if rule.after and not _followed_by(token, rule.after):
            return False
        objects = [c for c in children if c.dep_ in ("dobj", "nsubjpass")]
        if rule.has("intransitive") and any(c.dep_ == "dobj" for c in children):
            return False
        if rule.has("needs-complement") and not any(c.dep_ in ("xcomp", "ccomp") for c in children):
            return False
        if not rule.with_:
            return True
        for prep in children:
            if prep.dep_ == "prep" and prep.lower_ in rule.after:
                objects.extend(c for c in prep.children if c.dep_ == "pobj")
        return any(self._object_words(o, finder) & rule.with_ for o in objects)

    def _object_words(self, obj: Token, finder: ActorFinder) -> set[str]:
        """An object's lemma, its modifiers' lemmas and its "of" noun ("state of emergency")."""
        words = set()
        for part in (obj, *obj.conjuncts):
            words.add(finder.lemma(part))
            words.update(
                finder.lemma(c) for c in part.lefts if c.dep_ in ("compound", "amod", "nmod")
            )
            for prep in part.rights:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    words.update(finder.lemma(c) for c in prep.children if c.dep_ == "pobj")
        return words

    def _adj_fits(self, token: Token, rule: TriggerRule) -> bool:
        children = list(token.children)
        if rule.has("needs-complement") and not any(c.dep_ in ("xcomp", "ccomp") for c in children):
            return False
        return any(c.dep_ in ("xcomp", "ccomp", "prep") for c in children)

    def _noun_words_fit(self, token: Token, rule: TriggerRule, finder: ActorFinder) -> bool:
        if rule.before:
            mods: set[str] = set()
            for c in token.lefts:
                if c.dep_ in ("compound", "amod", "nmod", "npadvmod"):
                    mods.update((c.lower_, finder.lemma(c)))
            if not all(w in mods for w in rule.before):
                return False
        if rule.after:
            prep_word, *rest = rule.after
            for prep in token.rights:
                if prep.dep_ == "prep" and prep.lower_ == prep_word:
                    pobjs = {finder.lemma(c) for c in prep.children if c.dep_ == "pobj"}
                    if all(w in pobjs for w in rest):
                        return True
            return False
        return True

    def _governor(self, noun: Token, finder: ActorFinder) -> Token | None:
        """The verb a noun is the object of, across "a series of" and "with" ("respond with")."""
        t = noun
        while (
            t.dep_ == "pobj"
            and t.head.lower_ == "of"
            and self.ontology.is_marker(finder.lemma(t.head.head), "container")
        ):
            t = t.head.head
        while t.dep_ == "conj" and t.head.pos_ in NOUN_POS:
            t = t.head
        if t.dep_ in ("dobj", "nsubjpass") and t.head.pos_ in VERB_POS:
            return t.head
        if (
            t.dep_ == "pobj"
            and t.head.dep_ == "prep"
            and t.head.head.pos_ in VERB_POS
            and t.head.lower_ in ("with", "for", "on", "into")
        ):
            return t.head.head  # "respond with attacks", "set for a visit", "go on strike"
        return None

    def _verb_phrases(self, verb: Token, finder: ActorFinder) -> set[str]:
        """A verb's lemma alone and with each particle or preposition ("carry out", "go on")."""
        lemma = finder.lemma(verb)
        phrases = {lemma}
        for c in verb.children:
            if c.dep_ in ("prt", "prep"):
                phrases.add(f"{lemma} {c.lower_}")
        return phrases

    def reported_demands(
        self, sent: Span, finder: ActorFinder, candidates: Sequence[bool] | None = None
    ) -> list[Hit]:
        """ "X said Y must ..." and "X told Y to ...": the speaker demands it of Y.

        candidates, from `trigger_candidates`, spares looking at tokens that are no verb."""
        hits = []
        doc = sent.doc
        for i in range(sent.start, sent.end):
            if candidates is not None and not candidates[i]:
                continue
            verb = doc[i]
            if verb.pos_ not in VERB_POS or not self.ontology.is_marker(
                finder.lemma(verb), "speech"
            ):
                continue
            for clause in verb.children:
                if clause.dep_ == "ccomp":
                    must = next(
                        (
                            a
                            for a in clause.children
                            if a.dep_ == "aux" and self.ontology.is_marker(a.lower_, "demand-aux")
                        ),
                        None,
                    )
                    subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
                    if must is not None and subject is not None:
                        hits.append(
                            Hit(must, verb, [self._demand_rule()], "demand", target_token=subject)
                        )
                elif clause.dep_ == "xcomp":
                    addressee = next(
                        (c for c in verb.children if c.dep_ in ("dobj", "dative")), None
                    )
                    if addressee is not None and finder.actors(addressee):
                        hits.append(
                            Hit(
                                clause,
                                verb,
                                [self._demand_rule()],
                                "demand",
                                target_token=addressee,
                            )
                        )
        return hits

    def _demand_rule(self) -> TriggerRule:
        row = self.ontology.cameo[DEMAND_CAMEO]
        return TriggerRule(
            "must",
            "verb",
            "must",
            (),
            (),
            DEMAND_CAMEO,
            row.type,
            row.mode,
            frozenset(),
            ("complement",),
            frozenset({"intent", "needs-target"}),
            frozenset(),
        )

    def frame(self, hits: list[Hit]) -> list[Hit]:
        """Fold hits into the hit they belong to; what is left are the sentence's events.

        An intent frames what it governs ("threatened to impose sanctions" is one THREATEN);
        a verb trigger codes the noun it governs ("called off a strike" is not a strike); an
        infinitive of purpose or a same-family consequence belongs to its main event
        ("began a hunger strike to protest", "shelled Juba, killing 20").
        """
        # a verb only the broad lexicon knows does not swallow the noun it governs: "converged
        # for a rally" is the rally
        verbs = {
            h.token.i
            for h in hits
            if h.kind in ("verb", "adj") and not all(r.has("lexicon") for r in h.rules)
        }
        framed: set[int] = set()
        for hit in hits:
            if hit.kind == "support" and hit.anchor.i in verbs:
                framed.add(id(hit))
        for hit in sorted(hits, key=lambda h: len(list(h.anchor.ancestors))):
            if id(hit) in framed:
                continue
            region = self._complement_region(hit) if hit.intent else set()
            for inner in hits:
                if inner is hit or id(inner) in framed or _paragraph_between(hit, inner):
                    continue
                if inner.token.i in region or self._belongs(inner, hit):
                    framed.add(id(inner))
                    hit.complement.append(inner)
        return [h for h in hits if id(h) not in framed]

    def _belongs(self, inner: Hit, main: Hit) -> bool:
        """Whether a hit is a purpose or a same-family consequence of the main hit's clause."""
        clause = inner.anchor if inner.kind != "nominal" else inner.token
        if clause.head.i not in (main.token.i, main.anchor.i):
            return False
        if clause.dep_ == "xcomp" and self.ontology.is_marker(
            self.ontology.lemma(main.anchor.lemma_ or main.anchor.text), "errand"
        ):
            # "summoned the ambassador to protest": the protest is what the summons is for
            return clause.tag_ == "VB"
        if clause.dep_ != "advcl":
            return False
        if clause.tag_ == "VB" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in clause.children
        ):
            return True  # "began a hunger strike to protest ..."
        if clause.tag_ == "VBG" and not any(c.dep_ == "mark" for c in clause.children):
            family = self.ontology.event_type(main.rules[0].type).family
            return family == self.ontology.event_type(inner.rules[0].type).family
        return False

    def _complement_region(self, hit: Hit) -> set[int]:
        """Tokens of what an intent governs: its objects and clauses, not subject or conjuncts."""
        if hit.kind == "demand":  # what must be done: the clause of "must", or "to ..."
            clause = hit.token.head if hit.token.dep_ == "aux" else hit.token
            return {t.i for t in clause.subtree}
        region: set[int] = set()
        roots = [hit.token]
        if hit.kind == "support":
            roots.append(hit.anchor)
        for root in roots:
            for child in root.children:
                if child.dep_ in (*_SUBJECT_DEPS, "conj", "cc", "punct", "aux", "neg"):
                    continue
                if child.dep_ == "advcl" and child.i < root.i:
                    continue
                region.update(t.i for t in child.subtree)
        return region


def _paragraph_between(a: Hit, b: Hit) -> bool:
    """Whether a blank line lies between two hits: a headline the parser ran into the lead
    frames nothing in it."""
    doc = a.token.doc
    low, high = sorted((a.token.i, b.token.i))
    return any(t.is_space and "\n\n" in t.text for t in doc[low:high])


def _followed_by(token: Token, words: tuple[str, ...]) -> bool:
    """Whether the verb carries these particles: right after it, adverbs aside ("pushing hard
    for"), or as a particle after its object ("forced the agency out")."""
    loose = {
        c.lower_
        for c in token.rights
        if c.dep_ == "prt" or (c.dep_ == "prep" and not any(g.dep_ == "pobj" for g in c.children))
    }
    if all(w in loose for w in words):
        return True
    doc = token.doc
    i = token.i + 1
    for word in words:
        while i < len(doc) and doc[i].pos_ == "ADV" and doc[i].lower_ != word:
            i += 1
        if i >= len(doc) or doc[i].lower_ != word:
            return False
        i += 1
    return True
