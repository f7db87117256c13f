"""Write the hostile corpus: scenario files that try to hurt the loader, the linter and the player.

Run `python tests/hostile/make_corpus.py` to (re)write `tests/hostile/files/`; the files are committed so each
one can be read and replayed by hand. Every file must give positioned one-line Dutch findings within seconds
and bounded memory, with zero tracebacks (tests/test_hostile.py). Files too big to commit (a file above the
size limit, /dev/zero, a FIFO) are made by the test itself. Groups, by file-name prefix:

alias-    billion laughs and other alias tricks      nest-   deep YAML nesting
expr-     deep, long and huge expressions            loop-   `set` that grows a number without end
int-      integers over 4,300 digits (and over 15)   ctrl-   control characters
tag-      Python and custom tags                     type-   wrong types everywhere
bytes-    empty, BOM, non-UTF-8, UTF-16              yaml11- 010, 1:20, yes/no/on
version-  casustafel: true / 1.0 / "1" / 2           syntax- unclosed lists and quotes, tabs, documents
top-      a file that is only ~, a list, a number
"""

from __future__ import annotations

import sys
from pathlib import Path

FILES = Path(__file__).resolve().parent / "files"

#: A small valid scenario; every hostile file is this with one thing changed (or a file from scratch).
BASE = """\
casustafel: 1
id: basis
language: nl
title: "Basis"
summary: "Een klein scenario om aan te morrelen."
duration: 10
learning_goals: ["Luisteren"]
catalogue: default
client:
  name: "Sandra"
  facts: ["Bijstand"]
roles:
  klantmanager: {name: "Mark", brief: "Jij bent Mark."}
  sociaal_werker: {name: "Ayla", brief: "Jij bent Ayla."}
characters:
  voorzitter: {name: "Els"}
variables:
  vertrouwen: 1
  genoemd: false
start: opening
nodes:
  opening:
    lines:
      - {by: voorzitter, text: "We beginnen."}
    next: km
  km:
    turn: klantmanager
    prompt: "Wat zeg je?"
    options:
      - id: km_vraag
        text: "Wat zie jij?"
        frames: {werk: 1}
        heuristics: [perspectief]
        when: "vertrouwen < 3"
        set: {vertrouwen: "vertrouwen + 1"}
        next: sw
      - id: km_oordeel
        text: "Ze komt niet."
        frames: {recht: 2}
        set: {genoemd: true}
        next: sw
  sw:
    turn: sociaal_werker
    prompt: "Wat zeg jij?"
    options:
      - id: sw_post
        text: "Ze opent haar post niet."
        frames: {bestaan: 2}
        next: route
      - id: sw_terug
        text: "Nog een keer?"
        frames: {welzijn: 1}
        next: km
  route:
    branch:
      - {when: "vertrouwen >= 2", next: einde}
      - {next: einde}
  einde:
    ending: {kind: gedeeld_plan, title: "Plan", text: "Samen verder."}
"""


def swap(old: str, new: str, base: str = BASE) -> str:
    """BASE with `old` replaced once by `new` (the mutation must apply)."""
    assert old in base, old
    return base.replace(old, new, 1)


def laughs(levels: int, width: int, inline: bool = False) -> str:
    """The classic billion laughs, as the value of a node's text (or as a top-level key)."""
    rows = [f'a0: &a0 [{", ".join(["lol"] * width)}]']
    for i in range(1, levels):
        rows.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]")
    if inline:  # anchors under an unknown key first, then the scenario uses the last one as its goals
        anchors = "x_bom:\n" + "".join(f"  {r}\n" for r in rows)
        return anchors + swap('learning_goals: ["Luisteren"]', f"learning_goals: *a{levels - 1}")
    return "\n".join(rows) + f"\nbom: *a{levels - 1}\n"


