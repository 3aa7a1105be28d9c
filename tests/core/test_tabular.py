"""core.tabular: any CSV or XLSX upload read into headings and numbered rows, or refused."""

import datetime
import io
import struct
import zlib
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from core.tabular import (
    CellError,
    Column,
    RowError,
    TabularFileError,
    looks_like_formula,
    match_headings,
    parse_date,
    parse_decimal,
    read_table,
    read_upload,
)

MB = 1024 * 1024
COLUMNS = (
    Column("referral_date", "Date d'orientation", ("date d'orientation", "referral date")),
    Column("centre", "Centre orienteur", ("centre orienteur", "referring centre")),
    Column("birth_date", "Date de naissance", ("né le", "birth date"), required=False),
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def csv_table(text: str, *, encoding="utf-8", bom=False, max_bytes=MB):
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding)
    return read_table(data, name="export.csv", max_bytes=max_bytes)


@pytest.mark.parametrize(
    ("encoding", "bom"), [("utf-8", False), ("utf-8", True), ("cp1252", False)]
)
@pytest.mark.parametrize("delimiter", [";", ","])
def test_every_encoding_separator_and_bom_reads_the_same(encoding, bom, delimiter):
    text = delimiter.join(["Date d'orientation", "Centre orienteur"]) + "\r\n"
    text += delimiter.join(["05/03/2026", "Forum Réfugiés – Île-de-France"]) + "\r\n"
    table = csv_table(text, encoding=encoding, bom=bom)
    assert table.headings == ("Date d'orientation", "Centre orienteur")
    assert [row.cells for row in table.rows] == [("05/03/2026", "Forum Réfugiés – Île-de-France")]


def test_a_quoted_separator_stays_in_its_cell():
    table = csv_table('Centre orienteur;Note\nCADA;"un; deux"\n')
    assert table.rows[0].cells == ("CADA", "un; deux")


def test_empty_lines_are_skipped_but_rows_keep_the_spreadsheet_numbers():
    table = csv_table(
        "Date d'orientation;Centre orienteur\n\n01/01/2026;A\n;\n  ;  \n02/01/2026;B\n"
    )
    assert [(row.number, row.cells[1]) for row in table.rows] == [(3, "A"), (6, "B")]


def test_values_are_stripped_and_short_rows_padded():
    table = csv_table("Date d'orientation;Centre orienteur\n 01/01/2026 \n")
    headings = match_headings(table.headings, COLUMNS)
    assert table.rows[0].values(headings.positions) == {
        "referral_date": "01/01/2026",
        "centre": "",
    }


@pytest.mark.parametrize(
    "headings",
    [
        ["Date d'orientation", "Centre orienteur", "Né le"],
        ["DATE D’ORIENTATION", "centre  orienteur ", "ne le"],
        ["Referral date", "Referring centre", "Birth date"],
        ["referral_date", "REFERRING-CENTRE", "Birth date"],
    ],
)
def test_headings_match_in_french_or_english_whatever_the_accents_and_case(headings):
    found = match_headings(headings, COLUMNS)
    assert found.positions == {"referral_date": 0, "centre": 1, "birth_date": 2}
    assert found.missing == [] and found.unknown == []


def test_an_explicit_mapping_wins_over_the_aliases():
    headings = ["Arrivée", "Structure", "Centre orienteur"]
    mapping = {"arrivee": "referral_date", "Structure": "centre", "Centre orienteur": ""}
    found = match_headings(headings, COLUMNS, mapping=mapping)
    assert found.positions == {"referral_date": 0, "centre": 1}
    assert found.unknown == ["Centre orienteur"]


def test_missing_and_unknown_columns_are_reported_on_row_one():
    found = match_headings(["Centre orienteur", "Couleur", "", "Centre"], COLUMNS)
    assert [column.name for column in found.missing] == ["referral_date"]
    assert found.unknown == ["Couleur", "Centre"]
    assert found.errors() == [
        RowError(1, "Date d'orientation", "This column is missing from the file.")
    ]
    assert [(e.row, e.column) for e in found.errors(refuse_unknown=True)] == [
        (1, "Date d'orientation"),
        (1, "Couleur"),
        (1, "Centre"),
    ]


def test_dates_in_french_or_iso_spelling():
    assert parse_date("05/03/2026") == parse_date("2026-03-05") == datetime.date(2026, 3, 5)
    assert parse_date(" 5/3/2026 ") == datetime.date(2026, 3, 5)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("31/02/2026", "does not exist"),
        ("2026-02-30", "does not exist"),
        ("12/13/2026", "does not exist"),
        ("29/02/2025", "does not exist"),
        ("01/01/1899", "between 1900 and 2100"),
        ("2101-01-01", "between 1900 and 2100"),
        ("2026/03/05", "Not a date"),
        ("mars 2026", "Not a date"),
        ("", "Not a date"),
    ],
)
def test_impossible_dates_are_refused_with_a_reason(text, reason):
    with pytest.raises(CellError) as refused:
        parse_date(text)
    assert reason in refused.value.message
    assert isinstance(refused.value, ValueError)


