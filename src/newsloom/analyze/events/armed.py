"""Violence aimed at an armed side is armed conflict: FIGHT, not ASSAULT.

PLOVER's FIGHT is force between organised armed actors; ASSAULT is violence against civilians
and the unarmed. CAMEO's rows choose by the attacker (a state's forces "attack" is 190, anyone
else's 180), so gunmen attacking a police station, jihadists killing soldiers or a drone strike
on a military base come out as ASSAULT. What decides is what is attacked: soldiers, police, an
armed group, or a thing of theirs (a base, a convoy, missiles).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from newsloom.analyze.events.actors import ActorFinder
from newsloom.analyze.events.match import Hit
from newsloom.analyze.events.refs import ActorRef

# Sectors of an armed side: armed forces, police and security services, armed groups.
ARMED_SECTORS = frozenset({"MIL", "COP", "REB"})
# Unconventional-violence CAMEO codes that are armed conflict when aimed at an armed side:
# attacks, beatings, killings, destruction. Bombings (CAMEO 183, "non-military bombing"),
# abductions, assassinations, torture and human shields stay ASSAULT whoever suffers them, as
# PLOVER's annotators code them ("guerrillas wounded two soldiers in a bomb attack").
# Occupying territory (192) is COERCE in PLOVER's table, but taking an armed side's base,
# post or position ("recaptured the base", "overran an army base") is a fight for it.
FIGHT_INSTEAD = {"180": "190", "182": "190", "1823": "190", "1712": "190", "192": "190"}
# Prepositions that name what an attack is aimed at ("an attack on a base").
_AIMED_PREPOSITIONS = frozenset({"on", "against", "at"})
# Prepositions that name an attack's means ("in a bomb attack", "with explosives").
_MEANS_PREPOSITIONS = frozenset({"in", "with", "by"})
# The CAMEO family of bombings: an attack carried out by one is ASSAULT.
BOMBING_CAMEO = "183"
_PLURAL_TAGS = frozenset({"NNS", "NNPS"})


def fight_cameo(cameo: str, hit: Hit, target: ActorRef | None, finder: ActorFinder) -> str:
    """The CAMEO code of a violent event after looking at what it hits: FIGHT's when armed."""
    instead = FIGHT_INSTEAD.get(cameo)
    if instead is None or _by_bombing(hit, finder):
        return cameo
    if any(_armed(noun, target, finder) for noun in _aimed_nouns(hit, finder)):
        return instead
    return cameo


def _armed(noun: Token, target: ActorRef | None, finder: ActorFinder) -> bool:
    """Whether a noun an attack is aimed at is an armed side or a thing of one."""
    lemma = finder.lemma(noun)
    ontology = finder.ontology
    if ontology.is_marker(lemma, "armed-target"):
        return True  # "a convoy", "a base", "missiles"
    own = ontology.sector(lemma)
    if own is not None:
        # "soldiers", "police officers"; one officer or chief killed is an assassination
        return own in ARMED_SECTORS and noun.tag_ in _PLURAL_TAGS
    if ontology.is_marker(lemma, "armed-site"):
        return finder.np_sector(noun) in ARMED_SECTORS  # "a police station"
    named = target is not None and target.token == noun.i and noun.pos_ == "PROPN"
    return named and target is not None and target.actor.sector in ARMED_SECTORS


def _by_bombing(hit: Hit, finder: ActorFinder) -> bool:
    """Whether the attack's means is a bombing ("wounded two soldiers in a bomb attack")."""
    for holder in {hit.token.i: hit.token, hit.anchor.i: hit.anchor}.values():
        for prep in holder.children:
            if prep.dep_ != "prep" or prep.lower_ not in _MEANS_PREPOSITIONS:
                continue
            for p in prep.children:
                words = (
                    [p, *(c for c in p.lefts if c.dep_ == "compound")] if p.dep_ == "pobj" else []
                )
                if any(_bombing_word(w, finder) for w in words):
                    return True
    return False


def _bombing_word(word: Token, finder: ActorFinder) -> bool:
    """Whether a noun names a bombing in the trigger table ("bomb", "bombing")."""
    rules = finder.ontology.rules(finder.lemma(word), "noun")
    return any(r.cameo.startswith(BOMBING_CAMEO) for r in rules)


def _aimed_nouns(hit: Hit, finder: ActorFinder) -> Iterator[Token]:
    """The nouns an attack is aimed at: its objects and its "on/against/at" objects."""
    holders = {hit.token.i: hit.token, hit.anchor.i: hit.anchor}
    for holder in holders.values():
        for c in holder.children:
            if c.i == hit.token.i:
                continue
            if c.dep_ in ("dobj", "nsubjpass"):
                yield from (c, *c.conjuncts)
                yield from _counted(c, finder)
            elif c.dep_ == "prep" and c.lower_ in _AIMED_PREPOSITIONS:
                for p in c.children:
                    if p.dep_ == "pobj":
                        yield from (p, *p.conjuncts)


def _counted(noun: Token, finder: ActorFinder) -> Iterator[Token]:
    """What a quantity noun counts: "seized dozens of military posts" is aimed at posts."""
    if noun.pos_ != "NUM" and not finder.ontology.is_marker(finder.lemma(noun), "container"):
        return
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for p in prep.children:
                if p.dep_ == "pobj":
                    yield from (p, *p.conjuncts)
