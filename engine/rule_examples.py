"""The bad and good example of every code in the rules table (`engine/rules.py`): complete scenario files.

A bad example marks each line where a finding is expected with `# expect: CODE [CODE...]`; the linter must
report exactly those (code, line) pairs and nothing else. A good example lints clean with --strict.
`python tools/lint_docs.py` writes them to `tests/lint_examples/` and into docs/lint-rules.md.
Built from a few shared fragments, so that each example differs from a clean scenario in one place.
"""

from __future__ import annotations

HEAD = '''casustafel: 1
id: voorbeeld
language: nl
title: "Voorbeeld"
summary: "Een kort voorbeeld."
duration: 5
learning_goals: ["Oefenen"]
client: {name: "Sandra", facts: ["Bijstand"]}
roles:
  klantmanager: {name: "Mark", brief: "Speel Mark."}
  sociaal_werker: {name: "Ayla", brief: "Speel Ayla."}
'''
KM = '''  km:
    turn: klantmanager
    prompt: "Hoe begin je?"
    options:
      - {id: km_vraag, text: "Wat zie jij bij Sandra?", frames: {samen: 1}, heuristics: [perspectief], next: sw}
      - {id: km_oordeel, text: "Ze wil gewoon niet.", frames: {recht: 2}, heuristics: [etiket], next: sw}
'''
SW = '''  sw:
    turn: sociaal_werker
    prompt: "Wat zeg je?"
    options:
      - {id: sw_samen, text: "Vragen we het Sandra?", frames: {regie: 2}, heuristics: [client_centraal], next: plan}
      - {id: sw_eigen, text: "Ik zie vooral stress.", frames: {welzijn: 2}, next: plan}
'''
END = '''  plan:
    ending: {kind: gedeeld_plan, title: "Plan", text: "Een plan."}
'''
BASE = HEAD + "start: km\nnodes:\n" + KM + SW + END
PERSONAS = """duration: 5
personas:
  regie: {name: "Houdt de regie", description: "Wil zelf bepalen wat er gebeurt."}
  hand: {name: "Bij de hand", description: "Wil dat iemand de weg wijst."}
"""
VARS_HEAD = HEAD + "variables:\n  vertrouwen: 0\nstart: km\nnodes:\n"
KM_SET = KM.replace("heuristics: [perspectief], next: sw}",
                    'heuristics: [perspectief], set: {vertrouwen: "vertrouwen + 1"}, next: sw}')
SW_WHEN = SW.replace("{id: sw_samen, text", '{id: sw_samen, when: "vertrouwen >= 1", text')
VARS = VARS_HEAD + KM_SET + SW_WHEN + END

TRANSLATED = '''casustafel: 1
id: voorbeeld
language: nl
languages: [nl, en]
title: {nl: "Voorbeeld", en: "Example"}
summary: {nl: "Een kort voorbeeld.", en: "A short example."}
duration: 5
learning_goals: [{nl: "Oefenen", en: "Practise"}]
client: {name: "Sandra", facts: [{nl: "Bijstand", en: "Social assistance"}]}
roles:
  klantmanager: {name: "Mark", brief: {nl: "Speel Mark.", en: "Play Mark."}}
  sociaal_werker: {name: "Ayla", brief: {nl: "Speel Ayla.", en: "Play Ayla."}}
start: km
nodes:
  km:
    turn: klantmanager
    prompt: {nl: "Hoe begin je?", en: "How do you begin?"}
    options:
      - id: km_vraag
        text: {nl: "Wat zie jij bij Sandra?", en: "What do you see with Sandra?"}
        frames: {samen: 1}
        heuristics: [perspectief]
        next: sw
      - id: km_oordeel
        text: {nl: "Ze wil gewoon niet.", en: "She just does not want to."}
        frames: {recht: 2}
        heuristics: [etiket]
        next: sw
  sw:
    turn: sociaal_werker
    prompt: {nl: "Wat zeg je?", en: "What do you say?"}
    options:
      - id: sw_samen
        text: {nl: "Vragen we het Sandra zelf?", en: "Shall we ask Sandra herself?"}
        frames: {regie: 2}
        heuristics: [client_centraal]
        next: plan
      - id: sw_eigen
        text: {nl: "Ik zie vooral stress.", en: "Mostly I see stress."}
        frames: {welzijn: 2}
        next: plan
  plan:
    ending: {kind: gedeeld_plan, title: {nl: "Plan", en: "Plan"}, text: {nl: "Een plan.", en: "A plan."}}
'''

