"""klynge as a policy employee gets it: a wheel installed into a fresh virtual environment, used from a
folder with no checkout, a rule repository made by ``klynge init``, and klynge's own pre-commit hooks
blocking a broken rule. Slow (it installs klynge twice), and run in CI all the same."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from .conftest import REPO

pytestmark = pytest.mark.slow

GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "klynge test",
    "GIT_AUTHOR_EMAIL": "test@klynge.invalid",
    "GIT_COMMITTER_NAME": "klynge test",
    "GIT_COMMITTER_EMAIL": "test@klynge.invalid",
}


def run(args: list[str], cwd: Path, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if check and done.returncode != 0:
        raise AssertionError(f"{' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A virtual environment with only klynge's wheel (and what it depends on) installed, and an
    environment for commands run in it: no checkout on the path, no cache, git able to commit."""
    root = tmp_path_factory.mktemp("installed")
    dropped = ("PYTHONPATH", "KLYNGE_RULES_DIR", "VIRTUAL_ENV", "KLYNGE_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    # A machine with no language set: klynge speaks Danish, from the catalogue inside the wheel.
    env.update(GIT_IDENTITY, KLYNGE_NO_CACHE="1", PRE_COMMIT_HOME=str(root / "pre-commit"), LANG="C.UTF-8")
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(root / "dist"), str(REPO)], root, env)
    wheel = next((root / "dist").glob("klynge-*.whl"))
    venv.create(root / "venv", with_pip=True)
    bin_dir = root / "venv" / "bin"
    run([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)], root, env)
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    (root / "work").mkdir()
    return root / "work", env


def test_the_wheel_computes_the_start_up_table_anywhere(installed: tuple[Path, dict[str, str]]) -> None:
    work, env = installed
    assert run(["klynge", "--version"], work, env).stdout.startswith("klynge ")
    table = run(["klynge", "calc"], work, env).stdout
    assert "Opstartsmidler 2022" in table
    # Tabel 1, Region Hovedstaden: 12.720.933 kr. from the kommuner, 12.497.516 kr. from the region.
    assert "12.720.933" in table and "12.497.516" in table


@pytest.mark.parametrize("name", ["cli", "engine", "commands"])
def test_no_generic_module_names_are_installed(installed: tuple[Path, dict[str, str]], name: str) -> None:
    work, env = installed
    assert run(["python", "-c", f"import {name}"], work, env, check=False).returncode != 0
    assert run(["python", "-c", f"import klynge.{name}"], work, env).returncode == 0


def test_a_new_rule_repository_validates_and_tests(installed: tuple[Path, dict[str, str]]) -> None:
    work, env = installed
    run(["klynge", "init", "regler"], work, env)
    repo = work / "regler"
    assert run(["klynge", "validate"], repo, env).stdout == "2 filer tjekket: ingen problemer.\n"
    assert "1 af 1 tabeller stemmer" in run(["klynge", "test"], repo, env).stdout
    assert run(["klynge", "--lang", "en", "validate"], repo, env).stdout == "2 files checked: no problems.\n"
    assert "København" in run(["klynge", "calc", "eksempel-syd-1-aarsvaerk"], repo, env).stdout
    # The hooks init writes by default run the klynge installed on the machine (here: the wheel's).
    run(["git", "init", "-q"], repo, env)
    run(["git", "add", "-A"], repo, env)
    hooks = run([sys.executable, "-m", "pre_commit", "run", "--all-files"], repo, env)
    assert "klynge validate" in hooks.stdout and "Passed" in hooks.stdout


def test_klynges_hooks_block_a_commit_of_a_broken_rule(installed: tuple[Path, dict[str, str]]) -> None:
    work, env = installed
    rev = run(["git", "rev-parse", "HEAD"], REPO, env).stdout.strip()
    run(["klynge", "init", "med-hooks", "--hooks-repo", str(REPO), "--hooks-rev", rev], work, env)
    repo = work / "med-hooks"
    pre_commit = [sys.executable, "-m", "pre_commit"]
    run(["git", "init", "-q"], repo, env)
    run([*pre_commit, "install"], repo, env)
    run(["git", "add", "-A"], repo, env)
    run(["git", "commit", "-qm", "Regler"], repo, env)  # the hooks pass on the repository as init wrote it
    rule = repo / "rules" / "eksempel-syd-1-aarsvaerk.yaml"
    rule.write_text(rule.read_text(encoding="utf-8").replace("amount: 740000", "amount: 740.000"), encoding="utf-8")
    run(["git", "add", "-A"], repo, env)
    blocked = run(["git", "commit", "-qm", "Et tastefejl"], repo, env, check=False)
    assert blocked.returncode != 0
    printed = blocked.stdout + blocked.stderr
    assert "rules/eksempel-syd-1-aarsvaerk.yaml:" in printed and ": error: 740.000 læses som 740" in printed
    assert "Traceback" not in printed


def test_nothing_is_written_into_the_installation(installed: tuple[Path, dict[str, str]]) -> None:
    work, env = installed
    export = str(REPO / "tests" / "fixtures" / "dst" / "folk1a_columns_bom.csv")
    refused = run(["klynge", "data", "import-dst", export, "--period", "2023K1"], work, env, check=False)
    assert refused.returncode == 2 and "klynge init" in refused.stderr
    schema = run(["klynge", "schema"], work, env, check=False)
    assert schema.returncode == 2 and "--directory" in schema.stderr
    assert run(["klynge", "schema", "--check"], work, env).returncode == 0


def test_the_page_needs_its_extra_and_then_serves_from_the_installed_package(
    installed: tuple[Path, dict[str, str]],
) -> None:
    """Without [serve] the command says what to install; with it, the page's templates and files come
    from site-packages (package data), not from a checkout."""
    work, env = installed
    missing = run(["klynge", "serve"], work, env, check=False)
    assert missing.returncode == 1
    assert "pip install 'klynge[serve]'" in missing.stderr and "Traceback" not in missing.stderr
    wheel = next((work.parent / "dist").glob("klynge-*.whl"))
    run(["python", "-m", "pip", "install", "-q", f"{wheel}[serve]"], work, env)
    server = subprocess.Popen(["klynge", "serve", "--port", "0"], cwd=work, env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        assert line.startswith("klynge serve: siden ligger på http://127.0.0.1:"), line
        address = line.split("på ", 1)[1].split()[0]
        page = _get(address + "regel/opstartsmidler-2022")
        assert '<html lang="da">' in page and "12.720.933" in page and "Klik på en række" in page
        assert "document.addEventListener" in _get(address + "static/klynge.js")
    finally:
        server.terminate()
        server.wait(timeout=10)


def _get(address: str) -> str:
    from urllib.request import urlopen

    with urlopen(address, timeout=60) as answer:  # noqa: S310 - the test's own server on 127.0.0.1
        return str(answer.read().decode("utf-8"))
