"""`casustafel new FILE`: write a small, lint-clean scenario whose comments teach the format."""

from __future__ import annotations

import argparse
import os
import re
import sys
from importlib import resources
from pathlib import Path

from casustafel.game.records.files import FileWriteError, write_file

TEMPLATE = '''# Casustafel-scenario, formaat versie 1 (zie docs/scenario-format.md).
# Controleer je werk met:   casustafel lint {file}
# Speel het direct:         casustafel play --text --scenario {file}
# Bekijk de kaart:          casustafel graph {file} -o kaart.svg
# Test de scoring:          casustafel simulate {file}
#
# Tip: zet tekst altijd tussen "aanhalingstekens". Zonder aanhalingstekens leest YAML
# woorden als yes, no, on en off als waar/onwaar (lintregel CT303).

casustafel: 1                # de formaatversie
id: {id}                     # kleine letters, cijfers en -; de bestandsnaam zonder .yaml
language: nl                 # taal van gewone teksten
languages: [nl]              # talen die elke tekst moet hebben; met [nl, en] schrijf je {{nl: "...", en: "..."}}
title: "{title}"
summary: >-                  # >- vouwt de volgende regels tot een alinea: handig voor lange tekst
  Een sociaal werker en een klantmanager bespreken een cliënt. Vervang deze tekst
  door twee of drie zinnen voor de scenariokiezer.
duration: 15                 # geschatte minuten
learning_goals:
  - "Eerst het perspectief van de ander verkennen, dan het eigen frame benoemen."
catalogue: default           # de frames en heuristieken waarop gescoord wordt (scenarios/catalogue/default)

client:                      # het gedeelde casusdossier: wat beide spelers weten
  name: "Sandra (38)"
  facts:
    - "Bijstand sinds twee jaar; twee kinderen."
    - "Mist de laatste tijd afspraken bij Werk & Inkomen."

roles:                       # de speelbare rollen; de catalogus kent klantmanager en sociaal_werker
  klantmanager:
    name: "Mark"
    organisation: "Werk & Inkomen"
    brief: >-
      Alleen jij leest dit voor het spel: Sandra heeft twee afspraken gemist.
      Je teamleider vraagt of er een maatregel komt.
  sociaal_werker:
    name: "Ayla"
    organisation: "Wijkteam"
    brief: "Alleen jij leest dit voor het spel: Sandra opent haar post niet meer sinds de schulden groeien."

characters:                  # sprekers die niemand speelt
  voorzitter: {{name: "Els, voorzitter"}}

variables:                   # alles wat het verhaal onthoudt, met een beginwaarde (true/false, getal of tekst)
  vertrouwen: 0
  maatregel_genoemd: false

start: opening               # de eerste node

nodes:
  # Een lines-node: mensen spreken, daarna gaat het verhaal naar "next".
  opening:
    lines:
      - {{by: voorzitter, text: "We bespreken Sandra. Mark, wat is je vraag aan Ayla?"}}
    next: km_opent

  # Een keuze: de rol onder "turn" kiest een van de opties.
  km_opent:
    turn: klantmanager
    prompt: "Hoe open je het gesprek?"
    options:
      - id: km_maatregel                 # uniek in het hele scenario; saves en verslagen gebruiken het
        text: "Sandra komt haar afspraken niet na. Ik overweeg een maatregel."
        frames: {{recht: 2, werk: 1}}      # vanuit welk frame spreekt dit? gewicht 1 (raakt aan) tot 3 (geheel)
        heuristics: [etiket]             # een rode vlag: kost een punt
        feedback: "Je opent met een oordeel; Ayla moet zich nu verdedigen."
        set: {{maatregel_genoemd: true}}   # onthoud iets voor later
        next: sw_reageert
      - id: km_vraagt
        text: "Wat zie jij bij Sandra, voordat ik over haar plichten begin?"
        frames: {{werk: 1, samen: 1}}
        heuristics: [perspectief]        # een heuristiek: levert punten op (zie de catalogus)
        level: dialogisch                # reflectieniveau: dialogisch +1, kritisch +2
        feedback: "Je nodigt het andere frame uit voordat je het jouwe neerlegt."
        partner: true                    # deze optie kiest de computerpartner in 'scripted' spel
        set: {{vertrouwen: "vertrouwen + 1"}}   # een expressie als tekst
        next: sw_reageert

  sw_reageert:
    turn: sociaal_werker
    prompt: "Wat vertel je Mark?"
    options:
      - id: sw_verdedigt
        text: "Een maatregel maakt het alleen maar erger."
        frames: {{welzijn: 2}}
        heuristics: [afkappen]
        next: tussenstand
      - id: sw_post
        text: "Ze opent haar post niet meer. Wat betekent een gemiste afspraak voor jou?"
        frames: {{bestaan: 2, recht: 1}}
        heuristics: [betekenis, {{brug: 2}}]   # punten van een heuristiek overschrijven: {{id: punten}}
        level: dialogisch
        set: {{vertrouwen: "vertrouwen + 1"}}
        next: tussenstand
      - id: sw_samen
        when: "vertrouwen >= 1 and not maatregel_genoemd"   # alleen aangeboden als dit waar is
        text: "Zullen we Sandra vragen wat haar helpt om de afspraken te halen?"
        frames: {{regie: 2, samen: 1}}
        heuristics: [client_centraal]
        level: kritisch
        set: {{vertrouwen: "vertrouwen + 1"}}
        next: tussenstand

  # Een reflectiepauze: elke speler beantwoordt de vraag; er wordt niets gescoord.
  tussenstand:
    reflect: "Wat bedoelt de ander volgens jou met 'afspraken nakomen'?"
    next: route

  # Een branch: de eerste tak waarvan de voorwaarde waar is; de laatste heeft geen when.
  route:
    branch:
      - {{when: "vertrouwen >= 2", next: einde_plan}}
      - {{next: einde_schijn}}

  # Einden: gedeeld_plan, schijnakkoord, impasse, escalatie of open.
  einde_plan:
    ending:
      kind: gedeeld_plan
      title: "Een gedeeld plan"
      text: "Mark en Ayla spreken af Sandra samen uit te nodigen, en wie haar belt."
  einde_schijn:
    ending:
      kind: schijnakkoord
      title: "Een schijnakkoord"
      text: "Ze zijn het eens dat er iets moet gebeuren, maar ieder bedoelt iets anders."
'''

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("new", help="maak een nieuw scenario met uitleg in de commentaren",
                              description="Schrijf een klein, lint-schoon scenario waarvan de commentaren het "
                                          "formaat uitleggen.")
    p.add_argument("file", help="het nieuwe .yaml-bestand, bijvoorbeeld scenarios/mijn-casus.yaml")
    p.add_argument("--title", default="Mijn casus", help="titel van het scenario")
    p.add_argument("--force", action="store_true", help="overschrijf een bestaand bestand")
    p.set_defaults(func=run)