LONG = "Ik wil eerst goed begrijpen wat Sandra zelf wil, " * 7

TRAP = '''  rondje:{m1}
    lines: [{{by: klantmanager, text: "We praten nog even door."}}]
    next: nog_eens
  nog_eens:{m2}
    turn: sociaal_werker
    prompt: "En nu?"
    options:
      - {{id: sw_nog, text: "Nog een keer dan.", frames: {{welzijn: 1}}, heuristics: [aanname], next: rondje}}
      - {{id: sw_weer, text: "Opnieuw.", frames: {{welzijn: 1}}, next: {out}}}
'''
TO_TRAP = BASE.replace("frames: {welzijn: 2}, next: plan}", "frames: {welzijn: 2}, next: rondje}")
LOOP = '''  praat:{m1}
    lines: [{{by: klantmanager, text: "Nou ja."}}]
    next: weer
  weer:{m2}
    lines: [{{by: sociaal_werker, text: "Tja."}}]
    next: {out}
'''
TO_LOOP = BASE.replace("frames: {welzijn: 2}, next: plan}", "frames: {welzijn: 2}, next: praat}")
BRANCH = '''  route:
    branch:
      - {{when: "vertrouwen >= {n}", next: plan}}
      - {{next: impasse}}{m}
  impasse:{m2}
    ending: {{kind: impasse, title: "Impasse", text: "Geen plan."}}
'''
TO_BRANCH = VARS_HEAD + KM_SET + SW.replace("next: plan}", "next: route}") + END
LIMIT = '''  km:
    turn: klantmanager
    prompt: "Hoe begin je?"
    options:
      - id: km_vraag
        text: "Wat zie jij bij Sandra?"
        frames: {{samen: 1}}
        heuristics: [perspectief]
        set: {{vertrouwen: {value}}}
        next: sw
      - {{id: km_oordeel, text: "Ze wil gewoon niet.", frames: {{recht: 2}}, heuristics: [etiket], next: sw}}
  sw:
    turn: sociaal_werker
    prompt: "Wat zeg je?"
    options:
      - id: sw_samen
        when: "vertrouwen >= 1"
        text: "Vragen we het Sandra zelf?"
        frames: {{regie: 2}}
        heuristics: [client_centraal]
        next: plan
      - {{id: sw_eigen, text: "Ik zie vooral stress.", frames: {{welzijn: 2}}, next: km}}
'''
SW_ONLY_KM = HEAD + "start: km\nnodes:\n" + KM.replace("next: sw}", "next: plan}") + END

LEVELS_OK = BASE.replace("heuristics: [perspectief], next: sw}",
                         "heuristics: [perspectief], level: dialogisch, next: sw}")


def _tells(nodes: list[list[tuple[str, str]]], mark: str = "", option_mark: tuple[str, str] = ("", "")) -> str:
    """A scenario of choice nodes that take turns; each option is (text, heuristic or ""); `mark` goes on the
    nodes line, `option_mark` is (option id, mark)."""
    roles = ("klantmanager", "sociaal_werker")
    frames = ("{werk: 1}", "{welzijn: 1}")
    parts = [HEAD, "start: k1\nnodes:" + mark + "\n"]
    for i, options in enumerate(nodes):
        nid, nxt = f"k{i + 1}", f"k{i + 2}" if i + 1 < len(nodes) else "plan"
        parts.append(f'  {nid}:\n    turn: {roles[i % 2]}\n    prompt: "Wat zeg je?"\n    options:\n')
        for j, (text, heuristic) in enumerate(options):
            tags = f"heuristics: [{heuristic}], " if heuristic else ""
            oid = f"{nid}_{j + 1}"
            end = option_mark[1] if oid == option_mark[0] else ""
            parts.append(f'      - {{id: {oid}, text: "{text}", frames: {frames[i % 2]}, {tags}next: {nxt}}}{end}\n')
    return "".join(parts) + END