def test_decimals_with_a_comma_or_a_point():
    assert parse_decimal("1 234,56") == parse_decimal("1234.56") == Decimal("1234.56")
    assert parse_decimal("1.234,56 €") == parse_decimal("1,234.56") == Decimal("1234.56")
    assert parse_decimal("-3,5") == Decimal("-3.5")
    for bad in ("", "abc", "12,3,4", "1e5", "NaN"):
        with pytest.raises(CellError):
            parse_decimal(bad)


def test_formula_looking_cells_are_flagged():
    for formula in ("=1+1", '=HYPERLINK("x")', "+33 1 23", "-2", "@SUM(A1)", "\tx", "\x01"):
        assert looks_like_formula(formula)
    for text in ("SNCF", "", "1 234,56", "a=b", None, 12):
        assert not looks_like_formula(text)


def test_a_file_over_the_limit_is_refused_in_french():
    upload = SimpleUploadedFile("export.csv", b"a;b\n" + b"x" * (2 * MB), content_type="text/csv")
    with translation.override("fr"), pytest.raises(TabularFileError) as refused:
        read_upload(upload, max_bytes=2 * MB)
    assert refused.value.message == "Le fichier est trop volumineux (2 Mo au plus)."
    with pytest.raises(TabularFileError):
        read_table(b"x" * 11, name="export.csv", max_bytes=10)


def png_bytes() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("photo.csv", png_bytes(), "not a CSV text file"),
        ("scan.csv", b"%PDF-1.4\n1 0 obj << >> endobj\n", "not a CSV text file"),
        ("export.csv", b"a;b\n1;\x00\n", "not a CSV text file"),
        ("export.csv", b"a;b\n1;" + b"x" * 200_000 + b"\n", "not a CSV text file"),
        ("export.csv", b"", "empty"),
        ("export.xlsx", b"PK\x03\x04 this is no workbook", "not a readable XLSX"),
        ("export.xlsx", png_bytes(), "not a readable XLSX"),
        ("export.pdf", b"a;b\n", "CSV (.csv) or XLSX (.xlsx)"),
    ],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused(name, data, reason):
    with pytest.raises(TabularFileError) as refused:
        read_table(data, name=name, max_bytes=MB)
    assert reason in refused.value.message


def xlsx_bytes(rows) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for number, row in rows:
        for column, value in enumerate(row, start=1):
            sheet.cell(row=number, column=column, value=value)
    handle = io.BytesIO()
    workbook.save(handle)
    return handle.getvalue()


def test_a_corrupt_xlsx_is_refused():
    data = bytearray(xlsx_bytes([(1, ["Date"]), (2, [datetime.date(2026, 1, 1)])]))
    data[len(data) // 2 : len(data) // 2 + 200] = b"\xff" * 200
    with pytest.raises(TabularFileError):
        read_table(bytes(data), name="export.xlsx", max_bytes=MB)


def test_an_xlsx_with_real_dates_numbers_and_a_formula():
    data = xlsx_bytes(
        [
            (1, ["Date d'orientation", "Centre orienteur", "Montant", "Personnes", None]),
            (2, [datetime.datetime(2026, 3, 5), "CADA Lyon", 1234.56, 3]),
            (4, [datetime.date(2025, 12, 31), "=A1&B1", 0.00001, True]),
        ]
    )
    table = read_table(data, name="Historique.XLSX", max_bytes=MB)
    assert table.headings == ("Date d'orientation", "Centre orienteur", "Montant", "Personnes")
    assert [(row.number, row.cells) for row in table.rows] == [
        (2, ("2026-03-05", "CADA Lyon", "1234.56", "3")),
        (4, ("2025-12-31", "=A1&B1", "0.00001", "1")),
    ]
    first, second = table.rows
    assert parse_date(first.cells[0]) == datetime.date(2026, 3, 5)
    assert parse_decimal(first.cells[2]) == Decimal("1234.56")
    assert looks_like_formula(second.cells[1])


def test_an_empty_xlsx_is_an_empty_file():
    with pytest.raises(TabularFileError) as refused:
        read_table(xlsx_bytes([]), name="export.xlsx", max_bytes=MB)
    assert "empty" in refused.value.message


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2048), st.sampled_from(["export.csv", "export.xlsx", "export.txt"]))
def test_any_bytes_are_read_or_refused_with_the_readers_error(data, name):
    try:
        table = read_table(data, name=name, max_bytes=1024)
    except TabularFileError as error:
        assert error.message
    else:
        assert all(row.number >= 2 for row in table.rows)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=512))
def test_any_bytes_after_a_zip_signature_are_refused_cleanly(tail):
    with pytest.raises(TabularFileError):
        read_table(b"PK\x03\x04" + tail, name="export.xlsx", max_bytes=1024)