SCHEMA_NAME = "scenario-v1.schema.json"


def schema_modeline(target: Path) -> str:
    """The yaml-language-server modeline for a scenario written to `target`.

    Inside the source repository (a scenario under the folder that holds pyproject.toml and engine/) the path is
    relative, so it survives a move of the checkout; elsewhere it is the installed schema's file:// address.
    """
    schema = Path(str(resources.files("casustafel.engine").joinpath(SCHEMA_NAME))).resolve()
    root = schema.parent.parent
    where = target.resolve().parent
    if (root / "pyproject.toml").is_file() and where.is_relative_to(root):
        address = Path(os.path.relpath(schema, where)).as_posix()
    else:
        address = schema.as_uri()
    return f"# yaml-language-server: $schema={address}\n"


def scaffold(file: str, title: str = "Mijn casus") -> str:
    """The scenario text for `file`: its id is the file name without .yaml, with the schema modeline on top."""
    stem = Path(file).stem.lower()
    scenario_id = re.sub(r"[^a-z0-9-]+", "-", stem).strip("-") or "mijn-casus"
    if not ID_PATTERN.match(scenario_id):
        scenario_id = "s-" + scenario_id
    return schema_modeline(Path(file)) + TEMPLATE.format(file=file, id=scenario_id, title=title.replace('"', "'"))


def run(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if path.suffix not in (".yaml", ".yml"):
        print(f"new: {path} moet eindigen op .yaml, bijvoorbeeld scenarios/mijn-casus.yaml.", file=sys.stderr)
        return 2
    try:
        write_file(path, scaffold(str(path), args.title), force=args.force, private=False)
    except FileWriteError as exc:
        print(f"new: {exc}", file=sys.stderr)
        return 1
    print(f"Nieuw scenario: {path}\nControleer het met: casustafel lint {path}")
    return 0
