"""The documented template of a file of past cases, written from columns.py.

Its first sheet holds the headings and one example case, ready to be filled in (the import
reads the first sheet of a workbook only, so the explanations come second); the second sheet
explains every column. The headings are French whatever the interface language: they are
the file's format. The explanations follow the language of whoever downloads it.
"""

import io

from django.utils.translation import gettext as _

from core.tabular import heading_key

from .columns import COLUMNS, ImportColumn

FILENAME = "modele-import-dossiers.xlsx"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Words of the French aliases: the first alias with none of them is the English heading.
FRENCH_WORDS = frozenset(
    [
        "abandon",
        "atelier",
        "ateliers",
        "avec",
        "chef",
        "cible",
        "cloture",
        "de",
        "delivre",
        "demenage",
        "demenagement",
        "dossier",
        "du",
        "expire",
        "famille",
        "fin",
        "genre",
        "jusqu",
        "justificatif",
        "l",
        "le",
        "levier",
        "lien",
        "logement",
        "m",
        "menage",
        "mois",
        "motif",
        "n",
        "ne",
        "nee",
        "nom",
        "numero",
        "orientation",
        "orienteur",
        "orienteuse",
        "parente",
        "pays",
        "prenoms",
        "projet",
        "reel",
        "referent",
        "relocalisation",
        "signe",
        "sortie",
        "statut",
        "structure",
        "suivi",
        "type",
        "valable",
    ]
)


def english_heading(column: ImportColumn) -> str:
    for alias in column.column.aliases:
        if not FRENCH_WORDS & set(heading_key(alias).split()):
            return alias
    return column.name.replace("_", " ")


def _notes() -> list[str]:
    return [
        _("One row per person. The rows of one household share its case number (N° dossier)."),
        _(
            "Household columns (dates of the steps, plan, move, follow-ups, end of the case) "
            "may be filled on every row of the case or on its first row only."
        ),
        _("Dates: JJ/MM/AAAA (14/03/2020) or AAAA-MM-JJ (2020-03-14)."),
        _(
            "Where a column lists its allowed values, its code, its French label or its "
            "English label are all accepted."
        ),
        _(
            "The headings may also be written in English (second column below). An XLSX file "
            "is read from its first sheet only."
        ),
        _(
            "A CSV file is accepted too: separated by ; or , and saved in UTF-8 or "
            "Windows-1252 (what Excel writes)."
        ),
    ]


def template_workbook() -> bytes:
    """The template as XLSX bytes: sheet "Dossiers" (headings, an example), then "Explications"."""
    # Imported here: loading openpyxl is slow and only this download needs it.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    bold = Font(bold=True)
    workbook = Workbook()
    cases = workbook.active
    cases.title = "Dossiers"
    cases.append([column.heading for column in COLUMNS])
    cases.append([column.example or None for column in COLUMNS])
    for position, column in enumerate(COLUMNS, start=1):
        heading = cases.cell(row=1, column=position)
        heading.font = bold
        # Text cells: Excel would otherwise turn 04/02/2019 or 69 into its own values.
        cases.cell(row=2, column=position).number_format = "@"
        width = max(len(column.heading), len(column.example)) + 2
        cases.column_dimensions[heading.column_letter].width = min(width, 40)
    cases.freeze_panes = "A2"

    explained = workbook.create_sheet("Explications")
    for note in _notes():
        explained.append([note])
    explained.append([])
    explained.append(
        [
            _("Heading"),
            _("English heading"),
            _("Required"),
            _("One value per"),
            _("What it holds"),
            _("Allowed values"),
        ]
    )
    for cell in explained[explained.max_row]:
        cell.font = bold
    for column in COLUMNS:
        explained.append(
            [
                column.heading,
                english_heading(column),
                _("yes") if column.column.required else _("no"),
                _("household") if column.household else _("person"),
                str(column.help),
                str(column.allowed),
            ]
        )
    wrap = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEF", (30, 30, 12, 14, 70, 45), strict=True):
        explained.column_dimensions[letter].width = width
    for row in explained.iter_rows(min_row=len(_notes()) + 2):
        for cell in row:
            cell.alignment = wrap
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