# CT410/CT411: the best option (perspectief) is the longest, the red flag (etiket) the shortest
LONG_IS_BEST = [
    [("Wat betekent deze afspraak voor Sandra zelf, denk jij?", "perspectief"), ("Laten we verder gaan.", ""),
     ("Ze wil niet.", "etiket")],
    [("Hoe kijk jij hier vanuit je eigen werk naar, en wat zie je?", "perspectief"),
     ("Ik noteer het even.", ""), ("Lastig type.", "etiket")],
    [("Wat zou Sandra zelf hier het liefst willen, denk je?", "perspectief"), ("Dat klopt wel.", ""),
     ("Ze zeurt.", "etiket")],
    [("Wat bedoel jij precies als je zegt dat het niet lukt?", "perspectief"), ("Oké, volgende.", ""),
     ("Hopeloos.", "etiket")],
]
# CT411 alone: the best option is the longest in half the choices and the shortest in the other half
HALF_LONG = [
    LONG_IS_BEST[0], LONG_IS_BEST[1],
    [("Wat wil ze?", "perspectief"), ("Dat klopt wel, dat heb ik ook gezien.", ""),
     ("Ze zeurt eigenlijk altijd over van alles en nog wat.", "etiket")],
    [("Wat bedoel je?", "perspectief"), ("Oké, dan gaan we door naar de volgende.", ""),
     ("Hopeloos, daar valt echt niets meer aan te doen.", "etiket")],
]
# CT412: every good option is a question and no other is; lengths give nothing away
QUESTIONS = [
    [("Wat wil Sandra zelf?", "perspectief"), ("We gaan verder met het plan.", ""), ("Ze wil gewoon niet.", "etiket")],
    [("Hoe zie jij dit?", "perspectief"), ("Ik schrijf het even op.", ""), ("Ze is een lastig type.", "etiket")],
    [("Wat wil ze echt?", "perspectief"), ("Dat klopt, denk ik.", ""), ("Ze zeurt steeds.", "etiket")],
    [("Wat bedoel je?", "perspectief"), ("Oké, de volgende.", ""), ("Hopeloos geval.", "etiket")],
    [("Wie beslist er?", "perspectief"), ("Ik bel haar morgen.", ""), ("Dat wordt niks.", "etiket")],
]
# clean: good options short or long, questions and statements on both sides
NO_TELLS = [
    [("Wat wil Sandra zelf?", "perspectief"), ("Laten we eerst nog even rustig verder praten, goed?", ""),
     ("Ze wil niet.", "etiket")],
    [("Regels en rust: allebei waar.", "perspectief"),
     ("Noteer jij het?", ""), ("Is ze niet gewoon een lastig type, eerlijk gezegd?", "etiket")],
    [("Sandra beslist mee.", "perspectief"), ("Dat klopt wel, dat heb ik ook gezien bij haar.", ""),
     ("Ze zeurt.", "etiket")],
    [("Wat bedoel jij precies als je zegt dat het niet lukt?", "perspectief"), ("Oké.", ""),
     ("Waarom zou ik dit nog proberen, het is toch hopeloos met haar?", "etiket")],
]

