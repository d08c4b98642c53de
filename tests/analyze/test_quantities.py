"""Quantities: money, distances, areas, people counts, rates and magnitudes, normalised."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newsloom.analyze.quantities import _patterns, find_quantities, load_unit_lexicon
from newsloom.model import Quantity


@pytest.fixture(scope="module")
def quantities_in(analyzer: Any) -> Any:
    """A function from text to its quantities, with offsets checked against the text."""

    def run(text: str) -> tuple[Quantity, ...]:
        found = find_quantities(analyzer.nlp(text))
        for q in found:
            assert text[q.start : q.end] == q.text
        return found

    return run


def only(found: tuple[Quantity, ...], text: str) -> Quantity:
    """The one quantity whose text contains the given words."""
    matches = [q for q in found if text in q.text]
    assert len(matches) == 1, (text, found)
    return matches[0]


def test_unit_table_loads() -> None:
    lexicon = load_unit_lexicon()
    assert lexicon.currencies["$"][0] == "USD"
    assert lexicon.scales["crore"] == 1e7
    assert lexicon.units["hectares"] == ("area", "km2", 0.01)
    assert lexicon.casualties["wounded"] == "injured"


@pytest.mark.parametrize(
    ("sentence", "words", "value", "unit"),
    [
        ("The ministry set aside $7.5 billion for the dam.", "$7.5 billion", 7.5e9, "USD"),
        ("Brussels pledged €2.3bn to the fund.", "€2.3bn", 2.3e9, "EUR"),
        ("The club paid £40m for the striker.", "£40m", 4e7, "GBP"),
        ("The state spent Rs 500 crore on roads.", "Rs 500 crore", 5e9, "INR"),
        ("Tokyo approved a 1.2 trillion yen stimulus.", "1.2 trillion yen", 1.2e12, "JPY"),
        ("The charity received US$300,000 in donations.", "US$300,000", 3e5, "USD"),
        ("Investors lost 7.5 billion dollars in a week.", "7.5 billion dollars", 7.5e9, "USD"),
        ("Shares closed at 41 cents.", "41 cents", 0.41, "USD"),
    ],
)
def test_money_is_normalised(
    quantities_in: Any, sentence: str, words: str, value: float, unit: str
) -> None:
    q = only(quantities_in(sentence), words)
    assert (q.kind, q.unit) == ("money", unit)
    assert q.value == pytest.approx(value)


def test_money_measures_the_noun_it_modifies(quantities_in: Any) -> None:
    q = only(quantities_in("The $2 billion rail link project was shelved."), "$2 billion")
    assert q.measures == "rail link project"
    q = only(quantities_in("They agreed a loan of $3 billion last year."), "$3 billion")
    assert q.measures == "loan"


@pytest.mark.parametrize(
    ("sentence", "words", "kind", "value", "unit"),
    [
        ("Crews cleared a 12-kilometre section of road.", "12-kilometre", "distance", 12.0, "km"),
        ("The convoy drove 50 miles overnight.", "50 miles", "distance", 80.4672, "km"),
        ("Flames destroyed 6,800 hectares of forest.", "6,800 hectares", "area", 68.0, "km2"),
        ("The reserve covers 120 square miles.", "120 square miles", "area", 310.79856, "km2"),
        ("The ship carried 40 tonnes of flour.", "40 tonnes", "mass", 40000.0, "kg"),
    ],
)
def test_distances_areas_and_masses_are_converted(
    quantities_in: Any, sentence: str, words: str, kind: str, value: float, unit: str
) -> None:
    q = only(quantities_in(sentence), words)
    assert (q.kind, q.unit) == (kind, unit)
    assert q.value == pytest.approx(value)


def test_distance_measures_stretch(quantities_in: Any) -> None:
    q = only(quantities_in("Engineers inspected a 30-mile stretch of the canal."), "30-mile")
    assert q.measures == "stretch of the canal"


@pytest.mark.parametrize(
    ("sentence", "words", "value", "measures"),
    [
        (
            "At least 12 people were killed when the bridge fell.",
            "At least 12 people",
            12,
            "killed",
        ),
        ("Gunmen stormed the market, killing 31.", "31", 31, "killed"),
        ("The death toll rose to 31 on Friday.", "31", 31, "killed"),
        ("Officials said 1,200 evacuated before the storm.", "1,200", 1200, "evacuated"),
        ("Police arrested more than 200 protesters.", "more than 200 protesters", 200, "arrested"),
        ("About 3,000 villagers remain displaced.", "About 3,000 villagers", 3000, "displaced"),
        ("Fourteen fishermen are still missing.", "Fourteen fishermen", 14, "missing"),
        ("Two dozen miners were injured underground.", "Two dozen miners", 24, "injured"),
        ("The blast left nine people dead.", "nine people", 9, "killed"),
        ("The clashes killed 8 and injured 40 others.", "40 others", 40, "injured"),
    ],
)
def test_people_counts_say_what_happened(
    quantities_in: Any, sentence: str, words: str, value: int, measures: str
) -> None:
    q = only(quantities_in(sentence), words)
    assert (q.kind, q.unit, q.value, q.measures) == ("people", "people", value, measures)


def test_people_counted_by_a_noun_measure_that_noun(quantities_in: Any) -> None:
    q = only(quantities_in("Some 4,500 dockworkers walked off the job."), "4,500 dockworkers")
    assert (q.kind, q.value, q.measures) == ("people", 4500, "dockworkers")


def test_rates(quantities_in: Any) -> None:
    found = quantities_in(
        "Prices rose 3.5% in May after a 25 basis-point cut and a 0.4 percentage point drop."
    )
    assert (only(found, "3.5%").kind, only(found, "3.5%").value, only(found, "3.5%").unit) == (
        "percent",
        3.5,
        "%",
    )
    cut = only(found, "25 basis-point")
    assert (cut.kind, cut.value, cut.unit, cut.measures) == ("rate change", 0.25, "pp", "cut")
    assert only(found, "0.4 percentage point").value == pytest.approx(0.4)
    assert only(quantities_in("Unemployment fell to 4.1 percent."), "4.1 percent").value == 4.1


def test_magnitudes(quantities_in: Any) -> None:
    found = quantities_in(
        "A magnitude 6.4 earthquake struck, and a 5.1-magnitude aftershock followed."
    )
    assert (only(found, "6.4").kind, only(found, "6.4").value, only(found, "6.4").unit) == (
        "magnitude",
        6.4,
        None,
    )
    assert only(found, "5.1").measures == "aftershock"


def test_counts_of_things(quantities_in: Any) -> None:
    q = only(quantities_in("The army said it shot down 20 drones overnight."), "20 drones")
    assert (q.kind, q.value, q.unit, q.measures) == ("count", 20, None, "drones")


# -- signs ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "words", "kind", "value"),
    [
        ("Frost hit the orchards as the mercury sank to minus 6 degrees Celsius.",
         "minus 6 degrees Celsius", "temperature", -6.0),
        ("Readings of \u22124\u00b0C were common on the pass.", "\u22124\u00b0C", "temperature",
         -4.0),
        ("Growth slowed to a negative 0.4 percent in the quarter.", "negative 0.4 percent",
         "percent", -0.4),
        ("The index ended the year at minus 2.5 percent.", "minus 2.5 percent", "percent", -2.5),
        ("The fund's return was minus 4.2 percent last year.", "minus 4.2 percent", "percent",
         -4.2),
        ("The wind chill reached 30 degrees below zero.", "30 degrees below zero", "count",
         -30.0),
        # a wire's line may break after the sign word
        ("The balance fell to a negative\n750 mln dlrs on Tuesday.", "negative\n750 mln dlrs",
         "money", -7.5e8),
    ],
)  # fmt: skip
def test_sign_words_make_the_value_negative(
    quantities_in: Any, sentence: str, words: str, kind: str, value: float
) -> None:
    q = only(quantities_in(sentence), words.split()[-1])
    assert (q.text, q.kind) == (words, kind)
    assert q.value == pytest.approx(value)


def test_a_qualifier_before_the_sign_word_stays_in_the_text(quantities_in: Any) -> None:
    q = only(quantities_in("Lows of about minus 15 degrees Celsius are forecast."), "15")
    assert (q.text, q.value) == ("about minus 15 degrees Celsius", -15.0)


@pytest.mark.parametrize(
    ("sentence", "words", "value"),
    [
        ("The loan pays Libor minus 0.75 percent a year.", "0.75 percent", 0.75),
        ("Results carry a margin of plus or minus 4 percentage points.", "4 percentage points",
         4.0),
        ("The bands sit at plus and minus 15 percent of the central rate.", "15 percent", 15.0),
        ("Bonds pay the ten-year yield, minus 0.1 percentage points.", "0.1 percentage points",
         0.1),
    ],
)  # fmt: skip
def test_minus_that_subtracts_or_bounds_leaves_the_value_alone(
    quantities_in: Any, sentence: str, words: str, value: float
) -> None:
    q = only(quantities_in(sentence), words)
    assert (q.text, q.value) == (words, value)


def test_temperatures_keep_their_scale(quantities_in: Any) -> None:
    found = quantities_in(
        "Night temperatures dropped to 14 degrees Fahrenheit, about minus 10 degrees Celsius."
    )
    fahrenheit, celsius = only(found, "Fahrenheit"), only(found, "Celsius")
    assert (fahrenheit.kind, fahrenheit.value, fahrenheit.unit) == ("temperature", 14.0, "°F")
    assert (celsius.kind, celsius.value, celsius.unit) == ("temperature", -10.0, "°C")
    assert fahrenheit.measures == "Night temperatures dropped"


# -- what a number measures, from the parse ----------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "measures"),
    [
        ("A magnitude 5.8 tremor jolted the coast on Monday.", "tremor"),
        ("The magnitude 6.2 quake struck at dawn, officials said.", "quake"),
        # the magnitude sits inside the toll's phrase: it measures the quake, not the toll
        ("The death toll from Sunday's magnitude 7.1 earthquake in the province climbed to 40.",
         "earthquake in the province"),
        ("The strongest aftershock, none above magnitude 4.2, did no damage.", None),
    ],
)  # fmt: skip
def test_a_magnitude_measures_what_its_number_modifies(
    quantities_in: Any, sentence: str, measures: str | None
) -> None:
    q = next(q for q in quantities_in(sentence) if q.kind == "magnitude")
    assert q.measures == measures


@pytest.mark.parametrize(
    ("sentence", "words", "measures"),
    [
        ("The regulator put the fine at $12 million.", "$12 million", "fine"),
        ("The central bank kept its benchmark rate at 4.5 percent.", "4.5 percent",
         "benchmark rate"),
        ("The board cut the dividend by 10 percent to 45 cents a share.", "10 percent",
         "dividend"),
        ("The board cut the dividend by 10 percent to 45 cents a share.", "45 cents", "dividend"),
        ("The survey service put its depth at 33 kilometres.", "33 kilometres", "depth"),
        # the object is the size of the change, not the thing changed
        ("Prices fell half a point to 2.1 percent.", "2.1 percent", "Prices fell"),
    ],
)  # fmt: skip
def test_a_verb_that_sets_a_value_measures_its_object(
    quantities_in: Any, sentence: str, words: str, measures: str
) -> None:
    assert only(quantities_in(sentence), words).measures == measures


@pytest.mark.parametrize(
    ("sentence", "words", "measures"),
    [
        ("The wreck lies 40 metres below the surface.", "40 metres", "below the surface"),
        ("The quake struck 15 kilometres below the seabed.", "15 kilometres", "below the seabed"),
        ("Its epicentre was 30 kilometres from the city.", "30 kilometres", "epicentre"),
        ("Rescuers reached Kemer, a village 12 kilometres east of the dam.", "12 kilometres",
         "village"),
        ("The shelter is 3 kilometres from the coast.", "3 kilometres", "shelter"),
    ],
)  # fmt: skip
def test_a_distance_before_a_preposition_measures_the_place(
    quantities_in: Any, sentence: str, words: str, measures: str
) -> None:
    assert only(quantities_in(sentence), words).measures == measures


@pytest.mark.parametrize(
    ("sentence", "words", "measures"),
    [
        # the subject of the verb whose "to" infinitive holds the number
        ("Daytime highs are expected to climb to 38 degrees Celsius.", "38", "Daytime highs climb"),
        # a dateline before the subject is not the subject
        ("QUITO (Wire) \u2014 A mudslide has buried about 40 hectares and forced 600 people to "
         "flee, officials said.", "40 hectares", "mudslide buried"),
        # a general people noun takes its verb with the verb's complement
        ("QUITO (Wire) \u2014 A mudslide has buried about 40 hectares and forced 600 people to "
         "flee, officials said.", "600 people", "forced to flee"),
        ("OSLO (Wire) \u2014 The fund has lost about 3 percent this year.", "3 percent",
         "fund lost"),
        # a hyphenated modifier stays whole
        ("The contract includes a 10% buy-back clause.", "10%", "buy-back clause"),
    ],
)  # fmt: skip
def test_measured_words_follow_the_parse(
    quantities_in: Any, sentence: str, words: str, measures: str
) -> None:
    assert only(quantities_in(sentence), words).measures == measures


@pytest.mark.parametrize(
    ("sentence", "words", "measures"),
    [
        ("Officials put the death toll from Tuesday's magnitude 6.8 earthquake in the mountains "
         "at 57.", "57", "killed"),
        ("The agency put the death toll at 29 and the number of injured at 212.", "212",
         "injured"),
        ("Officials raised the death toll to 63 and the number of missing to 140.", "140",
         "missing"),
    ],
)  # fmt: skip
def test_a_toll_set_far_from_its_number_counts_its_casualties(
    quantities_in: Any, sentence: str, words: str, measures: str
) -> None:
    q = next(q for q in quantities_in(sentence) if q.text == words)
    assert (q.kind, q.measures) == ("people", measures)


@pytest.mark.parametrize(
    ("sentence", "words", "measures"),
    [
        ("Seven people were pulled out from the collapsed building.", "Seven people",
         "pulled out from the collapsed building"),
        ("Four people were pulled alive from the debris overnight.", "Four people",
         "pulled alive"),
        ("The floods forced 3,000 people to leave their homes.", "3,000 people",
         "forced to leave their homes"),
        ("Police put the crowd at 20,000 people.", "20,000 people", "crowd"),
        # the casualty word before is said of the other count
        ("About 300 people were evacuated and 40 people were taken to hospital.", "40 people",
         "taken to hospital"),
        ("About 300 people were evacuated and 40 people were taken to hospital.",
         "About 300 people", "evacuated"),
        ("A total of 75 people were injured in the crush.", "75 people", "injured"),
    ],
)  # fmt: skip
def test_people_counted_by_a_general_noun_take_what_their_verb_says(
    quantities_in: Any, sentence: str, words: str, measures: str
) -> None:
    assert only(quantities_in(sentence), words).measures == measures


@pytest.mark.parametrize(
    "sentence",
    [
        "The treaty was signed in 2013 and renewed in 2019.",  # years
        "The diner sits on Route 66 near the state line.",  # a road's name
        "For tickets call +1 (800) 555-0199 or 0800 123 4567.",  # phone numbers
        "Dozens of people were hurt and hundreds fled.",  # vague plurals
        "No one was injured, and one of the drivers later left.",  # "one" as a pronoun
        "Flight 370 passengers' families met in 2015.",  # a flight number
        "The 10-12 people who came left early.",  # a range
        "The meeting lasted 15 minutes.",  # a duration, for the date resolver
        "An associate held a further 2.5 mln.",  # "held" shares, not people held
    ],
)
def test_negatives(quantities_in: Any, sentence: str) -> None:
    assert quantities_in(sentence) == ()


def test_pounds_without_scale_are_weight_not_money(quantities_in: Any) -> None:
    found = quantities_in("He lost 50 pounds, and the club lost 5 million pounds.")
    assert only(found, "50 pounds").kind == "mass"
    assert (only(found, "5 million pounds").kind, only(found, "5 million pounds").unit) == (
        "money",
        "GBP",
    )


def test_wrapped_table_numbers_are_not_counts(quantities_in: Any) -> None:
    assert quantities_in("Net income 8,322,245\n    Loans 4.75 billion") == ()


def test_seed_pipeline_quantities(analyzer: Any, seeds_dir: Path) -> None:
    text = next(seeds_dir.glob("000_*.txt")).read_text(encoding="utf-8")
    found = find_quantities(analyzer.nlp(text))
    for q in found:
        assert text[q.start : q.end] == q.text
    money = only(found, "$7.5 billion")
    assert (money.kind, money.value, money.unit) == ("money", 7.5e9, "USD")
    assert money.measures is not None and "pipeline" in money.measures
    stretch = only(found, "80-kilometer")
    assert (stretch.kind, stretch.value, stretch.unit) == ("distance", 80.0, "km")
    assert stretch.measures is not None and "stretch" in stretch.measures
    assert not any("2013" in q.text for q in found)


# -- the core-first scan gives what the whole pattern gives --------------------------------

_SCAN_TEXTS = [
    "About 40 tonnes of grain and at   least 3 million people, roughly 12 dlrs a share.",
    "A roundabout 7 km away; some\n5 tonnes; over $5 billion; up to\t12 pct; thunder 4 miles.",
    "An estimated 3,000 people fled, nearly an hour after as many as two dozen quakes.",
    "Output rose 2.5 pct to 1,250 mln barrels, approximately half a million more than in 1986.",
    "FEWER THAN 20 KILOMETRES, close to Rs 500 crore and no more than 10 percent",
]


def test_qualified_scan_matches_the_whole_pattern() -> None:
    patterns = _patterns()
    for name in ("money_prefix", "money_suffix", "unit", "number"):
        pattern = getattr(patterns, name)
        for text in _SCAN_TEXTS:
            expected = [(m.span(), m.groupdict()) for m in pattern.full.finditer(text)]
            assert [(m.span(), m.groupdict()) for m in pattern.finditer(text)] == expected, name


def test_no_core_match_starts_inside_a_qualifier() -> None:
    """What the core-first scan relies on: a qualifier and the spaces after it never hold the
    start of a number, a currency or a unit, whatever follows them."""
    patterns = _patterns()
    tails = ["5 km", "5 million dlrs", "$5", "a million people", "twenty-one tonnes", "an hour"]
    for qualifier in load_unit_lexicon().qualifiers:
        for written in (qualifier, qualifier.upper(), qualifier.title()):
            for tail in tails:
                text = f"{written}  {tail}"
                for name in ("money_prefix", "money_suffix", "unit", "number"):
                    core = getattr(patterns, name).core
                    inside = [k for k in range(1, len(written) + 2) if core.match(text, k)]
                    assert not inside, (name, text)
