"""The `advisor` command: recommend, schema, report, portfolio. Bad input exits 2 with one line per problem."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from .inputs.answers import Answers
from .inputs.parse import MAX_INPUT_BYTES, AnswersError, parse_json
from .inputs.saved import read_saved
from .inputs.uncertain import split_uncertain
from .rules.loader import knowledge

EXIT_BAD_INPUT = 2
EXIT_OUTPUT = 1


def _read_source(name: str, stdin: BinaryIO) -> bytes:
    if name == "-":
        return stdin.read(MAX_INPUT_BYTES + 1)
    try:
        with open(name, "rb") as handle:
            return handle.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        raise AnswersError([f"cannot read {name}: {exc.strerror or exc}."]) from None


def _recommend(args: argparse.Namespace, stdin: BinaryIO) -> int:
    from .decide.analysis import analyse

    saved = read_saved(parse_json(_read_source(args.file, stdin)), knowledge().figures)
    result = analyse(saved.answers, overrides=saved.rates).to_json()
    return _print(json.dumps(result, ensure_ascii=False, indent=2, allow_nan=False) + "\n")  # strict JSON, no Infinity


def _print(text: str) -> int:
    """Write to standard output; a full disk or a closed pipe is one line on standard error and exit 1."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as exc:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing left to flush at exit
        print(f"advisor: cannot write the output: {exc.strerror or exc}.", file=sys.stderr)
        return EXIT_OUTPUT
    return 0


def _report(args: argparse.Namespace, stdin: BinaryIO) -> int:
    from . import build_report

    if not args.output.strip():
        print("advisor: cannot write the PDF: -o needs a file name.", file=sys.stderr)
        return EXIT_OUTPUT
    saved = read_saved(parse_json(_read_source(args.file, stdin)), knowledge().figures)
    answers, uncertain = split_uncertain(saved.answers)
    pdf = build_report(answers, uncertain, saved.rates)
    try:
        Path(args.output).write_bytes(pdf)
    except OSError as exc:
        print(f"advisor: cannot write {args.output}: {exc.strerror or exc}.", file=sys.stderr)
        return EXIT_OUTPUT
    return 0


def _portfolio(args: argparse.Namespace, stdin: BinaryIO) -> int:
    from .decide.portfolio import assess
    from .inputs.table import MAX_TABLE_BYTES, read_table
    from .present.portfolio import results_table, to_csv, to_xlsx

    output = Path(args.output)
    if output.suffix.lower() not in (".csv", ".xlsx"):
        raise AnswersError([f"the output {args.output} must end in .csv or .xlsx."])
    if args.file == "-":
        raw = stdin.read(MAX_TABLE_BYTES + 1)
    else:
        try:
            raw = Path(args.file).read_bytes()
        except OSError as exc:
            raise AnswersError([f"cannot read {args.file}: {exc.strerror or exc}."]) from None
    table = read_table(raw, args.file)
    for note in table.notes:
        print(f"advisor: note: {note}", file=sys.stderr)
    for problem in table.problems:
        print(f"advisor: row {problem.row}, column `{problem.column}`: {problem.problem}", file=sys.stderr)
    frame = results_table(table, assess([r.answers for r in table.valid if r.answers is not None]))
    try:
        output.write_bytes(to_xlsx(frame) if output.suffix.lower() == ".xlsx" else to_csv(frame))
    except OSError as exc:
        print(f"advisor: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    bad = len(table.rows) - len(table.valid)
    print(f"advisor: {len(table.rows):,} processes, {bad:,} with problems, written to {args.output}", file=sys.stderr)
    return 0


def _schema(args: argparse.Namespace, stdin: BinaryIO) -> int:
    return _print(json.dumps(Answers.model_json_schema(), indent=2) + "\n")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="advisor", description="Recommend a sourcing model: ITES/BPO, EOR, KPO, GCC or BOT."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    rec = commands.add_parser("recommend", help="print the recommendation for an answers file as JSON")
    rec.add_argument("file", help="answers JSON file, or - for standard input")
    rec.set_defaults(run=_recommend)
    rep = commands.add_parser("report", help="write the PDF report for an answers file")
    rep.add_argument("file", help="answers JSON file, or - for standard input")
    rep.add_argument("-o", "--output", required=True, help="where to write the PDF")
    rep.set_defaults(run=_report)
    port = commands.add_parser("portfolio", help="assess one process per row of a CSV or XLSX file")
    port.add_argument("file", help="CSV or XLSX file: a `name` column plus answer columns")
    port.add_argument("-o", "--output", required=True, help="where to write the results (.csv or .xlsx)")
    port.set_defaults(run=_portfolio)
    sch = commands.add_parser("schema", help="print the JSON Schema of the answers")
    sch.set_defaults(run=_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        code: int = args.run(args, sys.stdin.buffer)
        return code
    except AnswersError as exc:
        for problem in exc.problems:
            print(f"advisor: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
