"""Command line: ``python -m emulator {serve,up,down,status,fixtures,fault,listeners}``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from emulator import ACCOUNT_ID, DEFAULT_PORT


def _default_port() -> int:
    return int(os.environ.get("EMULATOR_PORT") or DEFAULT_PORT)


def _account_id(value: str) -> str:
    if not (len(value) == 12 and value.isdigit()):
        raise argparse.ArgumentTypeError(f"{value!r} is not an AWS account id (12 digits)")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m emulator", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text)
        p.add_argument("--port", type=int, default=_default_port(), help="TCP port on 127.0.0.1 (env EMULATOR_PORT)")
        return p

    def add_account(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--account-id",
            type=_account_id,
            default=os.environ.get("EMULATOR_ACCOUNT_ID") or ACCOUNT_ID,
            help=f"the AWS account every request acts in (env EMULATOR_ACCOUNT_ID, default {ACCOUNT_ID})",
        )

    add_account(add("serve", "run the emulator in the foreground"))
    for name, text in (("up", "start detached, or reuse a running one"), ("down", "stop it"), ("status", "report")):
        p = add(name, text)
        p.add_argument("--state-dir", help="pid/log directory (env EMULATOR_STATE_DIR)")
        if name != "down":
            add_account(p)
    fixtures = add("fixtures", "create the demo's KMS/SSM/Secrets Manager/ACM/Route 53 fixtures; write their IDs")
    fixtures.add_argument("--inventory", required=True, type=Path, help="inventory dir with emulator-fixtures.yml")
    from emulator.control_plane import client

    client.add_arguments(add("fault", "inject a control-plane fault (see emulator/README.md), clear or list them"))
    listeners = add("listeners", "the data plane's loopback endpoints of the ALB listeners")
    listeners.add_argument("--load-balancer", dest="load_balancer", help="only this load balancer (name or ARN)")
    listeners.add_argument("--listener-port", dest="listener_port", type=int, help="only the listener on this port")
    listeners.add_argument("--url", action="store_true", help="print only the one matching endpoint's URL")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        if args.account_id != ACCOUNT_ID:
            os.environ["MOTO_ACCOUNT_ID"] = args.account_id  # moto reads it on every request (server mode)
        from emulator.server import serve

        try:
            return serve(args.port)
        except ValueError as exc:  # EMULATOR_DISABLE_FIXES names a fix that does not exist
            print(f"emulator serve: {exc}", file=sys.stderr)
            return 2
    if args.command == "fixtures":
        from emulator.fixtures import FixtureError, run_fixtures

        try:
            print(run_fixtures(args.port, args.inventory))
        except FixtureError as exc:
            print(f"emulator fixtures: {exc}", file=sys.stderr)
            return 1
        return 0

    if args.command in ("fault", "listeners"):
        from emulator.control_plane.client import FaultClientError, listeners, run

        try:
            print(run(args) if args.command == "fault" else listeners(args))
        except FaultClientError as exc:
            print(f"emulator {args.command}: {exc}", file=sys.stderr)
            return 1
        return 0

    from emulator import process

    directory = process.state_dir(args.state_dir)
    try:
        if args.command == "up":
            print(process.up(args.port, directory, args.account_id))
        elif args.command == "down":
            print(process.down(args.port, directory))
        else:
            ok, message = process.status(args.port, directory, args.account_id)
            print(message)
            return 0 if ok else 3
    except process.EmulatorError as exc:
        print(f"emulator {args.command}: {exc}", file=sys.stderr)
        return 1
    return 0
