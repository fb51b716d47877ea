"""The help texts of the ``klynge`` command that do not fit on one line: each command's examples.

They are written in English and marked with ``N_`` for the catalogue; ``cli.py`` translates them
when it builds the parser, after the language is chosen.
"""

from __future__ import annotations

from ..i18n import N_

FORMAT_HELP = N_(
    "output format (default: the --output file's suffix, .xlsx .json .csv .md, else table;"
    " csv-excel: a .csv that Danish Excel opens in columns; xlsx needs --output unless piped)"
)
DIFF_FORMAT_HELP = N_("output format (default: the --output file's suffix, .md .json, else table)")


CALC_EXAMPLES = N_(
    """\
examples:
  klynge calc                                   the default rule, as a table
  klynge calc sekretariat-syd-2022              a rule by its id (looked up under rules/)
  klynge calc rules/sekretariat-syd-2022.yaml   a rule by its path
  klynge calc sekretariat-syd-2022 --output syd.json   JSON: the format follows the file's suffix
  klynge calc sekretariat-syd-2022 --output syd.xlsx   one Excel sheet, numbers as numbers
  klynge calc sekretariat-syd-2022 --format csv        CSV to standard output
  klynge calc sekretariat-syd-2022 -f csv-excel -o syd.csv   a CSV to open in Danish Excel by double-click
  klynge calc --width 80                        the table laid out for 80 columns
  klynge calc sekretariat-model2-2022 --set cost_per_cluster=740000   a what-if
"""
)


VALIDATE_EXAMPLES = N_(
    """\
examples:
  klynge validate                      every file under rules/
  klynge validate rules/min-regel.yaml one file
  klynge validate sekretariat-syd-2022 a rule by its id (looked up under rules/)
  klynge validate rules/data           every file in a folder
errors are printed as path:line:col: error: message (fix), one per problem.
"""
)


CHECKS_EXAMPLES = N_(
    """\
examples:
  klynge checks                        id, level and description of every check
  klynge checks --format json          the same for tools
validate --format json gives each problem's check id; --format github gives it as the annotation's title.
"""
)


TEST_EXAMPLES = N_(
    """\
examples:
  klynge test                               every rule under rules/ that names a published table
  klynge test sekretariat-syd-2022          a rule by its id (looked up under rules/)
  klynge test rules/opstartsmidler-2022.yaml   a rule by its path
a difference the rule does not declare (row, column, difference, reason) fails the test (exit 1).
"""
)


LIST_EXAMPLES = N_(
    """\
examples:
  klynge list                          your rules and data, then what klynge ships (marked klynge:)
  klynge list --rules-dir ../regler    another rules directory
  klynge list --format json
"""
)


INIT_EXAMPLES = N_(
    """\
examples:
  klynge init regler                   a new repository in ./regler: rules/, schemas/, hooks, CI, README
  klynge init . --install "klynge @ git+https://git.example.dk/klynge.git@v0.2.0"
  klynge init regler --hooks-repo https://git.example.dk/klynge.git --hooks-rev v0.2.0
an existing file is left as it is; the command says which.
"""
)


EXPLAIN_EXAMPLES = N_(
    """\
examples:
  klynge explain sekretariat-syd-2022 København
  klynge explain opstartsmidler-2022 "Klynge Syd (Region Hovedstaden)" --pot regioner
  klynge explain sekretariat-model2-2022 "Rødovre (Klynge Midt)"
  klynge explain opstartsmidler-2022 "Klynge Syd (Region Hovedstaden)" --format json   every step, exactly
a name that several rows share (Klynge Syd is a klynge in Nordjylland and in Hovedstaden) lists them.
"""
)


DIFF_EXAMPLES = N_(
    """\
examples:
  klynge diff rules/sekretariat-syd-2022.yaml mit-forslag.yaml
  klynge diff sekretariat-syd-2022 --rev HEAD~1          the rule now against its last committed version
  klynge diff sekretariat-syd-2022 --rev main --format md   a pull-request comment
  klynge diff sekretariat-syd-2022 --rev main --output diff.md  the same, to a file
rows are sorted by the size of the change; a diff exits 0, it is information, not failure.
"""
)


SERVE_EXAMPLES = N_(
    """\
examples:
  klynge serve                          the page for ./rules at http://127.0.0.1:8765/
  klynge serve --rules-dir ~/klynge-regler --open   another folder; opens the browser too
  klynge serve --port 8080              another port (0: any free one)
needs the page's packages: pip install 'klynge[serve]'. The page reads the rule files and never writes them;
it shows a change to a file at the next click.
"""
)


