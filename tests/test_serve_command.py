"""``klynge serve`` as a command: what it says when it cannot start, and where it listens."""

from __future__ import annotations

import socket
import sys

import pytest

from klynge.commands import serve


def test_without_the_page_s_packages_it_says_how_to_get_them(klynge, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # as if klynge were installed without [serve]
    done = klynge("serve")
    assert done.code == 1
    assert "klynge serve needs the page's packages (uvicorn): pip install 'klynge[serve]'" in done.err
    assert "Traceback" not in done.err


def test_a_taken_port_is_wrong_usage_with_the_fix(klynge) -> None:  # type: ignore[no-untyped-def]
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = klynge("serve", "--port", str(port))
    assert done.code == 2
    assert f"cannot listen on 127.0.0.1:{port}:" in done.err and "choose another port with --port N" in done.err


def test_the_page_answers_only_this_machine_unless_told() -> None:
    assert serve.LOOPBACK == "127.0.0.1"
    assert serve._is_loopback("127.0.0.1") and serve._is_loopback("::1") and serve._is_loopback("localhost")
    assert not serve._is_loopback("0.0.0.0") and not serve._is_loopback("192.168.1.20")


def test_another_address_gets_a_warning_before_it_listens(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(serve, "_listen", lambda host, port: (_ for _ in ()).throw(SystemExit(3)))
    from klynge import cli

    with pytest.raises(SystemExit):
        cli.main(["serve", "--host", "0.0.0.0", "--port", "8765"])
    assert "warning: the page is open to anyone who can reach 0.0.0.0:8765 on the network" in capsys.readouterr().err


def test_the_address_printed_is_the_one_it_listens_on(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With --port 0 the socket is bound first, so the printed port is the free one it got."""
    import uvicorn

    monkeypatch.setattr(uvicorn.Server, "run", lambda self, sockets: [s.close() for s in sockets])
    from klynge import cli

    assert cli.main(["serve", "--port", "0"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("klynge serve: the page is at http://127.0.0.1:") and "(stop with Ctrl+C)" in printed
    assert ":0/" not in printed
