"""The ranking on hand-built data: its order, its reasons in French, and its one promise
(more hires in the household's occupation never lower a département)."""

from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recommendations.ranking import (
    HiringFigure,
    Place,
    Profile,
    ReferenceData,
    describe,
    keywords,
    matching_families,
    rank_departements,
)

PLACES = [
    Place("22", "Côtes-d'Armor", "53", "Bretagne"),
    Place("29", "Finistère", "53", "Bretagne"),
    Place("35", "Ille-et-Vilaine", "53", "Bretagne"),
    Place("75", "Paris", "11", "Île-de-France"),
    Place("87", "Haute-Vienne", "75", "Nouvelle-Aquitaine"),
]
CARE = ("V0X21", "Aides-soignants")
COOK = ("S1X40", "Cuisiniers")


def hire(dep, family, hires, difficult=50.0, seasonal=0.0):
    return HiringFigure(dep, family[0], family[1], hires, difficult, seasonal)


def data(hires, zones=None, history=None):
    return ReferenceData.from_rows(places=PLACES, hires=hires, zones=zones, history=history)


def codes(result):
    return [r.place.code for r in result]


def french(reasons):
    with translation.override("fr"):
        return [describe(reason) for reason in reasons]


def test_occupations_match_without_accents_case_plural_or_feminine():
    assert keywords("Aide-soignante") == keywords("AIDES-SOIGNANTS")
    profile = Profile(occupations=("aide soignante",))
    assert matching_families(profile, dict([CARE, COOK])) == {"V0X21": 1.0}
    # Serveuse / Serveurs share their first six letters; "agent" alone matches nothing.
    families = {"S1X80": "Serveurs de cafés restaurants", "T4Z60": "Agents d'entretien"}
    assert matching_families(Profile(occupations=("Serveuse",)), families) == {"S1X80": 1.0}
    assert matching_families(Profile(occupations=("agent de sécurité",)), families) == {}
    # "Aide" says no more than "agent": a care assistant is no home help.
    home_help = {"T4X60": "Aides à domicile et aides ménagères", CARE[0]: CARE[1]}
    assert matching_families(Profile(occupations=("Aide-soignante",)), home_help) == {"V0X21": 1.0}


def test_a_skill_matches_at_half_weight():
    profile = Profile(occupations=("maçon",), skills=("cuisine, cuisinier en foyer",))
    assert matching_families(profile, dict([CARE, COOK])) == {"S1X40": 0.5}


def test_the_reasons_say_hires_zone_and_history_in_plain_french():
    result = rank_departements(
        Profile(occupations=("aide-soignante",), lever="employment"),
        data(
            [hire("87", CARE, 412, difficult=71.2), hire("87", COOK, 900)],
            zones={"87": {"C": 30, "B2": 2}},
            history={"87": (6, 5)},
        ),
    )
    top = result[0]
    assert top.place.code == "87"
    assert french(top.reasons) == [
        "412 embauches prévues en Aides-soignants, 71\u00a0% jugées difficiles",
        "zone C\u00a0: logement social accessible",
        "6 ménages du programme installés, 5 toujours sur place à 12 mois",
    ]


def test_without_a_matching_occupation_the_reason_is_hiring_in_general():
    result = rank_departements(
        Profile(occupations=("astronaute",)), data([hire("22", COOK, 100, difficult=40)])
    )
    reasons = french(next(r for r in result if r.place.code == "22").reasons)
    assert reasons[0] == "100 embauches prévues tous métiers, 40\u00a0% jugées difficiles"
    assert reasons[1:] == [
        "pas de données de zonage du logement",
        "aucun ménage du programme installé jusqu'ici",
    ]


def test_ile_de_france_is_never_recommended_however_many_hires():
    result = rank_departements(
        Profile(occupations=("cuisinier",)), data([hire("75", COOK, 100000), hire("29", COOK, 1)])
    )
    assert "75" not in codes(result)
    assert codes(result)[0] == "29"


def test_the_order_follows_the_occupation_then_housing_then_history():
    hires = [hire("22", CARE, 300), hire("29", CARE, 100), hire("35", COOK, 50)]
    zones = {"22": {"A": 10}, "29": {"C": 10}, "35": {"C": 10}, "87": {"C": 10}}
    employment = rank_departements(
        Profile(occupations=("aide-soignant",), lever="employment"), data(hires, zones)
    )
    # Jobs in the occupation weigh most for an employment plan: 22 first despite zone A.
    assert codes(employment) == ["22", "29", "35", "87"]
    housing = rank_departements(
        Profile(occupations=("aide-soignant",), lever="housing"), data(hires, zones)
    )
    # For a housing plan, zone C comes first; 22 falls behind.
    assert codes(housing) == ["29", "35", "87", "22"]


