"""Builds docs/lint-rules.md from the rule texts below and the example files beside this script.

    python tests/lint_examples/make_docs.py

tests/test_lint_docs.py checks that the page is up to date and lints every example in it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).parent
PAGE = HERE.parent.parent / "docs" / "lint-rules.md"
EXPECT = re.compile(r"\s*# expect: [A-Z0-9 ]+")

# code: (title, what it finds, why it matters)
TEXTS: dict[str, tuple[str, str, str]] = {
    "CT001": ("YAML syntax", "The file is not valid YAML (an unclosed quote, a bad indent, a tab).",
              "Nothing else can be checked until the file reads; the position points at where YAML gave up, "
              "which is often just after the real mistake."),
    "CT002": ("Duplicate key", "The same key twice in one mapping.",
              "YAML would silently keep the last one; the first value, often a whole node, disappears."),
    "CT010": ("Unknown key", "A key the format does not know, with the closest known key as a suggestion.",
              "A typo such as `durartion` or `heuristic` would otherwise be ignored without a word."),
    "CT020": ("Unknown node", "A `next`, `start`, branch target or `visited()` naming a node that does not exist.",
              "The story would stop at that point with an error in front of the players."),
    "CT021": ("Unknown role", "A `turn` naming no role of the scenario (or a role without a home profile).",
              "Nobody could make that choice."),
    "CT023": ("Unknown frame", "A frame id the catalogue does not know.",
              "Frame alignment and the own-frame partner read frames by id; an unknown one counts for nothing."),
    "CT024": ("Unknown heuristic", "A heuristic id the catalogue does not know.",
              "The option would silently score nothing for it."),
    "CT030": ("Duplicate option id", "Two options with the same id anywhere in the scenario.",
              "Saves, records and reports name an option by its id alone."),
    "CT040": ("Expression error", "A `when`, branch condition or `set` value that does not parse.",
              "The message points at the character where parsing failed."),
    "CT041": ("Expression type mismatch", "An expression of the wrong type: a number where a condition belongs, "
              "text assigned to a number.", "The engine would compare or assign nonsense at play time."),
    "CT100": ("Unreachable node", "A node that no play reaches from `start`: no path leads there, or every "
              "path is closed by conditions.", "Unreachable text is work nobody sees, and usually a forgotten link."),
    "CT101": ("Choice without options (dead end)", "A choice node that, in some reachable state, offers no "
              "option because every option's `when` is false. The message shows such a state.",
              "The session stops there with an error; players are stuck mid-conversation."),
    "CT102": ("Trap", "A reachable node from which no ending can be reached (in any state, or in some states).",
              "Players would go round for ever; the debrief never comes."),
    "CT103": ("Loop without a choice", "Lines and branches that lead back to themselves with no choice between.",
              "The engine would walk the loop without asking anyone anything, and stop with an error."),
    "CT104": ("Option never offered", "An option whose `when` is false in every reachable state of its node.",
              "Players never see it; usually the condition names the wrong variable or value."),
    "CT105": ("Branch arm never taken", "A branch arm that no reachable state selects: an earlier arm is "
              "always true, or its own condition never is.", "The node behind it is dead text."),
    "CT106": ("Analysis limit reached (info)", "The state-space analysis explored its limit of states "
              "(20,000, or five per node; `--max-states` changes it) and stopped.",
              "Checks that depend on conditions (CT101, CT102 in some states, CT104, CT105) are then skipped "
              "and score ranges are bounds. Usually a counter grows without limit in a loop. This never fails "
              "a lint, not even with `--strict`."),
    "CT200": ("Unused variable", "A declared variable that no `when`, branch or `set` mentions.",
              "Clutter that suggests logic which is not there."),
    "CT201": ("Variable set but never read", "A variable that options `set` but no condition reads (a value "
              "that only feeds its own update counts as unread).", "The bookkeeping changes nothing in the story."),
    "CT202": ("Variable read but never set", "A variable conditions read but no option ever sets.",
              "It keeps its initial value, so every condition on it always gives the same answer."),
    "CT300": ("Missing translation", "A text that lacks a language listed in `languages`. Names of people "
              "(`name` of roles, characters and the client) may stay a plain string.",
              "The English interface would show Dutch text, or nothing."),
    "CT301": ("Text too long", "An option or line over 280 characters, or a prompt, reflection question, "
              "feedback or ending text over 400.", "It does not fit the window on a projector."),
    "CT302": ("TODO marker", "`TODO`, `FIXME` or `XXX` anywhere in the file, comments included.",
              "Unfinished work should not reach a workshop."),
    "CT303": ("YAML 1.1 truth word", "An unquoted `yes`, `no`, `on`, `off`, `y` or `n`, which YAML reads as "
              "true or false.", "`text: no` becomes the value false, not the word; write `true`/`false` for "
              "truth values and quote words."),
    "CT400": ("Option without scoring tags", "An option with no `frames`, no `heuristics` and no `level`.",
              "Scoring, frame alignment and the computer partner cannot see what the utterance does."),
    "CT401": ("Flat choice", "A choice where every option is worth the same (heuristic points plus level bonus).",
              "The choice teaches nothing the score can show; the coach partner picks at random."),
    "CT402": ("Role that never chooses", "A role with no reachable choice node.",
              "A player in that role only watches; make it a character instead, or give it turns."),
}

INTRO = """# Lint rules

