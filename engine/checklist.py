"""Every check klynge makes, by name: its id, its level and what it looks for (as yamllint's rules).

Each ``Problem`` names the check that found it; the check's level (error or warning) is stated here and
nowhere else. ``klynge checks`` prints this list; ``validate --format json|github`` carries the ids.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Check:
    id: str  # short, kebab-case: what a tool, a filter or a translation keys on
    level: str  # ERROR stops validate and calc; WARNING is worth a look and stops nothing
    description: str  # one line, English


def _checks(level: str, *pairs: tuple[str, str]) -> list[Check]:
    return [Check(check_id, level, description) for check_id, description in pairs]


CHECKS: tuple[Check, ...] = (
    *_checks(
        ERROR,
        # Reading a YAML file (engine/yamlio.py, engine/loader.py, engine/schema.py)
        ("file-unreadable", "The file cannot be read."),
        ("file-too-large", "The file is larger than klynge reads (5 MB)."),
        ("file-not-text", "The file is not UTF-8 text: a NUL byte, or bytes that are not UTF-8."),
        ("yaml-syntax", "The file is not valid YAML (a tab in the indentation, say)."),
        ("yaml-too-deep", "Mappings and lists nest deeper than 64 levels."),
        ("yaml-too-many-values", "Aliases (*name) expand to more than 200,000 values."),
        ("duplicate-key", "A key appears twice in one mapping."),
        ("key-not-text", "A key is a list, a mapping or a merge key (<<) instead of plain text."),
        ("danish-thousands", "A number with a dot as thousands separator (370.000), which YAML reads as a decimal."),
        ("file-kind", "The file is no mapping, or its kind is missing or unknown."),
        ("schema", "A value does not fit the schema of its file kind: a missing or unknown key, a wrong type or form."),
        ("weight-needs-reason", "A weight is given without a weight_reason saying why."),
        ("basis-needs-reason", "A basis is given without a basis_reason saying why."),
        # Variants and the rules directory (engine/loader.py, engine/workspace.py, engine/validate.py)
        ("based-on-cycle", "based_on goes round in a circle."),
        ("based-on-unknown", "based_on names a rule that is nowhere to be found."),
        ("inherit-checks-conflict", "inherit_checks: true, yet the variant gives published or expect of its own."),
        ("inherit-checks-without-base", "inherit_checks in a rule that has no based_on."),
        ("duplicate-id", "Two files of the same kind use the same id."),
        ("shipped-id", "A file has the id of a file klynge ships, without replaces_shipped: true."),
        ("replaces-nothing", "replaces_shipped: true, yet klynge ships no file with that id."),
        # Population datasets (engine/checks.py)
        ("dataset-id-period", "A dataset's id names another quarter than its period."),
        ("dataset-duplicate", "A municipality's name or code appears twice in a dataset."),
        ("dataset-totals", "A dataset's checks (count, total, region sums) disagree with its municipalities."),
        # Rules and parameters (engine/checks.py, engine/parameters.py, engine/plan.py)
        ("unknown-dataset", "A rule's basis names a dataset that does not exist."),
        ("unknown-parameter", "A rule uses a parameter it does not declare."),
        ("parameter-type", "A parameter is used where its type does not fit."),
        ("parameter-value", "A parameter's default or given value is not of its type."),
        ("parameter-given-twice", "A parameter is given in more than one parameters file."),
        ("undeclared-parameter", "A parameters file gives a value that no rule declares."),
        ("co-chair-member", "A co-chair names an unknown klynge, or a kommune that is not a member of it."),
        ("pot-id-twice", "Two pots of a rule have the same id."),
        ("unknown-column", "A published table or expectation names neither a pot nor a value column."),
        ("deviation-twice", "A deviation from a published cell is declared twice."),
        ("whole-rounding-units", "A pot split by largest_remainder is not a whole number of rounding units."),
        ("paid-to-co-chair", "A pot paid to the medformandskommune is not given for_each_cluster."),
        ("split-to-cluster", "split_to: cluster without members taken from a cluster registry."),
        ("nothing-to-split", "The members, a klynge or a region have no inhabitants to split a pot by."),
        ("region-key-missing", "A by_region pot's key has no value for a region of the members."),
        ("counted-once", "A kommune selected in several klynger counts with more than its population."),
        # Members and cluster registries (engine/members.py, engine/checks.py)
        ("unknown-municipality", "A member is not a municipality of the dataset."),
        ("member-twice", "A kommune is a member twice: in a rule's members or in one klynge of a registry."),
        ("basis-above-population", "A member's basis is more than its population."),
        ("unknown-registry", "A rule takes its members from a cluster registry that does not exist."),
        ("unknown-cluster", "A rule or an override names a klynge its registry does not have."),
        ("override-ambiguous", "An override without cluster: matches its kommune in several klynger."),
        ("override-unused", "An override names a kommune that is not among the selected members."),
        ("contributing-weights-sum", "A kommune's contributing weights do not sum to exactly 1."),
        ("cluster-id-twice", "Two klynger of a registry have the same id."),
        ("partial-needs-weight", "A partial member has no weight."),
        ("weight-without-contribution", "A member that does not contribute has a weight."),
        # Published tables (engine/published.py, engine/csvtable.py)
        ("published-table-missing", "A published table's file is not found."),
        ("csv-unreadable", "A published table cannot be read as text: binary, too large, or an unknown encoding."),
        ("csv-format", "A published table is no CSV table with a header line, the rule's columns and rows."),
        ("csv-number", "A checked cell of a published table is empty or not a number."),
        # Statistikbanken exports (engine/statbank.py, klynge data import-dst)
        ("dst-format", "An export has no column of kommune names or no period."),
        ("dst-unknown-area", "An export names an area that is no kommune, region or the whole country."),
        ("dst-number", "An export's figure is not a number of inhabitants."),
        ("dst-twice", "An export gives a kommune twice for the same period."),
        ("dst-missing", "An export has no figure for some kommuner."),
    ),
    *_checks(
        WARNING,
        ("co-chair-administrative", "A medformandskommune takes part in its klynge only administratively (**)."),
    ),
)

BY_ID: dict[str, Check] = {check.id: check for check in CHECKS}


def level_of(check_id: str) -> str:
    """The level of a registered check; an id that is not registered is a programming error."""
    try:
        return BY_ID[check_id].level
    except KeyError:
        raise ValueError(f"no check named {check_id!r} in engine/checklist.py") from None


def listing() -> str:
    """The registry as text, one check a line: id, level, description."""
    wide = max(len(check.id) for check in CHECKS)
    return "".join(f"{c.id:<{wide}}  {c.level:<7}  {c.description}\n" for c in CHECKS)