def corpus() -> dict[str, str | bytes]:
    """{file name: content}: every hostile file."""
    c: dict[str, str | bytes] = {}
    # -- aliases --------------------------------------------------------------------------------------------
    c["alias-billion-laughs.yaml"] = laughs(9, 9)
    c["alias-billion-laughs-521-bytes.yaml"] = (
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        + "".join(f"{b}: &{b} [{','.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True)))
    c["alias-laughs-in-scenario.yaml"] = laughs(8, 10, inline=True)
    c["alias-wide.yaml"] = laughs(3, 200)
    c["alias-deep-narrow.yaml"] = laughs(40, 2)
    c["alias-recursive.yaml"] = "a: &a [*a]\n"
    c["alias-recursive-map.yaml"] = "a: &a {b: *a}\n"
    c["alias-undefined.yaml"] = swap('title: "Basis"', "title: *nergens")
    c["alias-duplicate-anchor.yaml"] = swap('title: "Basis"', 'title: &t "Basis"\nsummary_x: &t "x"')
    c["alias-merge-key.yaml"] = swap('  km:\n', '  km:\n    <<: {extra: 1}\n')
    c["alias-as-key.yaml"] = "a: &k sleutel\n*k : waarde\n"
    c["alias-scenario-shared.yaml"] = swap(
        '    ending: {kind: gedeeld_plan, title: "Plan", text: "Samen verder."}',
        '    ending: &e {kind: gedeeld_plan, title: "Plan", text: "Samen verder."}\n  einde2:\n    ending: *e')
    # -- nesting --------------------------------------------------------------------------------------------
    for depth in (100, 999, 1000, 100_000):
        c[f"nest-flow-list-{depth}.yaml"] = "a: " + "[" * depth + "]" * depth + "\n"
    c["nest-flow-map-500.yaml"] = "a: " + "{b: " * 500 + "1" + "}" * 500 + "\n"
    c["nest-flow-unclosed-2000.yaml"] = "a: " + "[" * 2000 + "\n"
    c["nest-block-300.yaml"] = "a:\n" + "".join(" " * i + "- \n" for i in range(1, 300))
    c["nest-block-map-200.yaml"] = "".join(" " * i + f"k{i}:\n" for i in range(200)) + " " * 200 + "v\n"
    c["nest-in-text.yaml"] = swap('title: "Basis"', "title: " + "[" * 80 + "x" + "]" * 80)
    c["nest-in-lines.yaml"] = swap('      - {by: voorzitter, text: "We beginnen."}',
                                   "      - " + "[" * 200 + "]" * 200)
    # -- expressions ----------------------------------------------------------------------------------------
    when = 'when: "vertrouwen < 3"'
    c["expr-parens-1000.yaml"] = swap(when, 'when: "' + "(" * 1000 + "true" + ")" * 1000 + '"')
    c["expr-parens-40.yaml"] = swap(when, 'when: "' + "(" * 40 + "true" + ")" * 40 + '"')
    c["expr-plus-990.yaml"] = swap(when, 'when: "' + " + ".join(["vertrouwen"] * 990) + ' > 0"')
    c["expr-plus-150.yaml"] = swap(when, 'when: "' + " + ".join(["vertrouwen"] * 150) + ' > 0"')
    c["expr-not-100000.yaml"] = swap(when, 'when: "' + "not " * 100_000 + 'true"')
    c["expr-minus-100000.yaml"] = swap(when, 'when: "' + "-" * 100_000 + '1 > 0"')
    c["expr-not-40.yaml"] = swap(when, 'when: "' + "not " * 40 + 'true"')
    c["expr-long-text.yaml"] = swap(when, 'when: "vertrouwen >= 0' + " " * 5000 + 'and true"')
    c["expr-int-5000-digits.yaml"] = swap(when, 'when: "vertrouwen < ' + "9" * 5000 + '"')
    c["expr-int-20-digits.yaml"] = swap(when, 'when: "vertrouwen < ' + "9" * 20 + '"')
    c["expr-set-huge-literal.yaml"] = swap('set: {vertrouwen: "vertrouwen + 1"}',
                                           'set: {vertrouwen: "vertrouwen * ' + "9" * 4400 + '"}')
    c["expr-and-chain.yaml"] = swap(when, 'when: "' + " and ".join(["true"] * 500) + '"')
    c["expr-call-deep.yaml"] = swap(when, 'when: "' + "visited(" * 300 + "km" + ")" * 300 + '"')
    c["expr-unknown-char.yaml"] = swap(when, 'when: "vertrouwen @ 1"')
    c["expr-nul-in-expr.yaml"] = swap(when, 'when: "vertrouwen\\0 > 1"')
    c["expr-not-text.yaml"] = swap(when, "when: [vertrouwen]")
    c["expr-empty.yaml"] = swap(when, 'when: ""')
    # -- loops that grow a number -------------------------------------------------------------------------
    grow = 'set: {vertrouwen: "vertrouwen + 1"}'
    unguarded = swap('        when: "vertrouwen < 3"\n', "")  # km_vraag always open: the loop km -> sw -> km grows
    for name, expr in (("square", "vertrouwen * vertrouwen + 2"), ("cube", "vertrouwen * vertrouwen * vertrouwen"),
                       ("double", "vertrouwen + vertrouwen"), ("negative", "0 - vertrouwen * vertrouwen - 2"),
                       ("times-1000", "vertrouwen * 1000"), ("plus-one", "vertrouwen + 1")):
        c[f"loop-{name}.yaml"] = swap(grow, f'set: {{vertrouwen: "{expr}"}}', unguarded)
    c["loop-square-guarded-late.yaml"] = swap(grow, 'set: {vertrouwen: "vertrouwen * vertrouwen + 2"}',
                                              swap('when: "vertrouwen < 3"', 'when: "vertrouwen > 0 or true"'))
    c["loop-square-in-branch.yaml"] = swap('      - {when: "vertrouwen >= 2", next: einde}',
                                           '      - {when: "vertrouwen * vertrouwen * vertrouwen > 2", next: einde}',
                                           swap(grow, 'set: {vertrouwen: "vertrouwen * 100000"}', unguarded))
    # -- integers in YAML ----------------------------------------------------------------------------------
    big = "9" * 4400
    c["int-4400-variable.yaml"] = swap("  vertrouwen: 1", f"  vertrouwen: {big}")
    c["int-4400-duration.yaml"] = swap("duration: 10", f"duration: {big}")
    c["int-4400-weight.yaml"] = swap("frames: {werk: 1}", f"frames: {{werk: {big}}}")
    c["int-4400-points.yaml"] = swap("heuristics: [perspectief]", f"heuristics: [{{perspectief: {big}}}]")
    c["int-4400-version.yaml"] = swap("casustafel: 1", f"casustafel: {big}")
    c["int-4400-set.yaml"] = swap(grow, f"set: {{vertrouwen: {big}}}")
    c["int-4400-key.yaml"] = swap("  vertrouwen: 1", f"  vertrouwen: 1\n  {big}: 2")
    c["int-20-variable.yaml"] = swap("  vertrouwen: 1", "  vertrouwen: 123456789012345678901")
    c["int-hex-huge.yaml"] = swap("  vertrouwen: 1", "  vertrouwen: 0x" + "f" * 20)
    c["int-negative-huge.yaml"] = swap("  vertrouwen: 1", "  vertrouwen: -" + "9" * 5000)
    c["int-underscores.yaml"] = swap("  vertrouwen: 1", "  vertrouwen: 1_000_000_000_000_000_000")
    c["int-float-huge.yaml"] = swap("  vertrouwen: 1", "  vertrouwen: 1e400")
    c["int-float-nan.yaml"] = swap("duration: 10", "duration: .nan")
    # -- control characters ---------------------------------------------------------------------------------
    for code in (0x00, 0x01, 0x07, 0x08, 0x0B, 0x0C, 0x1B, 0x7F, 0x80, 0x9B, 0xFFFE):
        c[f"ctrl-u{code:04x}-in-text.yaml"] = swap('prompt: "Wat zeg je?"', f'prompt: "Wat {chr(code)} zeg je?"')
    c["ctrl-nul-at-start.yaml"] = "\x00" + BASE
    c["ctrl-escape-sequence.yaml"] = swap('title: "Basis"', 'title: "Basis \x1b[2J\x1b]0;pwned\x07"')
    c["ctrl-many.yaml"] = "".join(f"k{i}: \"a\x01b\"\n" for i in range(50))
    c["ctrl-nel-allowed.yaml"] = swap('title: "Basis"', 'title: "Basis\x85"\ntitel_x: 1')
    c["ctrl-bidi.yaml"] = swap('title: "Basis"', 'title: "Basis \u202e esrever"\nx: 1')
    # -- tags -----------------------------------------------------------------------------------------------
    c["tag-python-object.yaml"] = swap('title: "Basis"', 'title: !!python/object/apply:os.system ["echo pwned"]')
    c["tag-python-name.yaml"] = swap('title: "Basis"', "title: !!python/name:os.system ''")
    c["tag-python-top.yaml"] = "!!python/object:__main__.X {a: 1}\n"
    c["tag-custom.yaml"] = swap('title: "Basis"', 'title: !foo "Basis"')
    c["tag-custom-map.yaml"] = swap("  klantmanager: {", "  klantmanager: !rol {")
    c["tag-binary.yaml"] = swap('title: "Basis"', "title: !!binary aGFsbG8=")
    c["tag-set.yaml"] = swap("learning_goals: [\"Luisteren\"]", "learning_goals: !!set {a, b}")
    c["tag-omap.yaml"] = swap("learning_goals: [\"Luisteren\"]", "learning_goals: !!omap [a: 1]")
    c["tag-timestamp.yaml"] = swap('title: "Basis"', "title: 2024-01-01")
    c["tag-verbatim.yaml"] = swap('title: "Basis"', 'title: !<tag:example.com,2000:x> "Basis"')
    c["tag-float-on-text.yaml"] = swap("duration: 10", "duration: !!float tien")
    c["tag-int-on-text.yaml"] = swap("duration: 10", "duration: !!int tien")
    c["tag-str-on-map.yaml"] = swap("client:\n", "client: !!str\n")
    # -- wrong types everywhere --------------------------------------------------------------------------
    wrong = {
        "language": ("language: nl", "language: [nl]"),
        "language-map": ("language: nl", "language: {nl: 1}"),
        "languages": ("language: nl", "language: nl\nlanguages: nl"),
        "languages-nested": ("language: nl", "language: nl\nlanguages: [[nl]]"),
        "id": ("id: basis", "id: [basis]"),
        "title": ('title: "Basis"', "title: [a, b]"),
        "title-lang-list": ('title: "Basis"', "title: {nl: [a]}"),
        "summary": ('summary: "Een klein scenario om aan te morrelen."', "summary: 12"),
        "duration": ("duration: 10", 'duration: "tien"'),
        "goals": ('learning_goals: ["Luisteren"]', "learning_goals: Luisteren"),
        "catalogue": ("catalogue: default", "catalogue: [default]"),
        "catalogue-path": ("catalogue: default", "catalogue: ../../../../etc"),
        "kind": ("catalogue: default", "catalogue: default\nkind: [casuistiek]"),
        "client": ("client:\n  name: \"Sandra\"\n  facts: [\"Bijstand\"]", "client: [Sandra]"),
        "facts": ('facts: ["Bijstand"]', "facts: {a: 1}"),
        "roles-list": ("roles:\n", "roles: [a]\nroles_x:\n"),
        "role-scalar": ('  klantmanager: {name: "Mark", brief: "Jij bent Mark."}', "  klantmanager: Mark"),
        "home": ('{name: "Mark", brief: "Jij bent Mark."}', '{name: "Mark", brief: "Jij bent Mark.", home: [werk]}'),
        "characters": ('  voorzitter: {name: "Els"}', "  voorzitter: [Els]"),
        "variables-list": ("variables:\n  vertrouwen: 1\n  genoemd: false", "variables: [vertrouwen]"),
        "variable-list": ("  vertrouwen: 1", "  vertrouwen: [1]"),
        "variable-null": ("  vertrouwen: 1", "  vertrouwen:"),
        "variable-float": ("  vertrouwen: 1", "  vertrouwen: 1.5"),
        "start": ("start: opening", "start: [opening]"),
        "nodes-list": ("nodes:\n", "nodes: [a]\nnodes_x:\n"),
        "node-scalar": ("  route:\n", "  leeg: tekst\n  route:\n"),
        "lines": ('      - {by: voorzitter, text: "We beginnen."}', '      - "We beginnen."'),
        "lines-map": ('    lines:\n      - {by: voorzitter, text: "We beginnen."}', "    lines: {by: voorzitter}"),
        "by": ("{by: voorzitter,", "{by: [voorzitter],"),
        "by-map": ("{by: voorzitter,", "{by: {a: 1},"),
        "text-number": ('text: "We beginnen."', "text: 12"),
        "next": ("    next: km\n", "    next: [km]\n"),
        "next-map": ("    next: km\n", "    next: {km: 1}\n"),
        "turn": ("    turn: klantmanager", "    turn: [klantmanager]"),
        "turn-map": ("    turn: klantmanager", "    turn: {klantmanager: 1}"),
        "prompt": ('prompt: "Wat zeg je?"', "prompt: [a]"),
        "options-map": ("    options:\n      - id: km_vraag",
                        "    options: {a: 1}\n    options_x:\n      - id: km_vraag"),
        "option-scalar": ("      - id: sw_terug", "      - tekst\n      - id: sw_terug"),
        "option-id": ("id: km_vraag", "id: [km_vraag]"),
        "frames-list": ("frames: {werk: 1}", "frames: [werk]"),
        "frame-weight": ("frames: {werk: 1}", "frames: {werk: [1]}"),
        "frame-weight-bool": ("frames: {werk: 1}", "frames: {werk: true}"),
        "heuristics-map": ("heuristics: [perspectief]", "heuristics: {perspectief: 1}"),
        "heuristic-list": ("heuristics: [perspectief]", "heuristics: [[perspectief]]"),
        "heuristic-points": ("heuristics: [perspectief]", "heuristics: [{perspectief: [1]}]"),
        "level": ("heuristics: [perspectief]", "heuristics: [perspectief]\n        level: [dialogisch]"),
        "level-map": ("heuristics: [perspectief]", "heuristics: [perspectief]\n        level: {a: 1}"),
        "feedback": ("heuristics: [perspectief]", "heuristics: [perspectief]\n        feedback: [a]"),
        "partner": ("heuristics: [perspectief]", 'heuristics: [perspectief]\n        partner: "ja"'),
        "set-list": ('set: {vertrouwen: "vertrouwen + 1"}', "set: [vertrouwen]"),
        "set-value-list": ('set: {vertrouwen: "vertrouwen + 1"}', "set: {vertrouwen: [1]}"),
        "set-value-map": ('set: {vertrouwen: "vertrouwen + 1"}', "set: {vertrouwen: {a: 1}}"),
        "branch-map": ('    branch:\n      - {when: "vertrouwen >= 2", next: einde}',
                       "    branch: {when: x}\n    b_x:"),
        "branch-arm": ('      - {when: "vertrouwen >= 2", next: einde}', "      - einde"),
        "ending-list": ('    ending: {kind: gedeeld_plan, title: "Plan", text: "Samen verder."}', "    ending: [a]"),
        "ending-kind": ("kind: gedeeld_plan", "kind: [gedeeld_plan]"),
        "reflect-list": ("  route:\n", '  denk:\n    reflect: [a]\n    next: route\n  route:\n'),
        "key-list": ("  km:\n", "  ? [a, b]\n  : 1\n  km:\n"),
        "key-null": ("  km:\n", "  ~: 1\n  km:\n"),
        "key-bool": ("  km:\n", "  true: 1\n  km:\n"),
        "key-int": ("  km:\n", "  12: 1\n  km:\n"),
        "duplicate-key": ("duration: 10", "duration: 10\nduration: 11"),
    }
    for name, (old, new) in wrong.items():
        c[f"type-{name}.yaml"] = swap(old, new)
    # -- bytes: empty, BOM, encodings -----------------------------------------------------------------------
    c["bytes-empty.yaml"] = b""
    c["bytes-whitespace.yaml"] = b"   \n\n\t\n"
    c["bytes-comment-only.yaml"] = b"# alleen commentaar\n"
    c["bytes-bom-only.yaml"] = b"\xef\xbb\xbf"
    c["bytes-bom-and-base.yaml"] = b"\xef\xbb\xbf" + swap("duration: 10", "duration: tien").encode()
    c["bytes-double-bom.yaml"] = b"\xef\xbb\xbf\xef\xbb\xbf" + BASE.encode()
    c["bytes-latin1.yaml"] = swap('title: "Basis"', 'title: "Cli\u00ebnt"').encode("latin-1")
    c["bytes-utf16.yaml"] = BASE.encode("utf-16")
    c["bytes-invalid-utf8-late.yaml"] = BASE.encode().replace(b"Wat zeg je?", b"Wat \xff\xfe zeg je?")
    c["bytes-surrogate-escape.yaml"] = swap('title: "Basis"', 'title: "\\ud800"')
    c["bytes-nul-bytes.yaml"] = b"\x00" * 1000
    c["bytes-binary.yaml"] = bytes(range(256)) * 8
    # -- YAML 1.1 surprises ---------------------------------------------------------------------------------
    c["yaml11-octal-duration.yaml"] = swap("duration: 10", "duration: 010")
    c["yaml11-octal-variable.yaml"] = swap("  vertrouwen: 1", "  vertrouwen: 010")
    c["yaml11-sexagesimal.yaml"] = swap("duration: 10", "duration: 1:20")
    c["yaml11-yes-title.yaml"] = swap('title: "Basis"', "title: yes")
    c["yaml11-no-text.yaml"] = swap('text: "Ze opent haar post niet."', "text: no")
    c["yaml11-on-language.yaml"] = swap("language: nl", "language: on")
    c["yaml11-no-norway.yaml"] = swap("language: nl", "language: no")
    c["yaml11-off-variable.yaml"] = swap("  genoemd: false", "  genoemd: off")
    c["yaml11-octal-id.yaml"] = swap("id: km_vraag", "id: 0755")
    # -- the version ----------------------------------------------------------------------------------------
    for name, value in (("true", "true"), ("float", "1.0"), ("string", '"1"'), ("two", "2"), ("null", "~"),
                        ("list", "[1]"), ("zero", "0"), ("negative", "-1"), ("yes", "yes")):
        c[f"version-{name}.yaml"] = swap("casustafel: 1", f"casustafel: {value}")
    c["version-missing.yaml"] = swap("casustafel: 1\n", "")
    # -- syntax ---------------------------------------------------------------------------------------------
    c["syntax-unclosed-list.yaml"] = swap('learning_goals: ["Luisteren"]', 'learning_goals: ["Luisteren"')
    c["syntax-unclosed-map.yaml"] = swap('  voorzitter: {name: "Els"}', '  voorzitter: {name: "Els"')
    c["syntax-unclosed-double-quote.yaml"] = swap('title: "Basis"', 'title: "Basis')
    c["syntax-unclosed-single-quote.yaml"] = swap('title: "Basis"', "title: 'Basis")
    c["syntax-unclosed-quote-last-line.yaml"] = BASE + 'laatste: "open\n'
    c["syntax-tab-indent.yaml"] = swap("  name: \"Sandra\"", "\tname: \"Sandra\"")
    c["syntax-bad-indent.yaml"] = swap("  facts: [\"Bijstand\"]", " facts: [\"Bijstand\"]")
    c["syntax-colon-in-text.yaml"] = swap('title: "Basis"', "title: Basis: een test")
    c["syntax-two-documents.yaml"] = BASE + "---\nid: tweede\n"
    c["syntax-directive.yaml"] = "%YAML 1.3\n---\n" + BASE
    c["syntax-unknown-directive.yaml"] = "%FOO bar\n---\n" + BASE
    c["syntax-at-sign.yaml"] = swap('title: "Basis"', "title: @basis")
    c["syntax-backtick.yaml"] = swap('title: "Basis"', "title: `basis`")
    c["syntax-bad-escape.yaml"] = swap('title: "Basis"', 'title: "C:\\pad\\q"')
    c["syntax-block-scalar-bad.yaml"] = swap('title: "Basis"', "title: |\n  a\n b")
    c["syntax-stray-dash.yaml"] = swap("nodes:\n", "nodes:\n- a\n")
    c["syntax-only-dashes.yaml"] = "---\n---\n---\n"
    c["syntax-document-end.yaml"] = "...\n" + BASE
    # -- top level ------------------------------------------------------------------------------------------
    c["top-tilde.yaml"] = "~\n"
    c["top-null.yaml"] = "null\n"
    c["top-list.yaml"] = "- casustafel: 1\n"
    c["top-number.yaml"] = "12\n"
    c["top-string.yaml"] = "casustafel\n"
    c["top-true.yaml"] = "yes\n"
    c["top-empty-map.yaml"] = "{}\n"
    c["top-only-version.yaml"] = "casustafel: 1\n"
    c["top-nodes-empty.yaml"] = swap(BASE[BASE.index("nodes:\n"):], "nodes: {}\n")
    return c


def write(folder: Path = FILES) -> list[Path]:
    """Write every file of the corpus into `folder` (made if missing); returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, content in corpus().items():
        path = folder / name
        if isinstance(content, str):
            path.write_bytes(content.encode("utf-8", "surrogatepass"))
        else:
            path.write_bytes(content)
        paths.append(path)
    return paths


if __name__ == "__main__":
    written = write(Path(sys.argv[1]) if len(sys.argv) > 1 else FILES)
    print(f"{len(written)} bestanden in {written[0].parent}")
