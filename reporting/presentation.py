"""Indicators laid out for people: key figures, charts and tables, with the link behind each.

Used by the dashboard (links to the drill-down lists) and by the PDF (no links), so the two
show the same figures drawn by the same chart code.
"""

from collections.abc import Callable

from django.utils.translation import gettext as _

from .charts import Bar, bar_chart, format_value
from .indicators import DEFINITIONS

Link = Callable[..., str]


def _no_link(key: str, **filters) -> str:
    return ""


def _label(key: str) -> str:
    return str(DEFINITIONS[key][0])


def _bars(rows, value: str, key: str, link: Link) -> list[Bar]:
    return [Bar(str(row["label"]), row[value], link(key, **row.get("filter", {}))) for row in rows]


def present(indicators: dict, link: Link | None = None) -> dict:
    """Key figures, charts (SVG figures) and table rows, each with its drill-down URL."""
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
    key_figures = [
        {"label": label, "value": format_value(value), "url": url}
        for label, value, url in key_figures
    ]

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

    households = _("Households")
    charts = {
        "funnel": bar_chart(
            title=_("Households reaching each step during the period"),
            bars=[Bar(str(r["label"]), r["households"], r["url"]) for r in funnel["steps"]],
            label_header=_("Step"),
            value_header=households,
        ),
        "by_year": bar_chart(
            title=_label("by_year"),
            bars=_bars(rel["by_year"], "households", "relocated", link),
            label_header=_("Year"),
            value_header=households,
        ),
        "by_lever": bar_chart(
            title=_label("by_lever"),
            bars=_bars(rel["by_lever"], "households", "relocated", link),
            label_header=_("Lever"),
            value_header=households,
        ),
        "by_region": bar_chart(
            title=_label("by_region"),
            bars=_bars(rel["by_region"], "households", "relocated", link),
            label_header=_("Region"),
            value_header=households,
        ),
        "by_protection": bar_chart(
            title=_label("by_protection"),
            bars=_bars(rel["by_protection"], "persons", "relocated", link),
            label_header=_("Protection status"),
            value_header=_("Persons"),
        ),
        "withdrawals": bar_chart(
            title=_label("withdrawals"),
            bars=_bars(indicators["withdrawals"]["by_reason"], "households", "withdrawals", link),
            label_header=_("Reason"),
            value_header=households,
        ),
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
    return {"key_figures": key_figures, "charts": charts, "links": links}


def methodology() -> list[dict]:
    """Every definition, in the order of DEFINITIONS, for the methodology page."""
    return [
        {"key": key, "label": label, "explanation": explanation}
        for key, (label, explanation) in DEFINITIONS.items()
    ]
