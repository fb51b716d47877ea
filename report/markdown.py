"""A report as Markdown, for a memo or a pull-request comment: strong lines in bold, notes below."""

from __future__ import annotations

from .model import Kind, Report


def markdown(report: Report) -> str:
    lines = [f"{'#' * report.level} {report.heading or report.title}", ""]
    if report.lines:
        lines.append("| " + " | ".join(c.heading for c in report.columns) + " |")
        # numbers to the right, the first column and text to the left, as on the terminal
        rest = ["---" if c.kind is Kind.text else "---:" for c in report.columns[1:]]
        lines.append("|" + "|".join(["---", *rest]) + "|")
        for line in report.lines:
            cells = report.shown(line)
            lines.append("| " + " | ".join(f"**{c}**" if line.strong and c else c for c in cells) + " |")
        lines.append("")
    lines += [f"{note}  " for note in report.notes]
    return "\n".join(lines).rstrip() + "\n"
