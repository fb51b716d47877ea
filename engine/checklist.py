"""Every check klynge makes, by name: its id, its level and what it looks for (as yamllint's rules).

Each ``Problem`` names the check that found it; the check's level (error or warning) is stated here and
nowhere else. ``klynge checks`` prints this list; ``validate --format json|github`` carries the ids.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import N_, _

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Check:
    id: str  # short, kebab-case: what a tool, a filter or a translation keys on
    level: str  # ERROR stops validate and calc; WARNING is worth a look and stops nothing
    description: str  # one line, the English msgid: translated where shown (listing, records)


def _checks(level: str, *pairs: tuple[str, str]) -> list[Check]:
    return [Check(check_id, level, description) for check_id, description in pairs]


CHECKS: tuple[Check, ...] = (
    *_checks(
        ERROR,
        # Reading a YAML file (engine/yamlio.py, engine/loader.py, engine/schema.py)
        ("file-unreadable", N_("The file cannot be read.")),
        ("file-too-large", N_("The file is larger than klynge reads (5 MB).")),
        ("file-not-text", N_("The file is not UTF-8 text: a NUL byte, or bytes that are not UTF-8.")),
        ("yaml-syntax", N_("The file is not valid YAML (a tab in the indentation, say).")),
        ("yaml-too-deep", N_("Mappings and lists nest deeper than 64 levels.")),
        ("yaml-too-many-values", N_("Aliases (*name) expand to more than 200,000 values.")),
        ("duplicate-key", N_("A key appears twice in one mapping.")),
        ("key-not-text", N_("A key is a list, a mapping or a merge key (<<) instead of plain text.")),
        (
            "danish-thousands",
            N_("A number with a dot as thousands separator (370.000), which YAML reads as a decimal."),
        ),
        ("file-kind", N_("The file is no mapping, or its kind is missing or unknown.")),
        (
            "schema",
            N_("A value does not fit the schema of its file kind: a missing or unknown key, a wrong type or form."),
        ),
        ("weight-needs-reason", N_("A weight is given without a weight_reason saying why.")),
        ("basis-needs-reason", N_("A basis is given without a basis_reason saying why.")),
        # Variants and the rules directory (engine/loader.py, engine/workspace.py, engine/validate.py)
        ("based-on-cycle", N_("based_on goes round in a circle.")),
        ("based-on-unknown", N_("based_on names a rule that is nowhere to be found.")),
        ("inherit-checks-conflict", N_("inherit_checks: true, yet the variant gives published or expect of its own.")),
        ("inherit-checks-without-base", N_("inherit_checks in a rule that has no based_on.")),
        ("duplicate-id", N_("Two files of the same kind use the same id.")),
        ("shipped-id", N_("A file has the id of a file klynge ships, without replaces_shipped: true.")),
        ("replaces-nothing", N_("replaces_shipped: true, yet klynge ships no file with that id.")),
        # Population datasets (engine/checks.py)
        ("dataset-id-period", N_("A dataset's id names another quarter than its period.")),
        ("dataset-duplicate", N_("A municipality's name or code appears twice in a dataset.")),
        ("dataset-totals", N_("A dataset's checks (count, total, region sums) disagree with its municipalities.")),
        # Rules and parameters (engine/checks.py, engine/parameters.py, engine/plan.py)
        ("unknown-dataset", N_("A rule's basis names a dataset that does not exist.")),
        ("unknown-parameter", N_("A rule uses a parameter it does not declare.")),
        ("parameter-type", N_("A parameter is used where its type does not fit.")),
        ("parameter-value", N_("A parameter's default or given value is not of its type.")),
        ("parameter-given-twice", N_("A parameter is given in more than one parameters file.")),
        ("undeclared-parameter", N_("A parameters file gives a value that no rule declares.")),
        ("co-chair-member", N_("A co-chair names an unknown klynge, or a kommune that is not a member of it.")),
        ("parameter-cluster", N_("An amount per klynge names a klynge the rule's registry does not have.")),
        (
            "per-cluster",
            N_("per_cluster on a parameter that is no amount, or an amount per klynge where the pot has none."),
        ),
        ("payout-shape", N_("A payout key on a pot that is not pooled and paid to the medformandskommuner.")),
        ("payout-table-sum", N_("The amounts of a payout table do not sum to the pool.")),
        ("pot-id-twice", N_("Two pots of a rule have the same id.")),
        ("unknown-column", N_("A published table or expectation names neither a pot nor a value column.")),
        ("deviation-twice", N_("A deviation from a published cell is declared twice.")),
        ("whole-rounding-units", N_("A pot split by largest_remainder is not a whole number of rounding units.")),
        (
            "totals-with-largest-remainder",
            N_("rounding.totals: exact with method: largest_remainder, whose totals are always sums."),
        ),
        ("paid-to-co-chair", N_("A pot paid to the medformandskommune is not given for_each_cluster.")),
        ("split-to-cluster", N_("split_to: cluster without members taken from a cluster registry.")),
        ("nothing-to-split", N_("The members, a klynge or a region have no inhabitants to split a pot by.")),
        ("region-key-missing", N_("A by_region pot's key has no value for a region of the members.")),
        ("counted-once", N_("A kommune selected in several klynger counts with more than its population.")),
        # Members and cluster registries (engine/members.py, engine/checks.py)
        ("unknown-municipality", N_("A member is not a municipality of the dataset.")),
        ("member-twice", N_("A kommune is a member twice: in a rule's members or in one klynge of a registry.")),
        ("basis-above-population", N_("A member's basis is more than its population.")),
        ("unknown-registry", N_("A rule takes its members from a cluster registry that does not exist.")),
        ("unknown-cluster", N_("A rule or an override names a klynge its registry does not have.")),
        ("override-ambiguous", N_("An override without cluster: matches its kommune in several klynger.")),
        ("override-unused", N_("An override names a kommune that is not among the selected members.")),
        ("contributing-weights-sum", N_("A kommune's contributing weights do not sum to exactly 1.")),
        ("cluster-id-twice", N_("Two klynger of a registry have the same id.")),
        ("partial-needs-weight", N_("A partial member has no weight.")),
        ("weight-without-contribution", N_("A member that does not contribute has a weight.")),
        # Published tables (engine/published.py, engine/csvtable.py)
        ("published-table-missing", N_("A published table's file is not found.")),
        ("csv-unreadable", N_("A published table cannot be read as text: binary, too large, or an unknown encoding.")),
        ("csv-format", N_("A published table is no CSV table with a header line, the rule's columns and rows.")),
        ("csv-number", N_("A checked cell of a published table is empty or not a number.")),
        # Statistikbanken exports (engine/statbank.py, klynge data import-dst)
        ("dst-format", N_("An export has no column of kommune names or no period.")),
        ("dst-unknown-area", N_("An export names an area that is no kommune, region or the whole country.")),
        ("dst-number", N_("An export's figure is not a number of inhabitants.")),
        ("dst-twice", N_("An export gives a kommune twice for the same period.")),
        ("dst-missing", N_("An export has no figure for some kommuner.")),
        # Regions and periods as data (engine/regions.py, engine/datachecks.py)
        ("registry-region-undeclared", N_("A registry's region section names a region not in its region_names.")),
        ("dataset-region-unknown", N_("A dataset's checks.regions names a region none of its municipalities is in.")),
        ("region-unknown", N_("A rule's dataset puts a kommune in a region its cluster registry does not have.")),
        ("region-key-unknown", N_("A by_region key names a region that is not among the rule's regions.")),
        ("unknown-region-key", N_("A by_region pot names a region key file that does not exist.")),
        ("unknown-carry-over", N_("A pot takes its amount from a carry_over file (carried) that does not exist.")),
        ("periods-differ", N_("A rule's dataset, registry or region key is of another year, with no periods_differ.")),
        # The klyngeregnskab: ledgers and commitments (engine/ledger.py, klynge regnskab)
        ("ledger-cluster", N_("A ledger entry names a klynge the rule does not have.")),
        ("ledger-contributor", N_("A ledger entry's contributor does not fund its klynge under the rule.")),
        ("ledger-date", N_("A ledger entry's date is no day of the calendar, or outside the ledger's year.")),
        ("ledger-amount", N_("A ledger entry's amount has more than two decimals (øre).")),
        ("commitment-contributor", N_("A commitment names a contributor twice, or one that funds no klynge.")),
        ("commitment-year", N_("The commitments are for another year than the ledger.")),
    ),
    *_checks(
        WARNING,
        ("co-chair-administrative", N_("A medformandskommune takes part in its klynge only administratively (**).")),
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
    """The registry as text, one check a line: id, level, description (in the language of the run)."""
    wide = max(len(check.id) for check in CHECKS)
    return "".join(f"{c.id:<{wide}}  {c.level:<7}  {_(c.description)}\n" for c in CHECKS)


def records() -> list[dict[str, str]]:
    """The registry for ``klynge checks --format json``. The keys, ids and levels are what tools key on and
    stay as they are; the description is read by people (in an editor, a CI log), so it follows the
    language of the run like every other sentence klynge prints."""
    return [{"id": c.id, "level": c.level, "description": _(c.description)} for c in CHECKS]
