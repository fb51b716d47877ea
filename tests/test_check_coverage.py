"""Every message the semantic checks can give, and the test that makes a file give it.

(new) marks what was added with this file: before it, those messages had no fixture or test.

The checks are check_rule (engine/checks.py) with what it calls (the shape checks in engine/plan.py,
resolve and coverage in engine/members.py, file_values in engine/parameters.py), check_dataset,
check_registry and check_parameter_file. "invalid/X" is tests/fixtures/invalid/X.yaml, run by
tests/test_invalid_files.py (validate and calc); "invalid/datasets/X" is run by
tests/test_dataset.py::test_validate_reports_exactly_the_expected_dataset_problems.

check_dataset
- id '…' names …, but the period is …
    -> invalid/datasets/id-names-another-period;
       test_dataset.py::test_validate_calc_and_test_refuse_an_id_naming_another_period
- municipality '…' appears twice (first on …)
    -> test_dataset.py::test_a_municipality_twice_is_reported
- municipality code … appears twice (first …)
    -> invalid/datasets/municipality-code-twice (new)
- checks.municipalities says …, the file has …
    -> invalid/datasets/municipality-count-wrong (new)
- checks.total says …, the municipalities sum
    -> test_dataset.py::test_a_wrong_stated_total_is_reported
- checks.regions: … says …, its municipalities
    -> invalid/datasets/region-sum-wrong (new)

check_rule
- pot '…' is paid to each klynge's medformandskommune, so it needs for_each_cluster: true
    -> invalid/paid-to-co-chair-once (new)
- split_to: cluster needs members taken from a cluster registry
    -> invalid/split-to-cluster-without-registry (new)
- unknown dataset '…'
    -> invalid/unknown-dataset
- unknown parameter '…'
    -> invalid/unknown-parameter
- parameter '…' is of type …; here it must be …
    -> invalid/parameter-of-wrong-type (new)
- parameter '…' of type … cannot default to …
    -> invalid/parameter-bad-default (new)
- parameter '…' must be …, got …
    -> test_compare.py::test_parameter_mistakes_in_files_are_problems_not_tracebacks
- unknown klynge '…' (a klynge of co_chairs in a parameters file)
    -> test_an_unknown_klynge_in_a_parameters_file (below, new); from --set, a usage error with the same
       text: test_compare.py::test_bad_parameters
- … is not a member of …
    -> test_compare.py::test_parameter_mistakes_in_files_are_problems_not_tracebacks
- deviation for …, … is declared twice (first on line …)
    -> invalid/deviation-declared-twice (new)
- the members' bases sum to 0; …
    -> invalid/bases-sum-to-zero (new)
- the kommuner of … have no inhabitants between them …
    -> test_cli.py::test_a_klynge_with_no_inhabitants_is_a_clean_error
- pot '…': by_region.key has no value for …
    -> invalid/region-key-missing (new)
- pot '…': … has no inhabitants to split its share by
    -> invalid/region-without-inhabitants (new)
- … counts with …, more than its population …
    -> invalid/counted-twice (new)
- '…' is neither a pot id nor a value column
    -> invalid/unknown-column (new)
- pot id '…' appears twice
    -> test_variant_merge.py::test_a_pot_given_twice_in_a_variant_is_reported
- pot '…' of … kr. is not a whole number of rounding units
    -> invalid/pot-not-whole-units
- rounding.totals: exact does not fit method: largest_remainder, …
    -> invalid/totals-exact-largest-remainder (new); in Danish: test_rounding_totals.py

resolve and coverage (engine/members.py, through check_rule)
- unknown municipality '…' in dataset … (a rule's member or override)
    -> invalid/misspelt-municipality
- unknown municipality '…' in dataset … (a registry's entry)
    -> test_an_unknown_municipality_in_the_registry (below, new)
- municipality '…' is a member twice (first …)
    -> invalid/member-twice
- basis … for … is more than its population …
    -> invalid/basis-above-population
- unknown cluster registry '…'
    -> invalid/unknown-registry (new)
- unknown cluster '…'
    -> test_membership.py::test_an_unknown_cluster_in_a_rule
- unknown klynge '…' (an override's cluster)
    -> invalid/override-unknown-klynge (new)
- override for … would apply in … klynger (…)
    -> invalid/override-in-two-klynger (new)
- … contributes to no cluster
    -> test_membership.py::test_a_kommune_left_out
- …'s contributing weights sum to …, not 1: …
    -> test_membership.py::test_a_split_that_does_not_add_up
- override for …, who is not among the selected members
    -> test_membership.py::test_an_override_for_someone_not_selected

check_parameter_file (and file_values)
- no rule declares a parameter '…'
    -> test_compare.py::test_parameter_mistakes_in_files_are_problems_not_tracebacks
- parameter '…' is also given in …
    -> test_a_parameter_given_in_two_files (below, new)
- unknown klynge / … is not a member of …
    -> as under check_rule

check_registry
- cluster id '…' is used twice (first on line …)
    -> test_membership.py::test_registry_entries_that_contradict_their_footnote
- … is listed twice in …
    -> test_a_kommune_listed_twice_in_a_klynge (below, new)
- … takes part with part of its population but has no weight
    -> test_a_partial_member_without_a_weight (below, new)
- … does not contribute (…), so a weight means nothing
    -> test_membership.py::test_registry_entries_that_contradict_their_footnote
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .conftest import Run

REGISTRY_HEAD = """\
kind: clusters
id: test-register
title: Et klyngeregister med én fejl
period: 2022
region_names: [Region Hovedstaden]
source:
  document: Test fixture
