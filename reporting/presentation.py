"""Indicators laid out for people: key figures, charts and tables, with the link behind each.

Used by the dashboard (links to the drill-down lists) and by the PDF (no links), so the two
show the same figures drawn by the same chart code.
"""

from collections.abc import Callable

from django.utils.translation import gettext as _

from .charts import Bar, bar_chart, format_value
from .indicators import DEFINITIONS, GRANT_DEFINITIONS

Link = Callable[..., str]


def _no_link(key: str, **filters) -> str:
    return ""


def _label(key: str) -> str:
    return str(DEFINITIONS[key][0])


def _bars(rows, value: str) -> list[Bar]:
    """One bar a row; each row already carries its drill-down URL (see present())."""
    return [Bar(str(row["label"]), row[value], row["url"]) for row in rows]


# The charts whose figures a table of _sections.html already gives: in the PDF that table is
# their alternative (its id is ids[name]), rather than a second copy under the chart.
TABLED_CHARTS = ("funnel", "by_lever", "by_region", "by_protection")


def present(
    indicators: dict, link: Link | None = None, *, pdf: bool = False, prefix: str = ""
) -> dict:
    """Key figures, charts (SVG figures) and table rows, each with its drill-down URL.

    Each chart's table (see charts.bar_chart) is in a <details> on screen; in the `pdf`,
    printed under the chart, or, for TABLED_CHARTS, the table of the section the chart sits
    in. `prefix` keeps those tables' ids unique when a page shows two sets of figures."""
    link = link or _no_link
    rel = indicators["relocations"]
    work = indicators["workshops"]
    train = indicators["trainings"]
    duration = indicators["duration"]
    centres = indicators["reception_centres"]
    funnel = indicators["funnel"]

    key_figures = [
        (_label("referred"), funnel["referred"], link("funnel", step="referred")),
        (_label("relocated"), rel["households"], link("relocated")),
        (_label("persons_relocated"), rel["persons"], link("relocated")),
        (_label("workshops"), work["held"], link("workshops")),
        (_label("informed"), work["households"], link("informed")),
        (_label("interviews"), indicators["interviews"]["total"], link("interviews")),
        (_label("reception_centres"), centres["total"], link("reception_centres")),
        (_label("professionals"), train["professionals"], link("professionals")),
        (_("Mean duration (months)"), duration["mean_months"], link("relocated")),
        (_("Median duration (months)"), duration["median_months"], link("relocated")),
    ]
    if indicators.get("supported") is not None:  # limited to a grant
        key_figures.insert(0, (_label("supported"), indicators["supported"], link("supported")))
    key_figures = [
        {"label": label, "value": format_value(value), "url": url}
        for label, value, url in key_figures
    ]
    for row in indicators.get("grant_targets", []):
        key, filters = row["link"]
        row["url"] = link(key, **filters)

    for row in funnel["steps"]:
        row["url"] = link("funnel", **row["filter"])
        row["cohort_url"] = link("funnel", mode="cohort", **row["filter"])
    for family, key in (
        (rel["by_lever"], "relocated"),
        (rel["by_region"], "relocated"),
        (rel["by_protection"], "relocated"),
        (rel["by_year"], "relocated"),
        (indicators["interviews"]["by_kind"], "interviews"),
        (indicators["withdrawals"]["by_reason"], "withdrawals"),
        (indicators["caseload"]["by_social_worker"], "caseload"),
    ):
        for row in family:
            row["url"] = link(key, **row["filter"])
    for row in indicators["followups"]["by_months"]:
        row["url"] = link("followups", months=row["months"])
        for outcome in row["outcomes"]:
            outcome["url"] = link("followups", months=row["months"], outcome=outcome["key"])

    households, persons = _("Households"), _("Persons")
    # name: (title, rows, value counted, label header, value header)
    drawn = {
        "funnel": (
            _("Households reaching each step during the period"),
            funnel["steps"],
            "households",
            _("Step"),
            households,
        ),
        "by_year": (_label("by_year"), rel["by_year"], "households", _("Year"), households),
        "by_lever": (_label("by_lever"), rel["by_lever"], "households", _("Lever"), households),
        "by_region": (_label("by_region"), rel["by_region"], "households", _("Region"), households),
        "by_protection": (
            _label("by_protection"),
            rel["by_protection"],
            "persons",
            _("Protection status"),
            persons,
        ),
        "withdrawals": (
            _label("withdrawals"),
            indicators["withdrawals"]["by_reason"],
            "households",
            _("Reason"),
            households,
        ),
    }
    ids = {name: f"{prefix}table-{name}" for name in TABLED_CHARTS}

    def table_of(name: str) -> dict:
        if not pdf:
            return {"table": "details"}
        if name in ids:
            return {"table": "elsewhere", "described_by": ids[name]}
        return {"table": "visible"}

    charts = {
        name: bar_chart(
            title=title,
            bars=_bars(rows, value),
            label_header=label_header,
            value_header=value_header,
            **table_of(name),
        )
        for name, (title, rows, value, label_header, value_header) in drawn.items()
    }
    links = {
        "workshops": link("workshops"),
        "informed": link("informed"),
        "trainings": link("trainings"),
        "professionals": link("professionals"),
        "reception_centres": link("reception_centres"),
        "centres_referral": link("reception_centres", via="referral"),
        "centres_training": link("reception_centres", via="training"),
        "relocated": link("relocated"),
        "withdrawals": link("withdrawals"),
    }
    return {"key_figures": key_figures, "charts": charts, "links": links, "ids": ids}


# Figures about members of staff: on the internal dashboard only, never in the funders' PDF.
STAFF_DEFINITIONS = frozenset({"caseload"})


def methodology(*, grant: bool = False, staff: bool = True) -> list[dict]:
    """Every definition, in the order of DEFINITIONS, for the methodology page; those that
    only apply under a grant (GRANT_DEFINITIONS) when the figures are limited to one, and
    those about staff (STAFF_DEFINITIONS) unless `staff` is False (the PDF)."""
    return [
        {"key": key, "label": label, "explanation": explanation}
        for key, (label, explanation) in DEFINITIONS.items()
        if (grant or key not in GRANT_DEFINITIONS) and (staff or key not in STAFF_DEFINITIONS)
    ]
