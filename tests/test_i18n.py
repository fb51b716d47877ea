"""Danish by default, English on request, and a catalogue that has every message.

The catalogue checks use Babel, the tool that extracts and compiles it (a test dependency only):
klynge itself reads the compiled ``klynge.mo`` with the standard library's gettext.
"""

from __future__ import annotations

import gettext
import io
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from klynge import i18n

from .conftest import REPO

PO = REPO / "locale" / "da" / "LC_MESSAGES" / "klynge.po"
MO = PO.with_suffix(".mo")


def catalogue():  # type: ignore[no-untyped-def]
    with PO.open("rb") as handle:
        return read_po(handle, locale="da")


def code_messages() -> set[str]:
    """Every message the code marks for translation, with ``_``, ``gettext``, ``ngettext`` or ``N_``."""
    method_map = [
        *((p, "python") for p in ("cli.py", "i18n.py", "engine/**.py", "report/**.py", "commands/**.py")),
        ("serve/**.py", "python"),
        ("serve/templates/**.html", "jinja2"),  # Jinja2's own extractor (jinja2 comes with the test extra)
    ]
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(REPO), method_map=method_map, keywords=keywords
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_message_in_the_code_has_a_danish_translation() -> None:
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue() if m.id and m.string and not m.fuzzy}
    missing = sorted(code_messages() - translated)
    assert not missing, "not translated in locale/da/LC_MESSAGES/klynge.po:\n" + "\n".join(missing)


def test_every_plural_has_both_danish_forms() -> None:
    for message in catalogue():
        if message.id and isinstance(message.id, tuple):
            assert all(message.string), message.id


def test_the_compiled_catalogue_is_the_po_file() -> None:
    """Message by message (the header carries dates that Babel sets when it reads the file)."""
    compiled = io.BytesIO()
    write_mo(compiled, catalogue())
    compiled.seek(0)
    expected = {k: v for k, v in gettext.GNUTranslations(compiled)._catalog.items() if k}  # type: ignore[attr-defined]
    with MO.open("rb") as handle:
        committed = {k: v for k, v in gettext.GNUTranslations(handle)._catalog.items() if k}  # type: ignore[attr-defined]
    assert committed == expected, "run: pybabel compile -d locale -D klynge"


@pytest.mark.parametrize(
    ("argv", "environ", "expected"),
    [
        ([], {}, "da"),
        ([], {"LANG": "C.UTF-8"}, "da"),
        ([], {"LANG": "en_GB.UTF-8"}, "en"),
        ([], {"LANG": "en_GB.UTF-8", "LC_ALL": "da_DK.UTF-8"}, "da"),
        ([], {"LANGUAGE": "en:da", "LANG": "da_DK.UTF-8"}, "en"),
        ([], {"KLYNGE_LANG": "da", "LANG": "en_US.UTF-8"}, "da"),
        ([], {"LANG": "de_DE.UTF-8"}, "da"),
        (["calc", "--lang", "en"], {"LANG": "da_DK.UTF-8"}, "en"),
        (["--lang=da", "calc"], {"KLYNGE_LANG": "en"}, "da"),
    ],
)
def test_the_language_is_chosen_from_the_command_line_then_the_environment(
    argv: list[str], environ: dict[str, str], expected: str
) -> None:
    assert i18n.language_from(argv, environ) == expected


def test_wrong_usage_is_told_in_danish_by_default(klynge, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("KLYNGE_LANG")
    monkeypatch.setenv("LANG", "C.UTF-8")
    result = klynge("calc", "--bogus")
    assert result.code == 2
    assert "klynge: fejl: ukendte argumenter: --bogus" in result.err
    assert "usage" not in result.err


def test_lang_en_anywhere_on_the_line_gives_english(klynge, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("KLYNGE_LANG", "da")
    result = klynge("calc", "--bogus", "--lang", "en")
    assert result.code == 2
    assert "klynge: error: unrecognized arguments: --bogus" in result.err


def test_an_unknown_language_is_wrong_usage(klynge) -> None:  # type: ignore[no-untyped-def]
    result = klynge("--lang", "sv", "calc")
    assert result.code == 2
    assert "--lang" in result.err


def test_the_catalogue_is_found_where_klynge_is_installed() -> None:
    assert Path(i18n.LOCALE_DIR, "da", "LC_MESSAGES", "klynge.mo").is_file()
