"""klynge serve: the local page, for colleagues who read tables and charts rather than a terminal."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from ..engine.errors import KlyngeError, UsageError
from ..i18n import _
from ._common import workspace_of

if TYPE_CHECKING:
    import socket

LOOPBACK = "127.0.0.1"
DEFAULT_PORT = 8765
# The Host names a request to the loopback address may carry: a page of another site that makes the
# browser call 127.0.0.1 under its own name (DNS rebinding) is refused.
LOCAL_NAMES = ["127.0.0.1", "localhost", "::1"]


class MissingExtra(KlyngeError):
    """klynge was installed without the page's packages."""


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from ..serve.app import create_app
    except ImportError as exc:
        message = _("klynge serve needs the page's packages ({missing}): pip install 'klynge[serve]'")
        raise MissingExtra(message.format(missing=exc.name or exc)) from None
    root = workspace_of(args).root
    local = _is_loopback(args.host)
    if not local:
        warning = _("warning: the page is open to anyone who can reach {host}:{port} on the network")
        print(warning.format(host=args.host, port=args.port), file=sys.stderr)
    listening = _listen(args.host, args.port)
    address = _address(args.host, listening.getsockname()[1])
    print(_("klynge serve: the page is at {address} (stop with Ctrl+C)").format(address=address), flush=True)
    if args.open:
        import webbrowser

        webbrowser.open(address)
    app = create_app(root, [*LOCAL_NAMES, args.host.lower()] if local else None)
    config = uvicorn.Config(app, log_level="warning", access_log=False, server_header=False)
    uvicorn.Server(config).run(sockets=[listening])
    return 0


def _is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _listen(host: str, port: int) -> socket.socket:
    """The listening socket, bound before the address is printed (with --port 0: a free port)."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listening = socket.socket(family, socket.SOCK_STREAM)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listening.bind((host, port))
    except OSError as exc:
        listening.close()
        reason = exc.strerror or str(exc)
        message = _("cannot listen on {host}:{port}: {reason} (choose another port with --port N)")
        raise UsageError(message.format(host=host, port=port, reason=reason)) from None
    listening.listen(64)
    return listening


def _address(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"
