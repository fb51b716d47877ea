"""Checking a computed result against published tables and expected values, cell by cell.

A difference is allowed only when the rule declares it (row, column, exact difference, reason).
A declaration that no longer matches is reported too, so that declarations stay true. The
published table's own sums are checked as well: slips in a publication are reported, not hidden.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from ..i18n import N_, _
from . import csvtable, danish
from .errors import InvalidInput, did_you_mean, display_path
from .loader import Loaded, rule_id_in
from .models import PublishedTable, Rule
from .result import Result, Row
from .yamlio import JsonPath

ROW_KEYS = ("level", "region", "cluster", "name")


@dataclass(frozen=True)
class Cell:
    """A cell where the published and the computed value differ."""

    row: str
    column: str
    published: Fraction
    computed: Fraction
    reason: str | None = None
    declared: Fraction | None = None

    @property
    def difference(self) -> Fraction:
        return self.published - self.computed

    @property
    def ok(self) -> bool:
        return self.reason is not None and self.declared == self.difference


@dataclass
class TableCheck:
    """The outcome of checking one published table (or a rule's expectations)."""

    rule: str
    table: str
    checked: int = 0
    cells: list[Cell] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    sums: list[str] = field(default_factory=list)
    inherited: Inherited | None = None

    @property
    def failures(self) -> list[str]:
        wrong = [_failure(c) for c in self.cells if not c.ok]
        return wrong + self.stale + self.missing

    @property
    def ok(self) -> bool:
        return not self.failures


def _failure(cell: Cell) -> str:
    facts = {
        "row": cell.row,
        "column": cell.column,
        "published": danish.value(cell.published),
        "computed": danish.value(cell.computed),
        "difference": danish.signed(cell.difference),
    }
    if cell.declared is None:
        message = _("{row}, {column}: published {published}, computed {computed} ({difference}; not declared)")
        return message.format(**facts)
    message = _("{row}, {column}: published {published}, computed {computed} ({difference}; declared {declared})")
    return message.format(declared=danish.signed(cell.declared), **facts)


def check(result: Result, loaded: Loaded[Rule], rules_root: Path) -> list[TableCheck]:
    """Every published table and the expectations of the rule, checked against ``result``."""
    checks, problems = [], []
    for index, table in enumerate(loaded.model.published):
        try:
            checks.append(_check_table(result, loaded, index, table, rules_root))
        except InvalidInput as exc:  # every unreadable table at once
            problems += exc.problems
    if problems:
        raise InvalidInput(problems)
    if loaded.model.expect:
        checks.append(_check_expectations(result, loaded.model))
        checks[-1].inherited = _inherited(loaded, ("expect",))
    return checks


@dataclass(frozen=True)
class Inherited:
    """A variant's table that stands in its base rule, which the variant checks by 'inherit_checks: true'."""

    rule: str
    at: str
    switch: str


def _inherited(loaded: Loaded[Rule], where: JsonPath) -> Inherited | None:
    doc = loaded.doc
    declared_in = doc.origin.get(where, doc.path)
    if declared_in == doc.path:
        return None
    owner = rule_id_in(Path(declared_in)) or str(loaded.model.based_on)
    return Inherited(owner, doc.cite(where), doc.cite(("inherit_checks",)))


def value(row: Row, column: str, places: int = 1) -> Fraction:
    """The computed value a published column holds: a pot, the row total, the basis or the share.

    Basis and share are compared at the published precision (a table prints 48,0 %, not 0.48021...).
    """
    if column == "amount":
        return Fraction(row.amount)
    if column == "basis":
        return Fraction(danish.to_decimal(row.basis, places))
    if column == "share_percent":
        return Fraction(danish.to_decimal(row.share * 100, places))
    return Fraction(row.amounts[column])


def _check_table(result: Result, loaded: Loaded[Rule], index: int, table: PublishedTable, root: Path) -> TableCheck:
    # A table's file is found beside the rule that names it, which for an inherited table is the base.
    declared_in = Path(loaded.doc.origin.get(("published", index, "table"), loaded.doc.path))
    path = _locate(loaded, index, table, declared_in.parent, root)
    outcome = TableCheck(loaded.model.id, display_path(path), inherited=_inherited(loaded, ("published", index)))
    records = _read(path, table)
    declared = {(d.row, d.column): d for d in table.deviations}
    used: set[tuple[str, str]] = set()
    for record in records:
        row = _match(result, table, record)
        if row is None:
            message = _("published row {row} has no computed row").format(row=record.label(table))
            outcome.missing.append(f"{outcome.table}:{record.line}: {message}")
            continue
        for column, meaning in table.columns.items():
            published, places = record.numbers[column]
            computed = value(row, meaning, places)
            outcome.checked += 1
            if published != computed:
                deviation = declared.get((row.label, column))
                used.add((row.label, column))
                reason, expected = (deviation.reason, Fraction(deviation.difference)) if deviation else (None, None)
                outcome.cells.append(Cell(row.label, column, published, computed, reason, expected))
    outcome.stale = [
        _("declared deviation {row}, {column} ({difference}) does not occur").format(
            row=d.row, column=d.column, difference=danish.signed(Fraction(d.difference))
        )
        for d in table.deviations
        if (d.row, d.column) not in used
    ]
    outcome.sums = own_sums(table, records)
    return outcome


def _locate(loaded: Loaded[Rule], index: int, table: PublishedTable, rule_dir: Path, root: Path) -> Path:
    for base in (rule_dir, root):
        if (base / table.table).is_file():
            return base / table.table
    message = _("published table not found: {table} (looked beside the rule and in {folder})").format(
        table=table.table, folder=display_path(root)
    )
    raise InvalidInput([loaded.doc.problem(("published", index, "table"), message, check="published-table-missing")])


@dataclass(frozen=True)
class Published:
    """One row of a published table: the cells that identify it, and its numbers (value, decimals)."""

    line: int
    keys: dict[str, str]
    numbers: dict[str, tuple[Fraction, int]]

    def label(self, table: PublishedTable) -> str:
        by_meaning = {meaning: self.keys[column] for column, meaning in table.rows.items()}
        level, region = by_meaning.get("level"), by_meaning.get("region")
        if level == "cluster" and region:
            return f"{by_meaning.get('cluster') or by_meaning.get('name')} ({region})"
        if level == "region" and region:
            return region
        if level == "total":
            return "I alt"
        return " / ".join(value for value in self.keys.values() if value) or _("line {line}").format(line=self.line)


def _read(path: Path, table: PublishedTable) -> list[Published]:
    shown = display_path(path)
    sheet = csvtable.read_sheet(csvtable.read_text(path, shown), shown, [*table.rows, *table.columns])
    records, problems = [], []
    for line, raw in sheet.rows:
        numbers = {}
        for column in table.columns:
            parsed = csvtable.number(raw.get(column, ""), danish_only=sheet.delimiter != ",")
            if parsed is None:
                problems.append(csvtable.not_a_number(shown, line, column, raw.get(column, ""), sheet.delimiter))
            else:
                numbers[column] = parsed
        records.append(Published(line, {c: raw.get(c, "").strip() for c in table.rows}, numbers))
    if problems:
        raise InvalidInput(problems)
    return records


def _attribute(row: Row, key: str) -> str:
    if key == "cluster":
        return row.name if row.level == "cluster" else (row.cluster or "")
    if key == "region":
        return "" if row.level == "total" else (row.region or "")
    return str(getattr(row, key))


def _match(result: Result, table: PublishedTable, record: Published) -> Row | None:
    hits = [r for r in result.rows if all(_attribute(r, key) == record.keys[col] for col, key in table.rows.items())]
    return hits[0] if len(hits) == 1 else None


def own_sums(table: PublishedTable, records: list[Published]) -> list[str]:
    """Where the published table's parts do not add up to its own totals."""
    level = next((c for c, k in table.rows.items() if k == "level"), None)
    region = next((c for c, k in table.rows.items() if k == "region"), None)
    money = [c for c, meaning in table.columns.items() if meaning not in ("basis", "share_percent")]
    found = _hierarchy_slips(table, records, level, region, money) if level and region else []
    totals = [c for c, meaning in table.columns.items() if meaning == "amount"]
    pots = [c for c in money if c not in totals]
    for record in records if pots else []:
        found += [_row_slip(table, record, total, pots) for total in totals]
    return [slip for slip in found if slip]


def _hierarchy_slips(
    table: PublishedTable, records: list[Published], level: str, region: str, money: list[str]
) -> list[str]:
    found = []
    for parent in records:
        if parent.keys[level] == "region":
            parts = [r for r in records if r.keys[level] == "cluster" and r.keys[region] == parent.keys[region]]
            found += [_sum_slip(table, parent, c, parts, CLUSTERS_SUM) for c in money]
        elif parent.keys[level] == "total":
            parts = [r for r in records if r.keys[level] == "region"]
            found += [_sum_slip(table, parent, c, parts, REGIONS_SUM) for c in money]
    return found


CLUSTERS_SUM = N_("{row}, {column}: {stated} published, its clusters sum to {total} ({difference})")
REGIONS_SUM = N_("{row}, {column}: {stated} published, the regions sum to {total} ({difference})")


def _sum_slip(table: PublishedTable, parent: Published, column: str, parts: list[Published], what: str) -> str:
    stated = parent.numbers[column][0]
    total = sum((p.numbers[column][0] for p in parts), Fraction(0))
    if not parts or stated == total:
        return ""
    return _(what).format(
        row=parent.label(table),
        column=column,
        stated=danish.value(stated),
        total=danish.value(total),
        difference=danish.signed(stated - total),
    )


def _row_slip(table: PublishedTable, record: Published, total: str, pots: list[str]) -> str:
    stated = record.numbers[total][0]
    parts = sum((record.numbers[c][0] for c in pots), Fraction(0))
    if stated == parts:
        return ""
    return _("{row}, {column}: {stated} published, {parts} = {total} ({difference})").format(
        row=record.label(table),
        column=total,
        stated=danish.value(stated),
        parts=" + ".join(pots),
        total=danish.value(parts),
        difference=danish.signed(stated - parts),
    )


def _check_expectations(result: Result, rule: Rule) -> TableCheck:
    outcome = TableCheck(rule.id, "expect")
    by_label = {row.label: row for row in result.rows}
    for item in rule.expect:
        row = by_label.get(item.row)
        if row is None:
            message = _("no row '{row}'").format(row=item.row)
            outcome.missing.append(f"expect: {message}{_row_hint(item.row, list(by_label))}")
            continue
        places = max(0, -int(item.value.as_tuple().exponent))
        computed = value(row, item.column, places)
        outcome.checked += 1
        if Fraction(item.value) != computed:
            outcome.cells.append(Cell(row.label, item.column, Fraction(item.value), computed))
    return outcome


def _row_hint(row: str, labels: list[str]) -> str:
    """A kommune in a rule per klynge is 'København (Klynge Syd)', a klynge 'Klynge Syd (Region Hovedstaden)'."""
    qualified = [label for label in labels if label.startswith(f"{row} (")]
    if qualified:
        spelled = _(" or ").join(repr(q) for q in qualified)
        hint = _("write it as in the table: {labels}").format(labels=spelled)
        return f" ({hint})"
    hint = did_you_mean(row, labels)
    return f" ({hint})" if hint else ""
