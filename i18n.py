"""The language klynge speaks: Danish unless told otherwise, English with ``--lang en`` or ``LANG=en...``.

Messages are written in English in the code and looked up in a gettext catalogue
(``locale/da/LC_MESSAGES/klynge.po``, compiled to ``klynge.mo`` beside it). A message with no
Danish translation falls back to its English text; ``tests/test_i18n.py`` fails when that happens.
The language is chosen once per run, before any parser or message is made.

Usage in the code: ``_("{count} file(s) checked").format(count=n)``; the placeholders are named so a
translation may order them as Danish needs; ``ngettext`` where a count changes the words.
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

DOMAIN = "klynge"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("da", "en")
DEFAULT = "da"
# Where a user says which language they read, strongest first (GNU gettext's own order, then LANG).
ENVIRONMENT = ("KLYNGE_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_current: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"


def language_from(argv: Sequence[str], environ: dict[str, str] | None = None) -> str:
    """The language asked for: ``--lang`` on the command line, else the environment, else Danish."""
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return _known(argv[index + 1])
        if arg.startswith("--lang="):
            return _known(arg.split("=", 1)[1])
    env = os.environ if environ is None else environ
    for name in ENVIRONMENT:
        value = env.get(name, "")
        if value and value not in ("C", "POSIX") and not value.startswith(("C.", "POSIX.")):
            return _known(value.split(":")[0])
    return DEFAULT


def _known(value: str) -> str:
    """``en_GB.UTF-8`` is English; a language klynge has no catalogue for is Danish, its default."""
    code = value.lower().replace("-", "_").split("_")[0].split(".")[0]
    return code if code in LANGUAGES else DEFAULT


def use(language: str) -> None:
    """Speak ``language`` from now on."""
    global _current, _language
    _language = language
    if language == "en":
        _current = _gettext.NullTranslations()
    else:
        _current = _gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


def translate_argparse() -> None:
    """argparse's own texts (usage, its errors) in klynge's language: argparse looks up its module-level
    ``_`` and ``ngettext`` each time it writes a message. Only the klynge command does this, never an
    import of klynge as a library (pytest has an argparse of its own)."""
    import argparse

    argparse._ = gettext  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]


def current() -> str:
    return _language


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Speak ``language`` inside the block, and the language before it after."""
    before = _language
    use(language)
    try:
        yield
    finally:
        use(before)


def gettext(message: str) -> str:
    return _current.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a message for the catalogue where it is defined (a constant made at import, before the
    language is chosen); translate it with ``_`` where it is used."""
    return message


_ = gettext
use(DEFAULT)

# argparse's messages that a user of klynge can meet, so that the catalogue keeps their translations.
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("argument %(argument_name)s: %(message)s"),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("%(prog)s: error: %(message)s\n"),
)
