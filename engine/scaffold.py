"""What ``klynge init`` writes: a repository of rule files a policy employee can start from.

Only the plan is made here (file name and text); the command writes it and never overwrites a file.
The repository holds the owner's own files only: the shipped rules, datasets and registry stay in
klynge and are named from there (``based_on: sekretariat-syd-2022``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from . import schema, workspace


@dataclass(frozen=True)
class Hooks:
    """Where pre-commit takes klynge's hooks from: klynge's repository at a revision, or (None) the
    ``klynge`` command already installed on the machine."""

    repo: str | None = None
    rev: str | None = None


EXAMPLE_RULE = """\
# yaml-language-server: $schema=../schemas/rule.schema.json
# Et eksempel at begynde fra: Sundhedsklynge Syds sekretariat med 1 årsværk i stedet for ½.
# Reglen bygger på sekretariat-syd-2022, som følger med klynge, og angiver kun det, der er anderledes.
# Prøv: klynge calc eksempel-syd-1-aarsvaerk · klynge explain eksempel-syd-1-aarsvaerk København
kind: rule
id: eksempel-syd-1-aarsvaerk
based_on: sekretariat-syd-2022
title: Sundhedsklynge Syd – sekretariatsbetjening, 1 årsværk fordelt efter indbyggertal
source:
  document: Notat om organiseringen af sundhedsklynger og sundhedssamarbejdsudvalg på sundhedsområdet (udateret)
  note: "Fællesfinansieret sekretariatsunderstøttelse på cirka et årsværk pr. klynge; ½ årsværk = 370.000 kr."
pots:
  - id: sekretariat
    title: 1 årsværk
    amount: 740000
# klynge test tjekker disse værdier. Klyngens beløb er puljen; Københavns andel er den
# offentliggjorte befolkningsandel, som ikke afhænger af beløbet.
expect:
  - row: Klynge Syd (Region Hovedstaden)
    column: amount
    value: 740000
    source: {document: Reglens egen pulje}
  - row: København (Klynge Syd)
    column: share_percent
    value: 48.0
    source:
      document: Dokument uden titel om sekretariatsbetjening af Sundhedsklynge Syd (udateret)
      table: Tværkommunal finansieringsmodel – objektiv medfinansiering
"""

README = """\
# Regler for fordeling af sundhedsklyngernes udgifter

Dette repository indeholder vores egne fordelingsnøgler som YAML-filer. Programmet **klynge**
beregner dem præcist, tjekker dem og viser resultatet som tabeller, Excel-ark og Markdown.

## Filerne

| Sti | Hvad |
| --- | --- |
| `rules/*.yaml` | vores regler; `rules/eksempel-syd-1-aarsvaerk.yaml` er et eksempel at begynde fra |
| `rules/data/` | vores egne data: datasæt, og `medformandskommuner.yaml` med hver klynges medformandskommune |
| `schemas/` | JSON Schema til editoren (skrevet af `klynge schema --directory schemas`) |
| `.pre-commit-config.yaml` | tjek før hver commit |
| `.github/workflows/klynge.yml` | tjek i CI, og hvad en ændring betyder for hver række som kommentar |

Reglerne, befolkningstallene (FOLK1A 2022K1) og klyngeregistret, som følger med klynge, kan bruges
direkte: `based_on: opstartsmidler-2022`, `basis: {dataset: folk1a-2022K1}`, `registry: klynger-2022`.
`klynge list` viser alt, hvad klynge kan se, og hvor det kommer fra.

## Kom i gang

```sh
klynge list                                 # vores regler og data, og dem der følger med klynge
klynge calc eksempel-syd-1-aarsvaerk        # beregn en regel
klynge calc eksempel-syd-1-aarsvaerk -o syd.xlsx   # som Excel-ark
klynge validate                             # tjek alle filer
klynge test                                 # tjek reglerne mod deres offentliggjorte tabeller og forventninger
```

