"""A report as an HTML table, for the local page (``klynge serve``): one renderer among text, Markdown
and xlsx, reading the same report model.

Cells are written in Danish notation by their column's kind, as the terminal shows them; numbers align
right. The markup is escaped here (stdlib ``html``), so the renderer needs no template engine and the
page's templates take its output as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from .model import Kind, Line, Report

NUMERIC = frozenset(kind for kind in Kind if kind is not Kind.text)


def table(report: Report, links: Sequence[str | None] = (), caption: bool = True) -> str:
    """The report's table; ``links`` (by line) make a line's first cell a link, and the whole row clickable.

    A report without lines shows its ``empty`` text instead of a table."""
    if not report.lines:
        return f'<p class="empty">{escape(report.empty)}</p>' if report.empty else ""
    head = "".join(f'<th scope="col"{_aligned(column.kind)}>{escape(column.heading)}</th>' for column in report.columns)
    body = "\n".join(_row(report, line, links[i] if i < len(links) else None) for i, line in enumerate(report.lines))
    title = f"<caption>{escape(report.title)}</caption>" if caption else ""
    opening = f'<table class="report" id="{escape(report.id)}">{title}<thead><tr>{head}</tr></thead>'
    return f"{opening}\n<tbody>\n{body}\n</tbody></table>"


def notes(report: Report) -> str:
    """The notes below a table, one paragraph each (rates, rounding, sources)."""
    if not report.notes:
        return ""
    items = "".join(f"<li>{escape(note)}</li>" for note in report.notes if note.strip())
    return f'<ul class="notes">{items}</ul>'


def _row(report: Report, line: Line, link: str | None) -> str:
    classes = [name for name, on in (("strong", line.strong), ("group-end", line.ends_group)) if on]
    cells = []
    for index, (column, text) in enumerate(zip(report.columns, report.shown(line), strict=True)):
        shown = escape(text)
        if index == 0 and link:
            shown = f'<a href="{escape(link)}">{shown}</a>'
        tag = "th" if index == 0 else "td"
        scope = ' scope="row"' if index == 0 else ""
        cells.append(f"<{tag}{scope}{_aligned(column.kind)}>{shown}</{tag}>")
    attributes = f' class="{" ".join(classes)}"' if classes else ""
    attributes += f' data-href="{escape(link)}"' if link else ""
    return f"<tr{attributes}>{''.join(cells)}</tr>"


def _aligned(kind: Kind) -> str:
    return ' class="num"' if kind in NUMERIC else ""
