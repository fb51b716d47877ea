"""Reading a Statistikbanken FOLK1A export and writing it as a population dataset.

Exports come in many shapes: semicolon-separated; UTF-8 with or without BOM, or Latin-1; area labels
with or without the code ('101 København'); rows for 'Hele landet', the regions and Christiansø or
not; one period or several, in rows or in columns. Every problem is reported with its line, and then
nothing is written.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..i18n import _, ngettext
from . import danish
from .errors import InvalidInput, Problem, UsageError, did_you_mean, display_path
from .models import PopulationDataset

PERIOD = re.compile(r"^\d{4}K[1-4]$")
CODED = re.compile(r"^(\d{3})\s+(.+)$")
NATIONAL, ISLAND = "Hele landet", "Christiansø"


@dataclass
class Export:
    """The figures of one period: each kommune's population, and the export's own totals."""

    path: str
    period: str
    populations: dict[str, int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)  # Hele landet, regions, Christiansø where present


def decode(raw: bytes, shown: str) -> str:
    if b"\x00" in raw:
        raise InvalidInput([Problem(shown, 1, 1, _("NUL byte: this is not a text export"), check="dst-format")])
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw.decode("utf-8-sig")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")  # Statistikbanken's other encoding; every byte is a character


def read(path: Path, period: str | None, reference: PopulationDataset) -> Export:
    shown = display_path(path)
    try:
        text = decode(path.read_bytes(), shown)
    except OSError as exc:
        raise UsageError(_("cannot read {path}: {reason}").format(path=path, reason=exc.strerror)) from None
    rows = [(n, [c.strip() for c in row]) for n, row in enumerate(csv.reader(io.StringIO(text), delimiter=";"), 1)]
    rows = [(n, row) for n, row in rows if any(row)]
    names = _names(reference)
    area = _best_column(rows, lambda cell: _area(cell, names) is not None)
    if area is None:
        message = _("no column of kommune names found (expected e.g. '101 København')")
        raise InvalidInput([Problem(shown, 1, 1, message, check="dst-format")])
    found = _by_columns(rows, area, names) or _by_rows(rows, area, shown)
    chosen = _period(found, period, shown)
    return _collect(shown, chosen, found[chosen], names, reference)


def regions(reference: PopulationDataset) -> list[str]:
    """The regions of the reference dataset, in the order of its kommuner (by code): data, not code, so
    an export for another structure (Region Østdanmark from 2027) needs a reference of that structure."""
    return list(dict.fromkeys(m.region for m in reference.municipalities))


def _names(reference: PopulationDataset) -> dict[str, str]:
    """Every accepted label (name, code, or both) to the kommune name or aggregate it means."""
    names = {m.name: m.name for m in reference.municipalities}
    names.update({str(m.code): m.name for m in reference.municipalities})
    names.update({a: a for a in (NATIONAL, ISLAND, *regions(reference))})
    names["411"] = ISLAND
    return names


def _area(cell: str, names: dict[str, str]) -> str | None:
    coded = CODED.match(cell)
    if coded:
        return names.get(coded.group(1)) or names.get(coded.group(2))
    return names.get(cell)


def _best_column(rows: list[tuple[int, list[str]]], test: Any) -> int | None:
    counts: dict[int, int] = {}
    for _line, row in rows:
        for index, cell in enumerate(row):
            if cell and test(cell):
                counts[index] = counts.get(index, 0) + 1
    return max(counts, key=lambda i: (counts[i], -i)) if counts else None


Cells = dict[str, list[tuple[int, str, str]]]  # period: [(line, area label, value text)]


def _by_columns(rows: list[tuple[int, list[str]]], area: int, names: dict[str, str]) -> Cells:
    """Periods as column headings: one header row naming the periods, then a row per area."""
    header = next((n_row for n_row in rows if _is_period_header(n_row[1], names)), None)
    if header is None:
        return {}
    columns = {i: c for i, c in enumerate(header[1]) if PERIOD.match(c)}
    found: Cells = {p: [] for p in columns.values()}
    for line, row in rows:
        if line <= header[0] or len(row) <= area or not row[area]:
            continue
        for index, period in columns.items():
            found[period].append((line, row[area], row[index] if index < len(row) else ""))
    return found


def _by_rows(rows: list[tuple[int, list[str]]], area: int, shown: str) -> Cells:
    """A row per area and period: the period in one column, the number in the last one."""
    period_col = _best_column(rows, lambda cell: bool(PERIOD.match(cell)))
    if period_col is None:
        message = _("no period found (expected e.g. 2023K1 in a row or a heading)")
        raise InvalidInput([Problem(shown, 1, 1, message, check="dst-format")])
    found: Cells = {}
    last_area = ""
    for line, row in rows:
        if len(row) <= period_col or not PERIOD.match(row[period_col]):
            continue
        last_area = row[area] if len(row) > area and row[area] else last_area  # formatted exports print it once
        found.setdefault(row[period_col], []).append((line, last_area, row[-1]))
    return found


def _is_period_header(row: list[str], names: dict[str, str]) -> bool:
    """A heading row: periods, no numbers, and no area (a data row whose value is '..' is no heading)."""
    periods = sum(bool(PERIOD.match(c)) for c in row)
    numbers = any(re.fullmatch(r"-?\d[\d .]*", c) for c in row)
    return periods >= 1 and not numbers and not any(_area(c, names) for c in row if c)


def _period(found: Cells, period: str | None, shown: str) -> str:
    periods = sorted(found)
    if period is not None:
        if period not in found:
            has = ", ".join(periods) or _("none")
            message = _("{file} has no period {period} (it has {periods})")
            raise UsageError(message.format(file=shown, period=period, periods=has))
        return period
    if len(periods) != 1:
        message = _("{file} holds several periods ({periods}): choose one with --period")
        raise UsageError(message.format(file=shown, periods=", ".join(periods)))
    return periods[0]


def _collect(
    shown: str, period: str, cells: list[tuple[int, str, str]], names: dict[str, str], reference: PopulationDataset
) -> Export:
    export = Export(shown, period)
    first: dict[str, int] = {}
    troubled: set[str] = set()
    problems = []
    known = [m.name for m in reference.municipalities]
    for line, label, text in cells:
        name = _area(label, names)
        if name is None:
            hint = did_you_mean(CODED.sub(r"\2", label), known)
            message = _("unknown area '{area}'").format(area=label)
            problems.append(Problem(shown, line, 1, message, hint, check="dst-unknown-area"))
            continue
        value = text.replace(" ", "").replace(".", "")
        if not re.fullmatch(r"\d+", value):
            troubled.add(name)
            message = _("{kommune}: '{text}' is not a number of inhabitants").format(kommune=name, text=text)
            problems.append(Problem(shown, line, 1, message, check="dst-number"))
            continue
        if name in first:
            message = _("{kommune} appears twice for {period} (first on line {line})").format(
                kommune=name, period=period, line=first[name]
            )
            problems.append(Problem(shown, line, 1, message, check="dst-twice"))
            continue
        first[name] = line
        (export.populations if name in known else export.totals)[name] = int(value)
    missing = [name for name in known if name not in export.populations and name not in troubled]
    if missing:
        message = ngettext(
            "no figure for {period} for {count} kommune: {names}",
            "no figure for {period} for {count} kommune(r): {names}",
            len(missing),
        ).format(period=period, count=len(missing), names=", ".join(missing))
        problems.append(Problem(shown, 1, 1, message, check="dst-missing"))
    if problems:
        raise InvalidInput(problems)
    return export


def checks(export: Export, reference: PopulationDataset) -> dict[str, Any]:
    """The totals to state in the dataset: the export's own where it has them, else the rows' sums."""
    region_of = {m.name: m.region for m in reference.municipalities}
    summed = {r: sum(v for n, v in export.populations.items() if region_of[n] == r) for r in regions(reference)}
    total = sum(export.populations.values())
    if NATIONAL in export.totals and ISLAND in export.totals:  # the nation less Christiansø, which is no kommune
        total = export.totals[NATIONAL] - export.totals[ISLAND]
    stated = {r: export.totals.get(r, summed[r]) for r in regions(reference)}
    return {"municipalities": len(export.populations), "total": total, "regions": stated}


def new_dataset(export: Export, reference: PopulationDataset, dataset_id: str) -> str:
    """A dataset file in the project's format, written from scratch."""
    stated = checks(export, reference)
    # The file is shared data, read by staff whatever language they run klynge in: its texts are Danish.
    own = "udtrækkets egne totaler" if export.totals else "summen af rækkerne (udtrækket havde ingen totaler)"
    lines = [
        "# yaml-language-server: $schema=../../schemas/population.schema.json",
        f"# Indbyggertal for Danmarks {len(export.populations)} kommuner, {export.period}.",
        f"# Indlæst med 'klynge data import-dst' fra {Path(export.path).name}.",
        "kind: population",
        f"id: {dataset_id}",
        f"title: Folketal {export.period} efter kommune",
        f"period: {export.period}",
        "source:",
        "  document: Danmarks Statistik, Statistikbanken, FOLK1A (Folketal den 1. i kvartalet)",
        f"  table: FOLK1A, {export.period}, i alt (køn), alder i alt",
        "checks:",
        f"  municipalities: {stated['municipalities']}",
        f"  total: {stated['total']}",
        "  regions:",
        *(f"    {region}: {value}" for region, value in stated["regions"].items()),
        "  source:",
        "    document: Danmarks Statistik, Statistikbanken, FOLK1A (Folketal den 1. i kvartalet)",
        f"    table: FOLK1A, {export.period}",
        f"    note: Tjek ud fra {own}.",
        "municipalities:",
    ]
    for m in reference.municipalities:
        lines.append(
            f"  - {{code: {m.code}, name: {m.name}, region: {m.region}, population: {export.populations[m.name]}}}"
        )
    return "\n".join(lines) + "\n"


def updated_dataset(text: str, export: Export, reference: PopulationDataset) -> str:
    """The existing file with its numbers replaced, keeping comments, key order and layout.

    Only figures of the file's own period: another quarter's would keep its id, title and source."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    data = yaml.load(text)
    if str(data.get("period")) != export.period:  # the command says so first, with the way out
        message = _("the dataset is for {period}, the export for {export}")
        raise UsageError(message.format(period=data.get("period"), export=export.period))
    for entry in data["municipalities"]:
        entry["population"] = export.populations[entry["name"]]
    if "checks" in data:
        stated = checks(export, reference)
        for key in ("municipalities", "total"):
            if key in data["checks"]:
                data["checks"][key] = stated[key]
        for region in data["checks"].get("regions") or {}:
            data["checks"]["regions"][region] = stated["regions"][region]
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def summary(export: Export) -> str:
    total = danish.number(sum(export.populations.values()))
    return _("{count} kommuner, {period}, {total} inhabitants in all").format(
        count=len(export.populations), period=export.period, total=total
    )
