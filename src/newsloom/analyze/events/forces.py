"""Whose forces a bare "the army" or an armed group of no stated country are.

Wire copy names a country's forces once ("Sudan's army", "the Israeli military") and then
only "the army", "the military", "the air force", "troops"; it names an armed group the
lexicons do not know ("the RSF") without its country at all. A reader gives them the country
the article gives: a bare national force is the force of the country whose forces the article
named last before it, else the dateline's country when the headline or lead names it too
("YANGON - Myanmar's military government ..."); an armed group of no country acts in the
country its event happens in, else in the dateline's country when the article names that
country more often than any other (a report filed from Washington about Yemen gives Yemen's
groups no home), or, when the headline and lead never name the dateline's country, in the
country they name most (talks hosted in Caracas between Colombia and its rebels).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

if TYPE_CHECKING:
    from newsloom.analyze.events.actors import ActorFinder
    from newsloom.analyze.events.refs import ActorRef

# The sector of a national force: armies, air forces, navies, troops, soldiers, warplanes.
FORCE_SECTOR = "MIL"
# The sector of an armed group that is no state's.
ARMED_GROUP_SECTOR = "REB"
# The headline and the lead: the sentences that say which country a report is about.
LEAD_SENTENCES = 2
# Determiners a bare force may carry: "the army", "its troops" is the possessor's.
_BARE_DETERMINERS = frozenset({"the"})
# ... and those an armed side's thing may carry: "attacked a military post" is the army's post.
_THING_DETERMINERS = frozenset({"the", "a", "an"})
_NOUN_POS = frozenset({"NOUN", "PROPN"})
# Words of a government speaker who speaks for a state's forces ("Defence Minister Gallant").
_DEFENCE_WORDS = frozenset({"defence", "defense", "military", "army", "war"})
# Prepositions that say whose a thing is ("the base of the 5th brigade").
_OWNER_PREPOSITIONS = frozenset({"of", "from", "for"})


class ForceCountries:
    """The countries an article gives its forces; built lazily, once per document."""

    def __init__(self, finder: ActorFinder) -> None:
        self.finder = finder
        self._mentions: list[tuple[int, str]] | None = None
        self.home = _home_country(finder)
        self.force_home = _lead_country(finder)

    def bare_force_code(self, head: Token) -> str | None:
        """The country of a bare national force ("the army", "troops"), or None.

        "Government forces" are the forces of the country the report is about, whatever
        foreign troops it named last ("government forces and Rwandan units" in Mozambique);
        a bare force is not the foreign force another phrase of its own sentence names
        ("clashing with soldiers before Rwandan troops drove them out": the home country's).
        """
        if not _bare(head, self._is_thing(head)):
            return None
        if self._mentions is None:
            self._mentions = []  # guards the scan against asking itself
            self._mentions = self._force_mentions()
        home = self.force_home or self.home
        if home is not None and any(
            self.finder.ontology.is_marker(self.finder.lemma(c), "home-force")
            for c in head.lefts
            if c.dep_ in ("amod", "compound")
        ):
            return home
        speaker = self._speaker_code(head)
        if speaker is not None:
            return speaker
        sent = head.sent
        # a foreign force its sentence names apart: the bare one is someone else's
        beside = {
            code
            for i, code in self._mentions
            if sent.start <= i < sent.end and i != head.i and code != self.force_home
        }
        earlier = [(i, code) for i, code in self._mentions if i < sent.start and code not in beside]
        home_ok = self.force_home is not None and self.force_home not in beside
        if earlier and (not home_ok or _same_paragraph(self.finder.doc, earlier[-1][0], head.i)):
            return earlier[-1][1]
        # a force named paragraphs back may be the story's other side: "the army" of a report
        # from Niamey whose lead names Niger is Niger's, whatever US forces came before
        if home_ok:
            return self.force_home
        return earlier[-1][1] if earlier else None

    def _speaker_code(self, head: Token) -> str | None:
        """The country of a state's military or defence official who says, in their own quoted
        words, what a bare force does: '"The air force is striking today," Gallant told
        reporters' is the speaker's air force."""
        verb = head.head
        if head.dep_ != "nsubj":
            return None
        # '"...," X said' is parsed with the quote as the verb's clause, or the verb of saying
        # as a conjunct of the quote
        candidates = [verb.head] if verb.dep_ == "ccomp" else []
        candidates.extend(c for c in verb.children if c.dep_ in ("conj", "parataxis"))
        said = next(
            (
                c
                for c in candidates
                if self.finder.ontology.is_marker(self.finder.lemma(c), "speech")
            ),
            None,
        )
        if said is None:
            return None
        if not _quoted(head, said):
            return None  # told in the writer's words, it may be anyone's forces
        for subject in (c for c in said.children if c.dep_ == "nsubj"):
            refs = self.finder.actors(subject)
            codes = {r.actor.code for r in refs if r.actor.code and self._for_forces(r)}
            if len(codes) == 1:
                return codes.pop()
        return None

    def _for_forces(self, ref: ActorRef) -> bool:
        """Whether a speaker is a state's forces or its defence ministry or minister (by the
        role of the person's full mention: "Gallant" is the defence minister)."""
        role = self.finder.role_of(ref.actor.canonical) if ref.label == "PERSON" else None
        words = set(f"{ref.actor.text} {role or ''}".lower().replace("'s", " ").split())
        return ref.actor.sector == "MIL" or (
            ref.actor.sector == "GOV" and bool(words & _DEFENCE_WORDS)
        )

    def _is_thing(self, head: Token) -> bool:
        """Whether a force word names an armed side's thing ("a military base"), which an
        indefinite article leaves the side's: "the army" of its country, not some army."""
        ontology = self.finder.ontology
        lemma = self.finder.lemma(head)
        return ontology.is_marker(lemma, "armed-target") or ontology.is_marker(lemma, "armed-site")

    def _force_mentions(self) -> list[tuple[int, str]]:
        """(token, country) of each national force the article names with its country."""
        finder = self.finder
        found: list[tuple[int, str]] = []
        for t in finder.doc:
            if t.pos_ not in _NOUN_POS or t.dep_ == "compound":
                continue
            entity = finder.entity_at.get(t.i)
            if entity is not None and entity.country and entity.label == "ORG":
                sector = finder.sector_of_name(entity)
                if sector == FORCE_SECTOR and finder.entity_at.get(t.i + 1) is not entity:
                    found.append((t.i, entity.country))
                continue
            if entity is None and finder.np_sector(t) == FORCE_SECTOR:
                codes = set(finder.left_codes(t))
                if len(codes) == 1:
                    found.append((t.i, codes.pop()))
        return found


def _bare(head: Token, thing: bool = False) -> bool:
    """Whether a force noun names no owner: only "the" (or for a thing, "a") and plain words
    before it."""
    determiners = _THING_DETERMINERS if thing else _BARE_DETERMINERS
    for child in head.children:
        if child.dep_ == "det" and child.lower_ not in determiners:
            return False
        if thing and child.dep_ == "prep" and child.lower_ not in _OWNER_PREPOSITIONS:
            continue  # "a military post outside the town": where it is, not whose
        if child.dep_ in ("poss", "prep", "appos") or child.pos_ == "PROPN":
            return False
    return True


def _home_country(finder: ActorFinder) -> str | None:
    """The dateline's country, when the article names it more often than any other; but when
    the headline and lead do not name the dateline's country at all, the country they name
    most: a report filed from the capital that hosts talks is about the country whose rebels
    are talking ("CARACAS - Colombia's government and the ELN resumed talks")."""
    code = finder.dateline_code
    end = _lead_end(finder)
    in_lead = Counter(c for i, c in finder.country_mentions if i < end)
    if code is not None and in_lead and code not in in_lead:
        lead = in_lead.most_common(2)
        if len(lead) == 1 or lead[1][1] < lead[0][1]:
            return lead[0][0]
    counts = Counter(c for _, c in finder.country_mentions)
    if code is None or not counts:
        return None
    ranked = counts.most_common(2)
    if ranked[0][0] != code or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return code


def _lead_end(finder: ActorFinder) -> int:
    """The first token after the headline and lead."""
    starts = [s.start for s in finder.doc.sents][: LEAD_SENTENCES + 1]
    return starts[LEAD_SENTENCES] if len(starts) > LEAD_SENTENCES else len(finder.doc)


def _lead_country(finder: ActorFinder) -> str | None:
    """The dateline's country, when the headline or lead names it too."""
    code = finder.dateline_code
    if code is None:
        return None
    end = _lead_end(finder)
    return code if any(c == code for i, c in finder.country_mentions if i < end) else None


def _same_paragraph(doc: Doc, first: int, second: int) -> bool:
    """Whether no blank line lies between two tokens."""
    return not any(t.is_space and "\n\n" in t.text for t in doc[first:second])


def _quoted(head: Token, said: Token) -> bool:
    """Whether a word stands inside quotation marks that close before the verb of saying."""
    doc = head.doc
    low, high = sorted((head.i, said.i))
    before = any(t.is_quote for t in doc[head.sent.start : head.i])
    between = any(t.is_quote for t in doc[low:high])
    return before and between