EXAMPLES: dict[str, tuple[str | None, str | None]] = {
    "CT000": (None, None),  # the file system, not the text: see the rule's note
    # loader rules (engine/loader.py)
    "CT001": (BASE.replace('title: "Voorbeeld"', 'title: "Voorbeeld').replace(
        'summary: "Een kort voorbeeld."', 'summary: "Een kort voorbeeld."  # expect: CT001'), BASE),
    "CT002": (BASE.replace("duration: 5\n", "duration: 5\nduration: 10  # expect: CT002\n"), BASE),
    "CT010": (BASE.replace("duration: 5\n", "duration: 5\ndurartion: 10  # expect: CT010\n"), BASE),
    "CT004": (BASE.replace("duration: 5\n", "duration: 010  # expect: CT004\n"), BASE),
    "CT005": (BASE.replace('learning_goals: ["Oefenen"]',
                           "learning_goals: " + "[" * 65 + '"Oefenen"' + "]" * 65 + "  # expect: CT005"), BASE),
    "CT006": (BASE.replace('learning_goals: ["Oefenen"]',
                           'learning_goals: &a ["Oefenen", "Oefenen", "Oefenen", "Oefenen", "Oefenen", "Oefenen"]'
                           "  # expect: CT006\n"
                           + "".join(f"x{i}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n"
                                     for i in range(5))), BASE),
    "CT007": (VARS.replace("  vertrouwen: 0\n", "  vertrouwen: 1234567890123456789  # expect: CT007\n"), VARS),
    "CT008": (None, None),  # a control character cannot be shown on the page: see the rule's note
    "CT009": (None, None),  # tens of megabytes: see the rule's note
    "CT042": (HEAD + "variables:\n  x: 2\nstart: km\nnodes:\n" + KM.replace("next: sw}", "next: groei}")
              + """  groei:
    turn: sociaal_werker
    prompt: "Nog een ronde?"
    options:
      - {id: sw_meer, text: "Nog een ronde.", frames: {welzijn: 1}, set: {x: "x * x"}, next: groei}  # expect: CT042
      - {id: sw_klaar, text: "Zo is het goed.", when: "x > 1", frames: {regie: 2}, heuristics: [client_centraal],
         next: plan}
""" + END,
              HEAD + "variables:\n  x: 2\nstart: km\nnodes:\n" + KM.replace("next: sw}", "next: groei}")
              + """  groei:
    turn: sociaal_werker
    prompt: "Nog een ronde?"
    options:
      - {id: sw_meer, text: "Nog een ronde.", when: "x < 100", frames: {welzijn: 1}, set: {x: "x * x"}, next: groei}
      - {id: sw_klaar, text: "Zo is het goed.", when: "x > 1", frames: {regie: 2}, heuristics: [client_centraal],
         next: plan}
""" + END),
    "CT020": (BASE.replace("next: plan}\n  plan:", "next: plna}  # expect: CT020\n  plan:"), BASE),
    "CT021": (BASE.replace("    turn: sociaal_werker\n", "    turn: sociaalwerker  # expect: CT021\n"), BASE),
    "CT023": (BASE.replace("frames: {welzijn: 2}, next: plan}",
                           "frames: {welzijn: 2, vertrouwen: 1}, next: plan}  # expect: CT023"), BASE),
    "CT024": (BASE.replace("heuristics: [perspectief], next: sw}",
                           "heuristics: [perspektief], next: sw}  # expect: CT024"), BASE),
    "CT030": (BASE.replace("{id: sw_eigen,", "{id: sw_samen,").replace(
        '"Ik zie vooral stress.", frames: {welzijn: 2}, next: plan}',
        '"Ik zie vooral stress.", frames: {welzijn: 2}, next: plan}  # expect: CT030'), BASE),
    "CT040": (VARS.replace('when: "vertrouwen >= 1"', 'when: "vertrouwen >= 1 and"').replace(
        "[client_centraal], next: plan}", "[client_centraal], next: plan}  # expect: CT040"), VARS),
    "CT041": (VARS.replace('when: "vertrouwen >= 1"', 'when: "vertrouwen + 1"').replace(
        "[client_centraal], next: plan}", "[client_centraal], next: plan}  # expect: CT041"), VARS),
    # graph and state space
    "CT100": (BASE + '  oud:  # expect: CT100\n    ending: {kind: impasse, title: "Oud", text: "Weg."}\n', BASE),
    "CT101": (VARS.replace("{id: sw_eigen, text", '{id: sw_eigen, when: "vertrouwen >= 1", text').replace(
        "  sw:\n", "  sw:  # expect: CT101\n"), VARS),
    "CT102": (TO_TRAP + TRAP.format(m1="  # expect: CT102", m2="  # expect: CT102", out="rondje"),
              TO_TRAP + TRAP.format(m1="", m2="", out="plan")),
    "CT103": (TO_LOOP + LOOP.format(m1="  # expect: CT102 CT103", m2="  # expect: CT102", out="praat"),
              TO_LOOP + LOOP.format(m1="", m2="", out="plan")),
    "CT104": ((VARS_HEAD + KM_SET + SW.replace("{id: sw_eigen, text", '{id: sw_eigen, when: "vertrouwen > 5", text')
               + END).replace("frames: {welzijn: 2}, next: plan}",
                              "frames: {welzijn: 2}, next: plan}  # expect: CT104"),
              VARS.replace("{id: sw_eigen, text", '{id: sw_eigen, when: "vertrouwen < 1", text')),
    "CT105": (TO_BRANCH + BRANCH.format(n=0, m="  # expect: CT105", m2="  # expect: CT100"),
              TO_BRANCH + BRANCH.format(n=1, m="", m2="")),
    "CT106": (HEAD + "variables:\n  vertrouwen: 0\nstart: km\nnodes:  # expect: CT106\n"
              + LIMIT.format(value='"vertrouwen + 1"') + END,
              HEAD + "variables:\n  vertrouwen: 0\nstart: km\nnodes:\n" + LIMIT.format(value="1") + END),
    # variables
    "CT200": (HEAD + "variables:\n  vertrouwen: 0\n  oud: false  # expect: CT200\nstart: km\nnodes:\n"
              + KM_SET + SW_WHEN + END, VARS),
    "CT201": (HEAD + "variables:\n  vertrouwen: 0  # expect: CT201\nstart: km\nnodes:\n" + KM_SET + SW + END, VARS),
    "CT202": (HEAD + "variables:\n  vertrouwen: 0  # expect: CT202\nstart: km\nnodes:\n" + KM
              + SW.replace("{id: sw_eigen, text", '{id: sw_eigen, when: "vertrouwen == 0", text') + END, VARS),
    # texts
    "CT300": (TRANSLATED.replace('prompt: {nl: "Wat zeg je?", en: "What do you say?"}',
                                 'prompt: "Wat zeg je?"  # expect: CT300'), TRANSLATED),
    "CT301": (BASE.replace('text: "Ik zie vooral stress."', f'text: "{LONG.strip()}"').replace(
        "frames: {welzijn: 2}, next: plan}", "frames: {welzijn: 2}, next: plan}  # expect: CT301"), BASE),
    "CT302": (BASE.replace("  plan:\n", "  plan:  # TODO einde uitschrijven  # expect: CT302\n"), BASE),
    "CT303": (BASE.replace("heuristics: [perspectief], next: sw}",
                           "heuristics: [perspectief], partner: yes, next: sw}  # expect: CT303"),
              BASE.replace("heuristics: [perspectief], next: sw}",
                           "heuristics: [perspectief], partner: true, next: sw}")),
    # scoring
    "CT400": (BASE.replace('{id: sw_eigen, text: "Ik zie vooral stress.", frames: {welzijn: 2}, next: plan}',
                           '{id: sw_eigen, text: "Ik zie vooral stress.", next: plan}  # expect: CT400'), BASE),
    "CT401": (BASE.replace("frames: {regie: 2}, heuristics: [client_centraal], next: plan}",
                           "frames: {regie: 2}, next: plan}").replace("  sw:\n", "  sw:  # expect: CT401\n"), BASE),
    "CT402": (SW_ONLY_KM.replace("  sociaal_werker: {name:", "  sociaal_werker: {name:", 1).replace(
        '  sociaal_werker: {name: "Ayla", brief: "Speel Ayla."}',
        '  sociaal_werker: {name: "Ayla", brief: "Speel Ayla."}  # expect: CT402'),
              SW_ONLY_KM.replace('  sociaal_werker: {name: "Ayla", brief: "Speel Ayla."}\n', "").replace(
                  'client: {name: "Sandra", facts: ["Bijstand"]}\n',
                  'client: {name: "Sandra", facts: ["Bijstand"]}\ncharacters:\n  ayla: {name: "Ayla"}\n')),
    # codes the loader raises that had no example before
    "CT003": (BASE.replace('title: "Voorbeeld"', 'title: !include titel.txt  # expect: CT003'), BASE),
    "CT011": (BASE.replace('{id: sw_eigen, text: "Ik zie vooral stress.", frames: {welzijn: 2}, next: plan}',
                           '{id: sw_eigen, text: "Ik zie vooral stress.", frames: {welzijn: 2}}  # expect: CT011'),
              BASE),
    "CT012": (BASE.replace("duration: 5\n", "duration: vijf  # expect: CT012\n"), BASE),
    "CT013": (BASE.replace("language: nl\n", "language: fr  # expect: CT013\n"), BASE),
    "CT022": (BASE.replace("  plan:\n", '  plan:\n    lines: [{by: sandra, text: "Dank jullie."}]  # expect: CT022\n'),
              BASE.replace("  plan:\n", '  plan:\n    lines: [{by: klantmanager, text: "Dank jullie."}]\n')),
    "CT025": (BASE.replace("heuristics: [perspectief], next: sw}",
                           "heuristics: [perspectief], level: diep, next: sw}  # expect: CT025"), LEVELS_OK),
    "CT026": (BASE.replace("heuristics: [perspectief], next: sw}",
                           "heuristics: [perspectief], set: {vertrouwen: 1}, next: sw}  # expect: CT026"), VARS),
    "CT027": (BASE.replace("kind: gedeeld_plan,", "kind: gedeeld_paln,").replace(
        '    ending: {kind: gedeeld_paln, title: "Plan", text: "Een plan."}',
        '    ending: {kind: gedeeld_paln, title: "Plan", text: "Een plan."}  # expect: CT027'), BASE),
    "CT029": (BASE.replace("duration: 5\n", PERSONAS).replace(
        "heuristics: [perspectief], next: sw}",
        "heuristics: [perspectief], next: sw,\n         persona: {hnad: {heuristics: [etiket]}}}  # expect: CT029"),
              BASE.replace("duration: 5\n", PERSONAS).replace(
        "heuristics: [perspectief], next: sw}",
        "heuristics: [perspectief], next: sw,\n         persona: {hand: {heuristics: [advies_te_vroeg]}}}")),
    "CT028": (BASE.replace("duration: 5\n", "duration: 5\ncatalogue: standaard  # expect: CT028\n"),
              BASE.replace("duration: 5\n", "duration: 5\ncatalogue: default\n")),
    # what an utterance answers, vague agreements
    "CT130": (BASE.replace("    turn: sociaal_werker\n", "    turn: sociaal_werker\n    lines:\n"
                           '      - {by: sociaal_werker, text: "Je vraagt wat ik zie.", responds_to: km_vraag}'
                           "  # expect: CT130\n"),
              BASE.replace("    turn: sociaal_werker\n", "    turn: sociaal_werker\n    lines:\n"
                           '      - {by: sociaal_werker, text: "Je vraagt wat ik zie.", responds_to: km_vraag}\n')
              .replace("heuristics: [etiket], next: sw}", "heuristics: [etiket], next: plan}")),
    "CT131": (BASE.replace("frames: {welzijn: 2}, next: plan}", "frames: {welzijn: 2}, vague: true, next: plan}"
                           "  # expect: CT131"),
              BASE.replace("frames: {welzijn: 2}, next: plan}", "frames: {welzijn: 2}, vague: true, next: vaag}")
              + '  vaag:\n    ending: {kind: schijnakkoord, title: "Vaag", text: "Ieder gaat zijns weegs."}\n'),
    # tells
    "CT410": (_tells(LONG_IS_BEST, "  # expect: CT410 CT411"), _tells(NO_TELLS)),
    "CT411": (_tells(HALF_LONG, "  # expect: CT411"), _tells(NO_TELLS)),
    "CT412": (_tells(QUESTIONS, option_mark=("k1_1", "  # expect: CT412")), _tells(NO_TELLS)),
}
