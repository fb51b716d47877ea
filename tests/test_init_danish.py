"""klynge init speaks Danish by default: what it wrote, what it kept, the next steps and its usage errors."""

from __future__ import annotations

from pathlib import Path


def test_init_reports_in_danish(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "README.md").write_text("Vores egen\n", encoding="utf-8")
    result = klynge("--lang", "da", "init", str(tmp_path))
    assert result.code == 0
    assert f"skrevet: {tmp_path / 'rules' / 'eksempel-syd-1-aarsvaerk.yaml'}" in result.out
    assert f"findes allerede, ikke ændret: {tmp_path / 'README.md'}" in result.out
    assert "CI: ret installationslinjen i .github/workflows/klynge.yml" in result.out
    assert f"Næste skridt:\n  cd {tmp_path}\n  git init                      (hvis det ikke allerede" in result.out
    assert "written" not in result.out and "Next steps" not in result.out


def test_init_usage_errors_in_danish(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "fil").write_text("", encoding="utf-8")
    on_a_file = klynge("--lang", "da", "init", str(tmp_path / "fil"))
    assert on_a_file.code == 2
    assert f"{tmp_path / 'fil'} er en fil; angiv en mappe til det nye repository" in on_a_file.err
    half = klynge("--lang", "da", "init", str(tmp_path / "x"), "--hooks-repo", "https://git.example.dk/klynge.git")
    assert half.code == 2 and "--hooks-repo og --hooks-rev skal gives sammen" in half.err


def test_init_cannot_write_in_danish(klynge, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "data").write_text("", encoding="utf-8")
    result = klynge("--lang", "da", "init", str(tmp_path))
    assert result.code == 2 and "kan ikke skrive " in result.err and "Traceback" not in result.err