Installér hooks én gang med `pre-commit install`; derefter tjekker hver commit filerne.
Når klynge opdateres: `klynge schema --check --directory schemas`, og skriv dem igen uden `--check`.
"""


def plan(hooks: Hooks, install: str) -> dict[str, str]:
    """Every file of a new rule repository, by its path relative to the repository."""
    files = {
        "README.md": README,
        "rules/eksempel-syd-1-aarsvaerk.yaml": EXAMPLE_RULE,
        "rules/data/medformandskommuner.yaml": _parameters_template(),
        ".pre-commit-config.yaml": pre_commit_config(hooks),
        ".github/workflows/klynge.yml": workflow(install),
        ".vscode/settings.json": _vscode_settings(),
        ".vscode/extensions.json": json.dumps({"recommendations": ["redhat.vscode-yaml"]}, indent=2) + "\n",
    }
    files.update({f"schemas/{name}": schema.render(kind) for kind, name in schema.SCHEMA_FILES.items()})
    return files


def _parameters_template() -> str:
    # Looked up when called: tests and the doc check stand a copy in for the shipped library.
    return (workspace.shipped_library() / "data" / "medformandskommuner.yaml").read_text(encoding="utf-8")


def pre_commit_config(hooks: Hooks) -> str:
    head = "# Tjek før hver commit: pre-commit install (én gang), derefter køres de ved hver git commit.\nrepos:\n"
    if hooks.repo:
        return head + f"  - repo: {hooks.repo}\n    rev: {hooks.rev}\n    hooks:\n" + _hook_ids()
    local = (
        "  # Bruger den klynge, der er installeret på maskinen (pipx install ...). Vil I hellere have en fast\n"
        "  # version, så skriv klynges repository og en rev her (klynge init --hooks-repo URL --hooks-rev REV).\n"
        "  - repo: local\n    hooks:\n"
    )
    return head + local + "".join(_local_hook(hook, entry, files) for hook, entry, files in _HOOKS)


_HOOKS = (
    ("klynge-validate", "klynge validate", r"^rules/.*\.ya?ml$"),
    ("klynge-test", "klynge test", r"^rules/"),
)


def _hook_ids() -> str:
    return "".join(f"      - id: {hook}\n" for hook, _, _ in _HOOKS)


def _local_hook(hook: str, entry: str, files: str) -> str:
    return (
        f"      - id: {hook}\n        name: {entry}\n        entry: {entry}\n        language: system\n"
        f"        files: '{files}'\n        pass_filenames: false\n"
    )


def workflow(install: str) -> str:
    return f"""\
# Tjekker reglerne ved hver ændring, og lægger en kommentar på en pull request med, hvad ændringen
# betyder for hver række (klynge diff).
name: klynge
on:
  pull_request:
    paths: ["rules/**"]
  push:
    branches: [main]
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0          # klynge diff --rev skal bruge historikken
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - name: Installér klynge
        run: pip install "{install}"
      - name: Tjek alle regler og data
        run: klynge validate --format github   # fejl vises ved linjen i pull requesten
      - name: Tjek reglerne mod deres tabeller og forventninger
        run: klynge test
      - name: Er skemaerne til editoren opdaterede?
        run: klynge schema --check --directory schemas
      - name: Hvad ændringen betyder
        if: github.event_name == 'pull_request'
        run: |
          base="origin/${{{{ github.base_ref }}}}"
          for rule in $(git diff --name-only --diff-filter=M "$base" -- ':(glob)rules/*.yaml'); do
            klynge diff "$rule" --rev "$base" --format md >> klynge-diff.md
          done
      - name: Læg det som kommentar
        if: github.event_name == 'pull_request' && hashFiles('klynge-diff.md') != ''
        env:
          GH_TOKEN: ${{{{ github.token }}}}
        run: gh pr comment "${{{{ github.event.pull_request.number }}}}" --body-file klynge-diff.md
"""


def _vscode_settings() -> str:
    # The first line of each file names its schema too; this covers files written without that line.
    settings = {
        "yaml.schemas": {
            "./schemas/rule.schema.json": ["rules/*.yaml", "rules/**/*.yaml", "!rules/data/**"],
            "./schemas/population.schema.json": ["rules/data/folk1a-*.yaml"],
            "./schemas/region_key.schema.json": ["rules/data/bloktilskud-*.yaml"],
            "./schemas/parameters.schema.json": ["rules/data/medformandskommuner.yaml"],
        }
    }
    return json.dumps(settings, indent=2, ensure_ascii=False) + "\n"
