"""``klynge regnskab template``: the workbook a klynge's staff fill in with its spending.

Sheets: the budget per contributor (numbers, kroner format), the entries with data validation
(contributors and initiatives as dropdowns, a date of the year, an amount as a decimal number), the
initiatives staff may extend, a guide, and a hidden, protected sheet ``klynge`` saying what the workbook
is for (engine/ledgerimport.py reads it back). No formula anywhere: every total is klynge's, from
``klynge regnskab``, so nothing staff change in a sum can reach the accounts.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from ..engine.errors import InvalidInput, Problem, display_path
from ..engine.ledgerimport import ENTRY_COLUMNS, METADATA_SHEET, Cell, TemplateInfo
from ..i18n import N_, _
from .xlsx import FIXED_TIME, print_setup, save

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

BUDGET_SHEET, ENTRIES_SHEET = N_("Budget"), N_("Entries")
INITIATIVES_SHEET, GUIDE_SHEET = N_("Initiatives"), N_("Guide")
HEADINGS = {
    "date": N_("Date"),
    "contributor": N_("Contributor"),
    "account": N_("Account"),
    "initiative": N_("Initiative"),
    "amount": N_("Amount (kr.)"),
    "text": N_("Text"),
}
WIDTHS = {"date": 13, "contributor": 24, "account": 14, "initiative": 32, "amount": 17, "text": 44}
FORMATTED_ROWS = 50  # empty rows laid out for entries; the validations reach VALIDATED_ROWS
VALIDATED_ROWS = 2000
INITIATIVE_ROWS = 60
KRONER = '#,##0.00 "kr."'
WHOLE_KRONER = '#,##0 "kr."'
DATE_FORMAT = "dd-mm-yyyy"
ENTRIES_HEADING_ROW = 4


@dataclass(frozen=True)
class Budget:
    """A klynge's budget under a rule: each contributor's contributions over every pot."""

    cluster_name: str
    rule_title: str
    source: str  # the rule's source line, as the reports print it
    contributors: list[tuple[str, str, Decimal]]  # name, "municipality" or "region", kroner


def first_row() -> int:
    return ENTRIES_HEADING_ROW + 1


def template(info: TemplateInfo, budget: Budget) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one sheet
    names = _budget_sheet(sheet, info, budget)
    _entries_sheet(book.create_sheet(info.entries_sheet), info, budget, names)
    _initiatives_sheet(book.create_sheet(_(INITIATIVES_SHEET)))
    _guide_sheet(book.create_sheet(_(GUIDE_SHEET)), info, budget)
    _metadata_sheet(book.create_sheet(METADATA_SHEET), info)
    book.properties.created = book.properties.modified = FIXED_TIME
    return save(book)


def _bold_row(sheet: Worksheet, values: list[object]) -> None:
    from openpyxl.styles import Font

    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def _budget_sheet(sheet: Worksheet, info: TemplateInfo, budget: Budget) -> str:
    """The contributors and their budgets; returns the range of their names, the contributor dropdown."""
    sheet.title = _(BUDGET_SHEET)
    title = _("Budget for {cluster} {year}").format(cluster=budget.cluster_name, year=info.year)
    _bold_row(sheet, [title])
    sheet.append([_("Rule: {title} ({id})").format(title=budget.rule_title, id=info.rule)])
    sheet.append([budget.source])
    sheet.append([])
    _bold_row(sheet, [_("Contributor"), _("Kind"), _("Budget (kr.)")])
    heading = sheet.max_row
    whole = all(amount == amount.to_integral_value() for *_rest, amount in budget.contributors)
    for name, kind, amount in budget.contributors:
        sheet.append([name, "region" if kind == "region" else "kommune", amount])
        sheet.cell(row=sheet.max_row, column=3).number_format = WHOLE_KRONER if whole else KRONER
    last = sheet.max_row
    total = sum((amount for *_rest, amount in budget.contributors), Decimal(0))
    _bold_row(sheet, [_("Total"), None, total])
    sheet.cell(row=sheet.max_row, column=3).number_format = WHOLE_KRONER if whole else KRONER
    sheet.append([])
    sheet.append([_("klynge wrote this total; it is no formula. klynge regnskab recomputes every total.")])
    for letter, width in zip("ABC", (34, 12, 18), strict=True):
        sheet.column_dimensions[letter].width = width
    print_setup(sheet, title, budget.source, heading, "C")
    return f"{_quoted(sheet.title)}!$A${heading + 1}:$A${last}"


def _quoted(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _entries_sheet(sheet: Worksheet, info: TemplateInfo, budget: Budget, contributors: str) -> None:
    from openpyxl.utils import get_column_letter

    title = _("Entries for {cluster} {year}").format(cluster=budget.cluster_name, year=info.year)
    _bold_row(sheet, [title])
    sheet.append([_("One row per expense or income; the klynge is the workbook's. See the sheet '{guide}'.").format(
        guide=_(GUIDE_SHEET)
    )])
    sheet.append([])
    _bold_row(sheet, [_(HEADINGS[key]) for key in ENTRY_COLUMNS])
    for index, key in enumerate(ENTRY_COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = WIDTHS[key]
        for row in range(info.first_row, info.first_row + FORMATTED_ROWS):
            sheet.cell(row=row, column=index).number_format = _cell_format(key)
    _validations(sheet, info, contributors)
    sheet.freeze_panes = sheet.cell(row=info.first_row, column=1)
    print_setup(sheet, title, budget.source, ENTRIES_HEADING_ROW, get_column_letter(len(ENTRY_COLUMNS)))


def _cell_format(key: str) -> str:
    # The account as text, or Excel would read 4.62 as a number and drop the dots' meaning.
    return {"date": DATE_FORMAT, "amount": KRONER, "account": "@"}.get(key, "General")


def _validations(sheet: Worksheet, info: TemplateInfo, contributors: str) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    rows = f"{info.first_row}:{info.first_row + VALIDATED_ROWS - 1}".split(":")
    initiatives = f"{_quoted(_(INITIATIVES_SHEET))}!$A$2:$A${INITIATIVE_ROWS + 1}"
    rules = {
        "A": DataValidation(type="date", operator="between", formula1=f"DATE({info.year},1,1)",
                            formula2=f"DATE({info.year},12,31)"),
        "B": DataValidation(type="list", formula1=contributors),
        "D": DataValidation(type="list", formula1=initiatives),
        "E": DataValidation(type="decimal", operator="between", formula1="-9999999999999.99",
                            formula2="9999999999999.99"),
    }
    texts = {
        "A": _("Enter a date in {year}, e.g. 30-09-{year}.").format(year=info.year),
        "B": _("Choose the kommune or region that booked it (the sheet '{budget}').").format(budget=_(BUDGET_SHEET)),
        "D": _("Choose the initiative; add a new one on the sheet '{sheet}' first.").format(sheet=_(INITIATIVES_SHEET)),
        "E": _("Kroner with at most two decimals; negative for an income."),
    }
    for letter, rule in rules.items():
        rule.allow_blank = True
        rule.error, rule.errorTitle, rule.showErrorMessage = texts[letter], _("Not allowed"), True
        rule.prompt, rule.showInputMessage = texts[letter], True
        rule.add(f"{letter}{rows[0]}:{letter}{rows[1]}")
        sheet.add_data_validation(rule)


def _initiatives_sheet(sheet: Worksheet) -> None:
    # the note beside the heading, not under it: the rows under it are the dropdown's list
    _bold_row(sheet, [_("Initiative")])
    sheet["B1"] = _("(add the klynge's initiatives in the rows below; they become the dropdown on the entries)")
    sheet.column_dimensions["A"].width = 48
    print_setup(sheet, _(INITIATIVES_SHEET), "", 1, "B")


GUIDE = (
    N_("How to fill in the klyngeregnskab for {cluster} {year}"),
    "",
    N_("1. Enter each expense or income on the sheet '{entries}', one row each: date, contributor, account, "
       "initiative, amount and text (the text may be left empty)."),
    N_("2. Contributor: the kommune or region that booked it; choose it from the list (the klynge's contributors "
       "under {rule}, as on the sheet '{budget}')."),
    N_("3. Account: the account in the kommunale or regionale kontoplan, as groups of digits separated by dots, "
       "e.g. 4.62.90.1."),
    N_("4. Initiative: choose it from the list; add a missing initiative on the sheet '{initiatives}' first."),
    N_("5. Amount: kroner with at most two decimals (øre); positive for an expense, negative for an income."),
    N_("6. Date: a date in {year}, e.g. 30-09-{year}."),
    "",
    N_("klynge recomputes every total from the entries: the workbook has no formula that klynge relies on, "
       "and sums you add yourself are for your own overview only."),
    N_("Read the entries back: klynge regnskab import FILE.xlsx -o poster.yaml; "
       "then: klynge regnskab {cluster_id} --ledger poster.yaml"),
    N_("Do not rename the sheets or change the hidden sheet 'klynge': it tells klynge what the workbook is for."),
)


def _guide_sheet(sheet: Worksheet, info: TemplateInfo, budget: Budget) -> None:
    from openpyxl.styles import Alignment, Font

    words = {
        "cluster": budget.cluster_name, "year": info.year, "entries": info.entries_sheet, "rule": info.rule,
        "budget": _(BUDGET_SHEET), "initiatives": _(INITIATIVES_SHEET), "cluster_id": info.cluster,
    }
    for line in GUIDE:
        sheet.append([_(line).format(**words) if line else None])
        sheet.cell(row=sheet.max_row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    sheet["A1"].font = Font(bold=True)
    sheet.column_dimensions["A"].width = 110
    print_setup(sheet, _(GUIDE[0]).format(**words), budget.source, 1, "A")


def _metadata_sheet(sheet: Worksheet, info: TemplateInfo) -> None:
    for key, value in info.rows():
        sheet.append([key, value])
    sheet.sheet_state = "hidden"
    sheet.protection.sheet = True  # read by klynge regnskab import; a changed value would misplace the entries


def read_workbook(path: Path) -> dict[str, list[list[Cell]]]:
    """Every sheet's rows of cells, for engine/ledgerimport.py; ``InvalidInput`` if it is no workbook."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, data_only=True)  # a formula a person typed counts by its value
    except Exception as exc:  # noqa: BLE001 - openpyxl raises zip, XML, key and value errors for a non-workbook
        message = _("cannot be read as an Excel workbook ({reason})").format(reason=type(exc).__name__)
        hint = _("save it as .xlsx in Excel")
        raise InvalidInput([Problem(display_path(path), 0, 0, message, hint, check="file-unreadable")]) from None
    return {
        sheet.title: [[Cell(c.row, c.column, c.value) for c in row] for row in sheet.iter_rows()]
        for sheet in book.worksheets
    }