IMPORT_EXAMPLES = N_(
    """\
examples:
  klynge data import-dst FOLK1A.csv --period 2023K1        writes rules/data/folk1a-2023K1.yaml
  klynge data import-dst FOLK1A.csv --output rules/data/folk1a-2022K1.yaml   updates the numbers only
Export the table FOLK1A from Statistikbanken as semicolon-separated CSV (all kommuner, i alt for
køn and alder). A broken export is reported line by line, and then nothing is written.
"""
)


COMPARE_EXAMPLES = N_(
    """\
examples:
  klynge compare                                     the four secretariat models, side by side
  klynge compare --set cost_per_cluster=740000       what if each secretariat is 1 årsværk
  klynge compare --set co_chairs.hovedstaden-syd=Hvidovre --set co_chairs.hovedstaden-nord=...
  klynge compare --baseline 3 --output modeller.xlsx  an Excel sheet: the format follows the suffix
each column is what a kommune bears in the end: payments out, less receipts, plus the cost of a
secretariat it runs. Medformandskommuner can also be filled in in rules/data/medformandskommuner.yaml.
"""
)

TOP_EXAMPLES = N_(
    """\
examples:
  klynge calc                          the default rule (opstartsmidler-2022) as a table
  klynge compare                       what each kommune bears under the four secretariat models
  klynge explain sekretariat-syd-2022 København   where one row's numbers come from
  klynge validate && klynge test       check every rule file, then against the published tables
  klynge list                          every rule and dataset, yours and those klynge ships
  klynge init regler                   a repository of rule files of your own
  klynge serve                         the same in the browser, for colleagues: http://127.0.0.1:8765/
  klynge COMMAND --help                each command's options and examples
output is in Danish; --lang en (or LANG=en_GB.UTF-8) gives English.
"""
)


DATA_EXAMPLES = N_(
    """\
examples:
  klynge data import-dst FOLK1A.csv --period 2023K1   a Statistikbanken export as rules/data/folk1a-2023K1.yaml
  klynge data import-dst --help                       how to export FOLK1A, and every option
"""
)


SCHEMA_EXAMPLES = N_(
    """\
examples:
  klynge schema --check                    are the schema files in schemas/ up to date? (exit 1 if not)
  klynge schema --directory schemas        write them into a repository of your own, for the editor
the first line of a rule file names its schema, so that VS Code (YAML extension) checks it as you type.
"""
)


REGNSKAB_EXAMPLES = N_(
    """\
examples:
  klynge regnskab hovedstaden-syd --ledger syd-2022.yaml          one klynge: budget, spent, unspent
  klynge regnskab --ledger poster.csv                              every klynge the ledger books for
  klynge regnskab hovedstaden-syd --ledger syd-2022.yaml --commitments tilsagn-2022.yaml   with carry-over
  klynge regnskab hovedstaden-syd --ledger syd-2022.yaml -o regnskab.xlsx   a sheet per table
the budget is each contributor's contributions under the rule (default: opstartsmidler-2022); unspent
funds are carried into the next year only for a contributor the commitments file says has committed
the room under that year's udgiftsloft. A broken ledger is reported as path:line:col, every entry at once.
"""
)


REGNSKAB_TEMPLATE_EXAMPLES = N_(
    """\
klynge regnskab template KLYNGE -o FILE.xlsx [--rule RULE]:
  klynge regnskab template hovedstaden-syd -o syd-2022.xlsx   the workbook for Klynge Syd's staff
the workbook has the klynge's budget per contributor, a sheet for the entries with dropdowns (contributor,
initiative) and checked cells (date, amount), a sheet of initiatives to extend, and a guide. It has no
formula klynge relies on: klynge regnskab recomputes every total.
"""
)


REGNSKAB_IMPORT_EXAMPLES = N_(
    """\
klynge regnskab import FILE.xlsx -o FILE.yaml|FILE.csv:
  klynge regnskab import syd-2022.xlsx -o poster.yaml       the filled workbook as a ledger file
  klynge regnskab import syd-2022.xlsx -o poster.csv        the same as a CSV for Danish Excel
every row is checked as a ledger's entry; each problem is named by its sheet and cell (Poster!C12), all at
once, and nothing is written while any row is wrong. Then: klynge regnskab KLYNGE --ledger poster.yaml
"""
)
