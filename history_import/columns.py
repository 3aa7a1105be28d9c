"""The columns of a file of past cases: one row per person, the case number linking a household.

Household columns (dates of the referral, of each step, the plan, the move, the follow-ups,
the end of the case) may be written on every row of the case or on its first row only; when two
rows of a case give different values, the file is refused at that cell. Person columns are read
on each row. The documented template (template.py) and the column-mapping page are written from
this list, so a column is described once, here.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from core.tabular import Column
from followups.models import SCHEDULE_MONTHS


@dataclass(frozen=True)
class ImportColumn:
    column: Column
    household: bool  # one value per case (True) or one per person (False)
    help: str  # what the cell holds, for the template's explanation sheet
    allowed: str = ""  # its allowed values, when they are a list
    example: str = ""  # the cell of the template's example row

    @property
    def name(self) -> str:
        return self.column.name

    @property
    def heading(self) -> str:
        return self.column.heading


def _col(name, heading, aliases, *, household, help, required=False, allowed="", example=""):
    return ImportColumn(
        Column(name, heading, tuple(aliases), required=required),
        household=household,
        help=help,
        allowed=allowed,
        example=example,
    )


DATE_HELP = _("A date as JJ/MM/AAAA or AAAA-MM-JJ.")
YES_NO = _("oui / non (yes / no)")


def _followup_columns(months: int) -> list[ImportColumn]:
    prefix = f"Suivi M+{months}"
    english = f"follow-up {months} months"
    return [
        _col(
            f"followup_{months}",
            prefix,
            [prefix, f"suivi {months} mois", english, f"follow up m+{months}"],
            household=True,
            help=_(
                "The follow-up %(months)s months after the move: the date it was done, or "
                "“manqué” (missed), optionally followed by the date the household was found "
                "unreachable. Empty: not recorded."
            )
            % {"months": months},
            example="15/04/2020" if months == 1 else "",
        ),
        _col(
            f"followup_{months}_housing",
            f"{prefix} logement conservé",
            [f"{prefix} logement", f"{english} housing kept"],
            household=True,
            help=_("At that follow-up, whether the household kept its housing."),
            allowed=YES_NO,
            example="oui" if months == 1 else "",
        ),
        _col(
            f"followup_{months}_employment",
            f"{prefix} emploi",
            [f"{english} employment"],
            household=True,
            help=_("At that follow-up, the employment situation of the head of household."),
            allowed="employed, job_seeker, in_training, inactive, student, retired",
            example="employed" if months == 1 else "",
        ),
        _col(
            f"followup_{months}_training",
            f"{prefix} en formation",
            [f"{prefix} formation", f"{english} in training"],
            household=True,
            help=_("At that follow-up, whether someone of the household was in training."),
            allowed=YES_NO,
        ),
        _col(
            f"followup_{months}_location",
            f"{prefix} lieu",
            [f"{english} location", f"{english} where"],
            household=True,
            help=_("At that follow-up, where the household lived."),
            allowed="target_region, returned_idf, elsewhere",
            example="target_region" if months == 1 else "",
        ),
    ]


COLUMNS: tuple[ImportColumn, ...] = (
    _col(
        "case",
        "N° dossier",
        ["dossier", "numero de dossier", "n dossier", "case number", "case", "file number"],
        household=True,
        required=True,
        help=_(
            "The case number in your archive: the rows of one household share it. A case "
            "already imported for the site is not imported again."
        ),
        example="2019-017",
    ),
    _col(
        "referral_date",
        "Date d'orientation",
        ["date orientation", "date de l'orientation", "referral date", "referred on"],
        household=True,
        required=True,
        help=DATE_HELP,
        example="04/02/2019",
    ),
    _col(
        "referring_centre",
        "Orienté par",
        ["structure orienteuse", "centre orienteur", "referred by", "referring centre"],
        household=True,
        help=_(
            "The reception centre (or other partner) that referred the household, by its "
            "name in the partner directory; a name the directory does not know is added to it "
            "as a reception centre."
        ),
        example="CADA de Créteil",
    ),
    _col(
        "social_worker",
        "Travailleur social",
        ["referent", "social worker"],
        household=True,
        help=_("The login or e-mail address of the social worker of the site who follows it."),
    ),
    _col(
        "last_name",
        "Nom",
        ["nom de famille", "last name", "surname", "family name"],
        household=False,
        required=True,
        help=_("The person's last name."),
        example="Haddad",
    ),
    _col(
        "first_name",
        "Prénom",
        ["prenoms", "first name", "given name"],
        household=False,
        required=True,
        help=_("The person's first name."),
        example="Amina",
    ),
    _col(
        "sex",
        "Sexe",
        ["sex", "genre", "gender"],
        household=False,
        help=_("Empty when the archive does not say."),
        allowed="F, M, X",
        example="F",
    ),
    _col(
        "birth_date",
        "Date de naissance",
        ["ne le", "nee le", "birth date", "date of birth"],
        household=False,
        help=_("%(date)s Empty when not known.") % {"date": DATE_HELP},
        example="12/06/1988",
    ),
    _col(
        "relation",
        "Lien",
        ["lien de parente", "lien avec le chef de menage", "relation", "relationship"],
        household=False,
        required=True,
        help=_("The person's relation to the head of household; one head per household."),
        allowed="head, spouse, child, parent, sibling, other",
        example="head",
    ),
    _col(
        "nationality",
        "Nationalité",
        ["nationality", "pays"],
        household=False,
        help=_("The country, by its name or its two-letter ISO code (SY, AF…)."),
        example="SY",
    ),
    _col(
        "protection_status",
        "Statut",
        ["statut de protection", "protection status", "status"],
        household=False,
        help=_("The person's protection or residence status."),
        allowed="refugee, subsidiary, stateless, family_reunification, regularised, other",
        example="refugee",
    ),
    _col(
        "evidence_kind",
        "Justificatif",
        ["type de justificatif", "evidence", "evidence kind", "document"],
        household=False,
        help=_("The document proving the status, for the funds' eligibility controls."),
        allowed=(
            "ofpra_decision, cnda_decision, receipt, refugee_resident_card, subsidiary_card, "
            "family_reunification_visa, other_permit"
        ),
        example="ofpra_decision",
    ),
    _col(
        "evidence_number",
        "N° du justificatif",
        ["numero du justificatif", "evidence number", "document number"],
        household=False,
        help=_("Its number; required with a document."),
        example="OF-2018-55412",
    ),
    _col(
        "evidence_issued_on",
        "Justificatif délivré le",
        ["delivre le", "evidence issued on", "issued on"],
        household=False,
        help=_("%(date)s Required with a document.") % {"date": DATE_HELP},
        example="10/11/2018",
    ),
    _col(
        "evidence_expires_on",
        "Justificatif valable jusqu'au",
        ["valable jusqu'au", "expire le", "evidence expires on", "expires on"],
        household=False,
        help=_("%(date)s Empty for a document without an end.") % {"date": DATE_HELP},
    ),
    _col(
        "workshop_dates",
        "Dates d'atelier",
        ["atelier", "ateliers", "date atelier", "workshop dates", "workshops"],
        household=False,
        help=_(
            "The days this person attended an awareness workshop, separated by commas or "
            "spaces. One workshop of the site is created per day, without its times."
        ),
        example="18/02/2019",
    ),
    _col(
        "diagnostic_on",
        "Date entretien diagnostic",
        ["entretien 1", "date entretien 1", "diagnostic interview", "interview 1"],
        household=True,
        help=DATE_HELP,
        example="25/02/2019",
    ),
    _col(
        "plan_interview_on",
        "Date entretien projet",
        ["entretien 2", "date entretien 2", "plan interview", "interview 2"],
        household=True,
        help=_("%(date)s Needs the diagnostic interview on or before it.") % {"date": DATE_HELP},
        example="11/03/2019",
    ),
    _col(
        "plan_signed_on",
        "Date de signature du plan",
        ["plan signe le", "plan signed on"],
        household=True,
        help=_(
            "%(date)s Empty: the plan is signed on the day of its interview when the case "
            "went on to a move."
        )
        % {"date": DATE_HELP},
    ),
    _col(
        "lever",
        "Levier",
        ["levier du projet", "lever", "plan lever"],
        household=True,
        help=_("The plan's lever; may be empty for a case withdrawn before its move."),
        allowed="employment, training, housing",
        example="housing",
    ),
    _col(
        "target_region",
        "Région visée",
        ["region cible", "target region"],
        household=True,
        help=_("The plan's target region, by its name or INSEE code (outside Île-de-France)."),
        example="Auvergne-Rhône-Alpes",
    ),
    _col(
        "target_departement",
        "Département visé",
        ["departement cible", "target departement", "target department"],
        household=True,
        help=_("The plan's target département, by its code (69, 2A, 971) or its name."),
        example="69",
    ),
    _col(
        "moved_on",
        "Date de déménagement",
        ["date du demenagement", "date de relocalisation", "moved on", "moving date"],
        household=True,
        help=_("%(date)s Needs a plan signed on or before it.") % {"date": DATE_HELP},
        example="14/03/2020",
    ),
    _col(
        "destination_commune",
        "Commune d'arrivée",
        ["commune de destination", "destination commune", "destination town"],
        household=True,
        help=_("Where the household moved to."),
        example="Villeurbanne",
    ),
    _col(
        "destination_departement",
        "Département d'arrivée",
        ["departement de destination", "destination departement", "destination department"],
        household=True,
        help=_("Required with a move: its code or name, outside Île-de-France."),
        example="69",
    ),
    _col(
        "lever_used",
        "Levier utilisé",
        ["levier reel", "lever used"],
        household=True,
        help=_("The lever that made the move; empty: the plan's lever."),
        allowed="employment, training, housing",
    ),
    _col(
        "housing_obtained",
        "Logement obtenu",
        ["logement", "housing obtained"],
        household=True,
        help=_("Empty when the archive does not say."),
        allowed="social, private, hostel, temporary, other, none",
        example="social",
    ),
    _col(
        "moved",
        "A déménagé",
        ["demenage", "moved", "has moved"],
        household=False,
        help=_(
            "Whether this person moved with the household; empty counts as oui. Those who "
            "stayed behind are not counted among the persons relocated."
        ),
        allowed=YES_NO,
        example="oui",
    ),
    *[column for months in SCHEDULE_MONTHS for column in _followup_columns(months)],
    _col(
        "withdrawn_on",
        "Date d'abandon",
        ["date de sortie", "abandon le", "withdrawn on", "withdrawal date"],
        household=True,
        help=_("%(date)s With its reason; no event of the case after it.") % {"date": DATE_HELP},
    ),
    _col(
        "withdrawal_reason",
        "Motif d'abandon",
        ["motif de sortie", "withdrawal reason"],
        household=True,
        help=_("Required with a withdrawal date."),
        allowed=(
            "solution_idf, not_willing, not_eligible, lost_contact, refused_offers, "
            "health_family, other"
        ),
    ),
    _col(
        "closed_on",
        "Date de clôture",
        ["cloture le", "date de fin", "closed on", "closing date"],
        household=True,
        help=_("%(date)s Only for a household that moved, on or after its last event.")
        % {"date": DATE_HELP},
        example="20/04/2021",
    ),
)

BY_NAME = {column.name: column for column in COLUMNS}
TABULAR_COLUMNS = tuple(column.column for column in COLUMNS)
