"""Shows of force are MOBILIZE, not FIGHT: drills, war games, weapon tests, missiles into the sea.

CAMEO's 15x codes ("exhibit force posture": 150 demonstrate military power, 151-154 raise
alert, mobilise) map to PLOVER's MOBILIZE. A state that "surrounded the island with warships
in drills", "test-fired a missile" or launched one that "landed in the sea" used no force on
anyone; the verbs that tell it ("surround", "launch", "fire") are the same as an attack's,
so what decides is what the clause says around them: an exercise, a test, open water and no
target.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from newsloom.analyze.events.actors import ActorFinder
from newsloom.analyze.events.match import Hit
from newsloom.analyze.events.refs import ActorRef

# CAMEO 150: demonstrate military or police power (PLOVER MOBILIZE).
SHOW_OF_FORCE_CAMEO = "150"
# The CAMEO families a show of force is told with: fighting, unconventional violence,
# coercion ("surrounded"), and military cooperation ("staged war games").
_FORCE_FAMILIES = ("19", "18", "17", "062")
# Military cooperation: joint exercises (CAMEO 062).
_COOPERATION = "062"
# Prepositions that aim a drill at someone ("war games around Taiwan", "drills near Norway").
_AIMED_PREPOSITIONS = frozenset({"around", "near", "off", "against", "encircling"})
# Weapon launches (fire artillery, launch missiles): a show of force when they hit no one.
_LAUNCH_CAMEOS = frozenset({"194", "195"})
# Prepositions that put an act inside an exercise ("in drills", "during war games").
_FRAME_PREPOSITIONS = frozenset({"in", "during", "as", "for", "of"})
# Prepositions of where a launched weapon ends ("landed in the sea", "into the ocean").
_WATER_PREPOSITIONS = frozenset({"in", "into", "off"})
# "war games": the head "game" is a drill only with "war" before it.
_WAR_GAME = ("war", "game")


def show_of_force_cameo(cameo: str, hit: Hit, target: ActorRef | None, finder: ActorFinder) -> str:
    """CAMEO 150 for a use of force that the clause tells as a drill or test; else the code."""
    if cameo == SHOW_OF_FORCE_CAMEO and _partnered_drill(hit, finder):
        return _COOPERATION  # "held exercises with Belarus": military cooperation
    if not cameo.startswith(_FORCE_FAMILIES):
        return cameo
    if cameo.startswith(_COOPERATION) and not _aimed_drill(hit):
        # drills with a partner ("joint drills", "exercises with the US") are military
        # cooperation (CAMEO 062); only drills held around or near someone show force
        return cameo
    if _in_drill(hit, finder) or _tested(hit, finder):
        return SHOW_OF_FORCE_CAMEO
    if cameo in _LAUNCH_CAMEOS and target is None and _into_water(hit, finder):
        return SHOW_OF_FORCE_CAMEO
    return cameo


def is_drill(noun: Token, finder: ActorFinder) -> bool:
    """Whether a noun names a military exercise ("drills", "exercises", "war games")."""
    lemma = finder.lemma(noun)
    if finder.ontology.is_marker(lemma, "drill"):
        return True
    if lemma == _WAR_GAME[1]:
        return any(c.dep_ == "compound" and c.lower_ == _WAR_GAME[0] for c in noun.lefts)
    return False


def _holders(hit: Hit) -> list[Token]:
    """The trigger and the verb that carries it."""
    return list({hit.token.i: hit.token, hit.anchor.i: hit.anchor}.values())


def _partnered_drill(hit: Hit, finder: ActorFinder) -> bool:
    """Whether the trigger is a drill held with a partner ("joint", "with")."""
    if not is_drill(hit.token, finder):
        return False
    if any(c.lower_ == "joint" for c in hit.token.lefts):
        return True
    return any(c.dep_ == "prep" and c.lower_ == "with" for h in _holders(hit) for c in h.children)


def _aimed_drill(hit: Hit) -> bool:
    """Whether a drill is held around, near or against someone, by no partner beside."""
    token = hit.token
    if any(c.lower_ == "joint" for c in token.lefts):
        return False
    preps = {c.lower_ for h in _holders(hit) for c in h.children if c.dep_ == "prep"}
    return bool(preps & _AIMED_PREPOSITIONS) and "with" not in preps


def _in_drill(hit: Hit, finder: ActorFinder) -> bool:
    """Whether the trigger is a drill noun or its clause puts it inside one."""
    if is_drill(hit.token, finder):
        return True
    for holder in _holders(hit):
        for prep in holder.children:
            if prep.dep_ != "prep" or prep.lower_ not in _FRAME_PREPOSITIONS:
                continue
            if any(is_drill(p, finder) for p in _pobjs(prep)):
                return True
    return False


def _pobjs(prep: Token) -> Iterator[Token]:
    """A preposition's objects, through "as part of"."""
    for p in prep.children:
        if p.dep_ != "pobj":
            continue
        yield p
        for inner in p.children:
            if inner.dep_ == "prep" and inner.lower_ == "of":
                yield from (q for q in inner.children if q.dep_ == "pobj")


def _tested(hit: Hit, finder: ActorFinder) -> bool:
    """Whether the launch is a test: "test-fired", "a test launch", "missile test"."""
    ontology = finder.ontology
    for holder in _holders(hit):
        words = [holder, *(c for c in holder.children if c.dep_ in ("compound", "amod"))]
        for obj in holder.children:
            if obj.dep_ in ("dobj", "nsubjpass"):
                words.extend(c for c in obj.children if c.dep_ in ("compound", "amod"))
        if any(ontology.is_marker(finder.lemma(w), "weapon-test") for w in words):
            return True
        before = holder.doc[max(holder.i - 2, 0) : holder.i]
        if len(before) == 2 and before[1].text == "-" and before[0].lower_ == "test":
            return True  # "test-fired", split as "test - fired"
    return False


def _into_water(hit: Hit, finder: ActorFinder) -> bool:
    """Whether the weapon's path, told in its sentence, ends in open water."""
    for token in hit.anchor.sent:
        if token.dep_ != "prep" or token.lower_ not in _WATER_PREPOSITIONS:
            continue
        if any(finder.ontology.is_marker(finder.lemma(p), "water") for p in _pobjs(token)):
            return True
    return False
