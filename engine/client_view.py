"""The client's view: how the client would hear an utterance (issue 12, part 3).

An option may say it itself (`client_view:`, per persona under `persona: {ID: {client_view: ...}}`). When it
does not, the view is derived from what the option carries, from the one table below: the first of its
heuristics the table knows (red flags first, since a client hears those first), in the client's own voice.
Shown in the look-back only after every player has marked their turns (`game/play/review.py`).
"""

from __future__ import annotations

from .debrief import client_name
from .model import Option, Scenario

#: heuristic id -> (nl, en): how a client hears an utterance that carries it, in the client's voice
HEARD: dict[str, tuple[str, str]] = {
    # red flags (looked at first)
    "etiket": ("Ik word in een hokje gestopt. Er wordt over me gepraat, niet met me.",
               "I am put in a box. They talk about me, not with me."),
    "afkappen": ("Ik was nog niet uitgepraat, en het gaat alweer verder.",
                 "I had not finished, and they are already moving on."),
    "advies_te_vroeg": ("Er wordt al voor me besloten, terwijl niemand nog weet wat ik zelf wil.",
                        "They decide for me before anyone knows what I want."),
    "voorzeggen": ("Het antwoord wordt me voorgezegd; mijn eigen gedachten doen er niet toe.",
                   "The answer is handed to me; my own thoughts do not matter."),
    "afrekenen": ("Ik word afgerekend op wat misging, niet geholpen verder te komen.",
                  "I am judged on what went wrong, not helped to move on."),
    # heuristics
    "client_centraal": ("Het gaat over wat ík wil en kan. Zo voel ik me gezien.",
                        "It is about what I want and can do. I feel seen."),
    "aansluiten": ("Ze sluiten aan bij hoe ik het zelf zie; zo houd ik grip.",
                   "They start from how I see it; I keep my grip."),
    "perspectief": ("Ze proberen echt te begrijpen hoe het voor mij is.",
                    "They really try to understand how it is for me."),
    "betekenis": ("Ze vragen wat het voor mij betekent, niet alleen wat de regels zeggen.",
                  "They ask what it means to me, not only what the rules say."),
    "aanname": ("Ze vullen niet voor me in; ze checken het eerst.", "They do not fill in for me; they check first."),
    "aanname_bevragen": ("Ze vullen niet voor me in; ze checken het eerst.",
                         "They do not fill in for me; they check first."),
    "casusvraag": ("Eerst wordt helder waar het eigenlijk over gaat. Dat geeft rust.",
                   "First it is made clear what this is really about. That is calming."),
    "brug": ("Ze zoeken samen naar wat voor mij werkt, in plaats van langs elkaar heen te praten.",
             "They look together for what works for me instead of talking past each other."),
    "metacommunicatie": ("Ze zeggen hardop hoe het gesprek loopt; dan weet ik waar ik aan toe ben.",
                         "They say out loud how the talk is going; then I know where I stand."),
    "eigen_frame": ("Ik hoor eerlijk waar hij of zij voor staat. Dat is duidelijk.",
                    "I hear honestly what they stand for. That is clear."),
    "afspraak": ("Er komt iets concreets waar ik op kan rekenen.", "Something concrete I can count on."),
    "igm": ("Er wordt gekeken wat me helpt en wat me tegenhoudt, niet alleen wat ik moet.",
            "They look at what helps me and what holds me back, not only at what I must do."),
    "doelgedrag": ("Het wordt duidelijk wat ik concreet ga doen.", "It becomes clear what I will actually do."),
    "attitude": ("Er wordt gevraagd wat ik er zelf van vind.", "They ask what I think of it myself."),
    "sociale_invloed": ("Ze vragen naar de mensen om me heen; die tellen ook mee.",
                        "They ask about the people around me; they count too."),
    "eigen_effectiviteit": ("Ze vragen of ik denk dat ik het kan. Dat neemt me serieus.",
                            "They ask whether I think I can do it. That takes me seriously."),
    "vaardigheden": ("Er wordt gekeken naar wat ik al kan.", "They look at what I can already do."),
    "omgevingsbelemmeringen": ("Ze zien wat me in de weg zit, in plaats van te denken dat ik niet wil.",
                               "They see what is in my way instead of thinking I do not want to."),
    "kennis": ("Ik krijg de uitleg die ik nodig heb.", "I get the explanation I need."),
}
NEUTRAL = ("Ik hoor het aan, maar weet nog niet goed wat ik ervan moet denken.",
           "I hear it, but do not quite know what to make of it yet.")

#: the question over the client's view: the client sits at the table (spreekkamer) or not (casuïstiek)
QUESTION = {
    "spreekkamer": ("Hoe hoorde {name} dit?", "How did {name} hear this?"),
    "casuistiek": ("Wat zou {name} ervan vinden, als die erbij zat?", "What would {name} think, sitting in?"),
}


def _lang_index(lang: str) -> int:
    return 1 if lang == "en" else 0


def client_view(scenario: Scenario, option: Option, persona: str | None = None, lang: str = "nl") -> str:
    """How the client (played as `persona`) would hear `option`: authored, or derived from its tags."""
    authored = option.client_view_for(persona)
    if authored is not None:
        return authored.get(lang)
    heuristics = scenario.catalogue.heuristics
    tags = sorted(option.tags(persona), key=lambda t: not (t.id in heuristics and heuristics[t.id].is_red_flag))
    heard = next((HEARD[t.id] for t in tags if t.id in HEARD), NEUTRAL)
    return heard[_lang_index(lang)]


def client_view_question(scenario: Scenario, lang: str = "nl") -> str:
    """The question the client's view answers, with the client's name."""
    name = client_name(scenario, lang) or ("de cliënt" if lang != "en" else "the client")
    templates = QUESTION.get(scenario.kind, QUESTION["casuistiek"])
    return templates[_lang_index(lang)].format(name=name)
