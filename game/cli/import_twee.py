"""`casustafel import-twee STORY.twee`: convert a Twine (Twee 3) story to a format-v1 scenario skeleton."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from casustafel.engine.diagnostics import ERROR
from casustafel.engine.lint import lint_file
from casustafel.engine.schema import LANGUAGE_CODES
from casustafel.engine.twee import convert, parse_twee
from casustafel.game.cli.new import schema_modeline
from casustafel.game.i18n import count
from casustafel.game.records.files import FileWriteError, check_target, write_file


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("import-twee", help="zet een Twine-verhaal (Twee 3) om naar een scenario",
                              description="Zet een Twee 3-bestand om naar een scenarioskelet (formaat 1) en meld "
                                          "wat niet omgezet kon worden.")
    p.add_argument("twee", help="het .twee-bestand")
    p.add_argument("-o", "--output", help="het nieuwe .yaml-bestand (standaard: naast het .twee-bestand)")
    p.add_argument("--force", action="store_true", help="overschrijf een bestaand bestand")
    p.add_argument("--lang", choices=LANGUAGE_CODES, default=None,
                   help="taal van het verhaal (standaard: geraden uit de tekst)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    source = Path(args.twee)
    try:
        text = source.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        print(f"import-twee: kan {source} niet lezen: {exc.strerror or exc}.", file=sys.stderr)
        return 2
    except UnicodeDecodeError:
        print(f"import-twee: {source} is geen UTF-8-tekst. Sla het op als UTF-8.", file=sys.stderr)
        return 1
    target = Path(args.output) if args.output else source.with_suffix(".yaml")
    if target.suffix not in (".yaml", ".yml"):
        print(f"import-twee: {target} moet eindigen op .yaml.", file=sys.stderr)
        return 2
    try:
        check_target(target, args.force)  # before the work, so a refusal costs nothing
    except FileWriteError as exc:
        print(f"import-twee: {exc}", file=sys.stderr)
        return 1
    story = parse_twee(text)
    for problem in story.problems:
        print(problem.format(str(source)), file=sys.stderr)
    if any(p.severity == "error" for p in story.problems):
        print(f"import-twee: {source} is geen geldige Twee 3; niets geschreven.", file=sys.stderr)
        return 1
    try:
        conversion = convert(story, source.stem, args.lang, schema_modeline(target))
    except ValueError as exc:
        print(f"import-twee: {exc}", file=sys.stderr)
        return 1
    try:
        write_file(target, conversion.yaml, force=args.force, private=False)
    except FileWriteError as exc:
        print(f"import-twee: {exc}", file=sys.stderr)
        return 1
    print(f"{len(conversion.node_ids)} passages omgezet naar {target} (taal: {conversion.language}).")
    if conversion.report:
        print("Niet (helemaal) omgezet:")
        for problem in conversion.report:
            print(f"  {problem.format(str(source))}")
    findings = lint_file(target)
    errors = [d for d in findings if d.severity == ERROR]
    for d in errors:
        print(d.format(), file=sys.stderr)
    print(f"Lint: {count('error', len(errors))}; overige: {count('finding', len(findings) - len(errors))}; "
          f"zie casustafel lint {target}.")
    if errors:
        print(f"import-twee: {target} is geschreven, maar lint vindt fouten; los ze op voor je speelt.",
              file=sys.stderr)
        return 1
    return 0