regions:
  - region: Region Hovedstaden
    clusters:
      - id: syd
        name: Klynge Syd
"""


def errors(result: Run) -> list[str]:
    return [line for line in result.err.splitlines() if ": error: " in line]


def test_a_kommune_listed_twice_in_a_klynge(klynge: Any, tmp_path: Path) -> None:
    registry = tmp_path / "register.yaml"
    # Line 13; the second Hvidovre starts in column 37 ("        members: [Hvidovre, Tårnby, " is 36 characters).
    registry.write_text(REGISTRY_HEAD + "        members: [Hvidovre, Tårnby, Hvidovre]\n", encoding="utf-8")
    result: Run = klynge("validate", str(registry))
    assert result.code == 1
    assert errors(result) == [f"{registry}:13:37: error: Hvidovre is listed twice in Klynge Syd"]


def test_a_partial_member_without_a_weight(klynge: Any, tmp_path: Path) -> None:
    registry = tmp_path / "register.yaml"
    members = "        members:\n          - Hvidovre\n          - {municipality: København, participation: partial}\n"
    registry.write_text(REGISTRY_HEAD + members, encoding="utf-8")
    result: Run = klynge("validate", str(registry))
    assert result.code == 1
    message = "København takes part with part of its population but has no weight (add weight and weight_reason)"
    assert errors(result) == [f"{registry}:15:13: error: {message}"]


def test_an_unknown_municipality_in_the_registry(klynge: Any, rules_copy: Path) -> None:
    registry = rules_copy / "data" / "klynger-2022.yaml"
    text = registry.read_text(encoding="utf-8")
    assert text.count("          - Hvidovre\n") == 1
    text = text.replace("          - Hvidovre\n", "          - Hvidovr\n")
    registry.write_text(text, encoding="utf-8")
    line = 1 + text.splitlines().index("          - Hvidovr")
    result: Run = klynge("validate", str(rules_copy / "sekretariat-syd-2022.yaml"), "--rules-dir", str(rules_copy))
    assert result.code == 1
    message = "unknown municipality 'Hvidovr' in dataset folk1a-2022K1 (did you mean 'Hvidovre'?)"
    assert errors(result) == [f"{registry}:{line}:13: error: {message}"]


PARAMETERS = """\
kind: parameters
id: {id}
title: Omkostning pr. klynge
values:
  cost_per_cluster: {value}
"""


def test_a_parameter_given_in_two_files(klynge: Any, rules_copy: Path) -> None:
    data = rules_copy / "data"
    one, other = data / "halvt-aarsvaerk.yaml", data / "helt-aarsvaerk.yaml"
    one.write_text(PARAMETERS.format(id="halvt-aarsvaerk", value=370000), encoding="utf-8")
    other.write_text(PARAMETERS.format(id="helt-aarsvaerk", value=740000), encoding="utf-8")
    result: Run = klynge("validate", str(data), "--rules-dir", str(rules_copy))
    assert result.code == 1
    # One of the two files is reported (at cost_per_cluster's value, line 5, column 21), naming the other.
    [reported] = errors(result)
    assert reported in (
        f"{other}:5:21: error: parameter 'cost_per_cluster' is also given in {one} (give each parameter in one file)",
        f"{one}:5:21: error: parameter 'cost_per_cluster' is also given in {other} (give each parameter in one file)",
    )


def test_an_unknown_klynge_in_a_parameters_file(klynge: Any, rules_copy: Path) -> None:
    params = rules_copy / "data" / "medformandskommuner.yaml"
    text = params.read_text(encoding="utf-8")
    assert text.count("    hovedstaden-syd:        # Klynge Syd\n") == 1
    text = text.replace("    hovedstaden-syd:        # Klynge Syd\n", "    hovedstaden-sud: Hvidovre  # Klynge Syd\n")
    params.write_text(text, encoding="utf-8")
    line = 1 + text.splitlines().index("    hovedstaden-sud: Hvidovre  # Klynge Syd")
    result: Run = klynge("validate", str(params), "--rules-dir", str(rules_copy))
    assert result.code == 1
    message = "unknown klynge 'hovedstaden-sud' (did you mean 'hovedstaden-syd'?)"
    assert errors(result) == [f"{params}:{line}:22: error: {message}"]
