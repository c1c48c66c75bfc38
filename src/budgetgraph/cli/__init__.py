"""The ``budgetgraph`` command line: one module per subcommand, each with ``register`` and ``run``.

This is an edge: it is the only place (with the web app) that turns ``BudgetGraphError`` into an
exit code. Exit codes: 0 success, 1 the job ran and found failures (files that failed, data that
does not conform), 2 bad input or usage.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import Protocol

from budgetgraph import __version__
from budgetgraph.errors import BudgetGraphError

# Subcommand modules under budgetgraph.cli, in the order --help lists them.
COMMANDS: tuple[str, ...] = ("extract", "query", "load", "serve", "export", "publish", "generate", "validate")


class _Command(Protocol):
    HELP: str

    def register(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="budgetgraph",
        description="Budget and final-accounts disclosures (预算/决算公开) as a semantic knowledge graph.",
    )
    parser.add_argument("--version", action="version", version=f"budgetgraph {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        module: _Command = importlib.import_module(f"budgetgraph.cli.{name}")
        command_parser = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.register(command_parser)
        command_parser.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args._run(args)
    except BudgetGraphError as error:
        print(f"budgetgraph {args.command}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