`casustafel lint FILE_OR_FOLDER...` (or `python tools/scenario_lint.py`) prints one line per finding,
`file:line:col: CODE severity: message`, sorted by file and position. `--format json` gives the same as
JSON; `--strict` makes warnings fail; exit code 0 is clean, 1 errors, 2 a usage problem. Severities:
`error` (the scenario cannot be played as meant), `warning` (it can, but something is probably wrong),
`info` (a remark that never fails a lint).

Codes CT000-CT041 come from the loader (`engine/loader.py`), which reports every problem that stops a
file from loading; not all of them are listed here (CT000 unreadable file, CT003 unsupported YAML tag,
CT011 missing key, CT012 wrong type, CT013 bad value, CT022 unknown speaker, CT025 unknown level,
CT026 `set` of an undeclared variable, CT027 an ending kind that looks like a typo, CT028 unknown
catalogue). Codes from CT100 up are the linter's own rules (`engine/lint_rules.py`), run on the loaded
scenario and on the state-space analysis (`engine/analysis.py`).

For editors: `engine/scenario-v1.schema.json` is a JSON Schema (draft 7) of format 1. With the VS Code YAML
extension, put `# yaml-language-server: $schema=../engine/scenario-v1.schema.json` on the first line of a
scenario (or map the schema to `scenarios/*.yaml` under `yaml.schemas` in the settings) for completion of
keys, frame, heuristic and level ids, and checks of types while typing. The schema checks shape only;
the linter checks everything else.

Each example below is a complete scenario file. In a bad example, `# expect: CODE` marks the line where
the finding is reported; a good example lints clean with `--strict`. The tests lint every example on this
page (`tests/test_lint_docs.py`), and the same files live in `tests/lint_examples/`.
"""


def build() -> str:
    parts = [INTRO]
    for code, (title, what, why) in TEXTS.items():
        bad = (HERE / f"{code}.bad.yaml").read_text(encoding="utf-8")
        good = (HERE / f"{code}.good.yaml").read_text(encoding="utf-8")
        parts.append(f"## {code}: {title}\n\n**What it finds.** {what}\n\n**Why it matters.** {why}\n\n"
                     f"Bad:\n\n```yaml {code} bad\n{bad}```\n\nGood:\n\n```yaml {code} good\n{good}```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    PAGE.write_text(build(), encoding="utf-8")
    sys.exit(0)