def test_a_large_household_weighs_housing_more():
    hires = [hire("22", CARE, 300), hire("29", CARE, 200)]
    zones = {"22": {"A": 10}, "29": {"C": 10}}
    small = rank_departements(
        Profile(occupations=("aide-soignant",), lever="employment", size=2), data(hires, zones)
    )
    large = rank_departements(
        Profile(occupations=("aide-soignant",), lever="employment", size=6), data(hires, zones)
    )
    assert small[0].score - small[1].score > large[0].score - large[1].score


def test_a_wished_region_gets_a_bonus_and_its_reason():
    profile = Profile(occupations=("cuisinier",), wishes="Plutôt la BRETAGNE, près de la mer")
    result = rank_departements(profile, data([hire("29", COOK, 100), hire("87", COOK, 100)]))
    # Same jobs in Finistère and Haute-Vienne: the wish puts Brittany first.
    assert codes(result) == ["29", "87", "22", "35"]
    assert "cité dans les souhaits du ménage" in french(result[0].reasons)
    assert "cité dans les souhaits du ménage" not in french(result[1].reasons)


def test_ties_keep_the_insee_order_and_the_same_data_give_the_same_list():
    profile = Profile(occupations=("cuisinier",))
    first = rank_departements(profile, data([]))
    assert codes(first) == ["22", "29", "35", "87"]
    assert first == rank_departements(profile, data([]))


def test_at_most_ten_are_returned():
    places = [Place(f"{n:02d}", f"Dép {n}", "84", "Auvergne-Rhône-Alpes") for n in range(1, 30)]
    result = rank_departements(Profile(), ReferenceData(places=places))
    assert len(result) == 10


OCCUPATIONS = st.sampled_from(["aide-soignante", "cuisinier", "maçon", "serveuse", ""])
FAMILIES = [CARE, COOK, ("B2X39", "Maçons"), ("S1X80", "Serveurs de cafés restaurants")]
ROWS = st.lists(
    st.builds(
        lambda dep, family, hires, difficult, seasonal: hire(
            dep, family, hires, difficult, seasonal
        ),
        st.sampled_from([p.code for p in PLACES]),
        st.sampled_from(FAMILIES),
        st.integers(0, 5000),
        st.floats(0, 100, allow_nan=False),
        st.floats(0, 100, allow_nan=False),
    ),
    max_size=25,
)
ZONES = st.dictionaries(
    st.sampled_from([p.code for p in PLACES]),
    st.dictionaries(
        st.sampled_from(["Abis", "A", "B1", "B2", "C"]), st.integers(1, 50), max_size=3
    ),
    max_size=5,
)
HISTORY = st.dictionaries(
    st.sampled_from([p.code for p in PLACES]),
    st.integers(0, 12).flatmap(lambda moved: st.tuples(st.just(moved), st.integers(0, moved))),
    max_size=5,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    occupation=OCCUPATIONS,
    lever=st.sampled_from(["", "employment", "training", "housing"]),
    size=st.integers(1, 8),
    rows=ROWS,
    zones=ZONES,
    history=HISTORY,
    target=st.sampled_from(["22", "29", "35", "87"]),
    extra=st.integers(1, 5000),
    difficult=st.floats(0, 100, allow_nan=False),
    seasonal=st.floats(0, 100, allow_nan=False),
)
def test_more_hires_in_the_households_occupation_never_lower_a_departement(
    occupation, lever, size, rows, zones, history, target, extra, difficult, seasonal
):
    profile = Profile(occupations=(occupation,), lever=lever, size=size)
    family = next((f for f in FAMILIES if matching_families(profile, {f[0]: f[1]})), FAMILIES[0])
    before = rank_departements(profile, data(rows, zones, history), top=len(PLACES))
    added = [*rows, hire(target, family, extra, difficult, seasonal)]
    after = rank_departements(profile, data(added, zones, history), top=len(PLACES))
    assert codes(after).index(target) <= codes(before).index(target)
