"""One table for every finding: per code its severity, message templates (nl, en), what it finds, why it
matters, and a bad and a good example.

The loader (`engine/loader.py`), the format checks (`engine/schema.py`, `engine/catalogue.py`) and the lint
rules (`engine/lint_rules.py`) raise through `diagnostic()`; no message text is written at a raise site.
`docs/lint-rules.md` and `tests/lint_examples/` are generated from this table by `python tools/lint_docs.py`
(`--check` tells whether they are up to date). A code may have several message variants (one per kind of
mistake); a variant's template names its fields in braces. A field `near` (a closest known word) adds
"Bedoelde je ...?" in the message's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from .diagnostics import ERROR, HINT, WARNING, Diagnostic
from .rule_examples import EXAMPLES

INFO = "info"
LANGS = ("nl", "en")
STATE = {"nl": " (bijvoorbeeld bij {example})", "en": " (for instance at {example})"}  # a field `example`

# thresholds of the tell rules (CT410-CT412); docs/lint-rules.md states them from here
TELL_MIN_NODES = 4  # choice nodes with >= 2 options before CT410/CT411 judge a scenario
TELL_RHO = 0.25  # CT410: Spearman rho(length, value) above this
TELL_SHARE = 0.40  # CT411: longest option top-valued in more than this share of choice nodes
TELL_MIN_OPTIONS = 5  # CT412: a word or sign in at least this many options (4 of 4 happens by chance) ...
TELL_PURITY = 0.85  # ... of which at least this share lies in the top third or the bottom third by value


@dataclass(frozen=True)
class Rule:
    """One code: what it finds and how its findings are worded."""

    code: str
    severity: str
    title: str
    what: str
    why: str
    messages: dict[str, tuple[str, str]]  # variant -> (nl template, en template)
    example_note: str = ""  # for a code that no scenario text can show (CT000)

    @property
    def bad(self) -> str | None:
        return EXAMPLES[self.code][0]

    @property
    def good(self) -> str | None:
        return EXAMPLES[self.code][1]

    def message(self, variant: str = "", lang: str = "nl", **fields: object) -> str:
        """The message of one variant in one language, its fields filled in."""
        if "example" in fields:  # a state of the analysis, shown as "{state}" in the template
            fields["state"] = STATE[lang].format(example=fields["example"]) if fields["example"] else ""
        text = self.messages[variant][LANGS.index(lang)].format(**fields)
        near = fields.get("near")
        return text + (HINT[lang].format(near=near) if near else "")


def _rule(code: str, severity: str, title: str, what: str, why: str, example_note: str = "",
          **messages: tuple[str, str]) -> Rule:
    variants = {("" if k == "msg" else k): v for k, v in messages.items()}
    return Rule(code, severity, title, what, why, variants, example_note)


_TABLE = (
    # -- reading the file (engine/loader.py, engine/yamlsource.py) --------------------------------------
    _rule("CT000", ERROR, "Unreadable file", "A file that cannot or may not be read: a folder named `x.yaml`, "
          "no read permission, a file removed while linting, a file over 64 MB, a pipe that sends nothing.",
          "Nothing in it can be checked; the message gives the system's reason.",
          "No scenario text can show this: the mistake is in the file system. Make a folder named "
          "`oud.yaml` in a scenario folder and lint the folder to see it.",
          msg=("Kan het bestand niet lezen: {reason}.", "Cannot read the file: {reason}."),
          folder=("Dit is een map, geen scenariobestand.", "This is a folder, not a scenario file."),
          too_big=("Het bestand is {size}; een scenario mag hoogstens {limit} MB zijn. Is dit wel een scenariobestand?",
                   "The file is {size}; a scenario may be at most {limit} MB. Is this a scenario file?"),
          silent=("Er kwamen {seconds} seconden lang geen gegevens; geef een gewoon bestand.",
                  "No data came for {seconds} seconds; give an ordinary file.")),
    _rule("CT001", ERROR, "YAML syntax", "The file is not valid YAML (an unclosed quote, a bad indent, a tab), "
          "is empty, or is not UTF-8 text.",
          "Nothing else can be checked until the file reads; the position points at where YAML gave up, "
          "which is often just after the real mistake.",
          msg=("{detail}", "{detail}"),
          encoding=("Het bestand is geen UTF-8-tekst (byte 0x{byte} hier). Sla het op als UTF-8.",
                    "The file is not UTF-8 text (byte 0x{byte} here). Save it as UTF-8.")),
    _rule("CT002", ERROR, "Duplicate key", "The same key twice in one mapping.",
          "YAML would silently keep the last one; the first value, often a whole node, disappears.",
          msg=("{detail}", "{detail}")),
    _rule("CT003", ERROR, "Unsupported YAML", "A YAML tag such as `!include` or `!!python/object`, or a key "
          "that is itself a list or mapping.",
          "Scenario files are plain data; a tag would be read as something else than the author meant, or "
          "not at all.",
          msg=("{detail}", "{detail}")),
    _rule("CT004", WARNING, "YAML 1.1 number surprise", "A plain value that YAML 1.1 reads as another number "
          "than it looks: `010` (octal, 8) or `1:20` (base 60, 80).",
          "A duration of `010` minutes would silently become 8; quoting it, or writing `10`, says what is meant.",
          msg=("{detail}", "{detail}")),
    _rule("CT005", ERROR, "Nested too deep", "Lists and mappings nested more than 64 levels deep.",
          "No scenario needs that depth; a file that has it is damaged or hostile, and reading it could exhaust "
          "the stack.", msg=("{detail}", "{detail}")),
    _rule("CT006", ERROR, "Alias expansion too large", "Aliases (`*name`) that together repeat more than 100,000 "
          "values: a 'billion laughs' file.",
          "A few hundred bytes of aliases can expand to gigabytes; the loader counts before it expands.",
          msg=("{detail}", "{detail}")),
    _rule("CT007", ERROR, "Number too long", "An integer of more than 15 digits in the file.",
          "Scores and variables are small whole numbers; a huge literal is a typo or an attack on the "
          "arithmetic.", msg=("{detail}", "{detail}")),
    _rule("CT008", ERROR, "Control character", "An invisible control character (such as U+0007) that YAML does "
          "not allow, reported at its own line and column.",
          "It usually comes from copying text out of another program; it cannot be seen in an editor.",
          "A control character cannot be shown in this page; paste a character such as U+0007 into a title "
          "to see the finding at its place.", msg=("{detail}", "{detail}")),
    _rule("CT009", ERROR, "Too many values", "A file with so many YAML values (about 3.5 million or more) that "
          "reading it would take unbounded memory.",
          "The limit is far above any scenario; the file is refused before it is parsed.",
          "An example would be a file of tens of megabytes; split a story that large into scenarios.",
          msg=("{detail}", "{detail}")),
    # -- format v1 (engine/schema.py, engine/loader.py) -------------------------------------------------
    _rule("CT010", ERROR, "Unknown key", "A key the format does not know, with the closest known key as a "
          "suggestion.", "A typo such as `durartion` or `heuristic` would otherwise be ignored without a word.",
          msg=('Onbekende sleutel "{key}" in {where}. Toegestaan: {allowed}.',
               'Unknown key "{key}" in {where}. Allowed: {allowed}.')),
    _rule("CT011", ERROR, "Missing key", "A required key that is not there (`next` of an option, `prompt` of a "
          "choice, `title` of the scenario), or a list that must not be empty.",
          "The engine would not know what to show or where to go; each missing key is reported once.",
          msg=('{where} mist de verplichte sleutel "{key}".', '{where} lacks the required key "{key}".'),
          no_nodes=("nodes is leeg: een scenario heeft minstens een node nodig.",
                    "nodes is empty: a scenario needs at least one node."),
          no_roles=("roles is leeg: een scenario heeft minstens een speelbare rol nodig.",
                    "roles is empty: a scenario needs at least one playable role."),
          no_kind=("node {node} heeft geen soort: geef hem lines, turn (met options), branch, reflect of ending.",
                   "node {node} has no kind: give it lines, turn (with options), branch, reflect or ending."),
          no_options=("node {node} heeft geen options.", "node {node} has no options.")),
    _rule("CT012", ERROR, "Wrong type", "A value of the wrong type: text where a number belongs, a list where "
          "a mapping belongs, a weight outside 1-3.",
          "The engine cannot use the value; the message says what was expected and what was found.",
          msg=("{what} moet {wanted} zijn, maar is {found}.", "{what} must be {wanted}, but is {found}."),
          null_document=("Dit bestand bevat alleen een lege waarde (~ of null); een scenario is een mapping met "
                         "sleutels als casustafel: 1, id en nodes.",
                         "This file holds only an empty value (~ or null); a scenario is a mapping with keys such "
                         "as casustafel: 1, id and nodes."),
          not_mapping=("Een scenario is een mapping met sleutels als id en nodes, maar dit bestand bevat {found}.",
                       "A scenario is a mapping with keys such as id and nodes, but this file holds {found}."),
          catalogue_not_mapping=("Een catalogusbestand moet een mapping zijn.", "A catalogue file must be a mapping."),
          no_text=("{what} heeft geen enkele tekst.", "{what} has no text at all."),
          not_text=("{what} moet tekst zijn, of een vertaling zoals {{nl: ..., en: ...}}, maar is {found}.",
                    "{what} must be text, or a translation such as {{nl: ..., en: ...}}, but is {found}."),
          not_id=("{what} moet een id zijn (kleine letters, cijfers en _), maar is {found}.",
                  "{what} must be an id (lower-case letters, digits and _), but is {found}."),
          variable=('Variabele "{name}" begint met {found}; geef een beginwaarde: true/false, een geheel getal of '
                    "tekst.", 'Variable "{name}" starts as {found}; give a start value: true/false, a whole number '
                    "or text."),
          weight=("{what}: gewicht van {frame} is 1 (raakt aan), 2 of 3 (geheel), niet {value}.",
                  "{what}: the weight of {frame} is 1 (touches), 2 or 3 (wholly), not {value}."),
          points=("{where}: punten voor {heuristic} moeten een geheel getal zijn.",
                  "{where}: the points for {heuristic} must be a whole number."),
          heuristic_item=("{where}: een heuristiek is een id, of {{id: punten}}, maar dit is {found}.",
                          "{where}: a heuristic is an id, or {{id: points}}, but this is {found}."),
          set_value=("{where}: waarde voor {name} is {found}.", "{where}: the value for {name} is {found}.")),
    _rule("CT013", ERROR, "Bad value", "A value of the right type that the format does not allow: a format "
          "version, language, scenario kind or id it does not know, a node with two kinds, a last branch arm "
          "with a condition.", "The engine would have to guess; the message names what is allowed.",
          version=("Formaatversie {version} ken ik niet: schrijf het gehele getal 1, als casustafel: 1.",
                   "Format version {version} is unknown: write the whole number 1, as casustafel: 1."),
          scenario_id=("id van het scenario: gebruik kleine letters, cijfers en -.",
                       "id of the scenario: use lower-case letters, digits and -."),
          language=("language {language} ken ik niet: gebruik nl of en.",
                    "language {language} is unknown: use nl or en."),
          languages=("languages is een lijst met nl en/of en, zoals [nl, en].",
                     "languages is a list of nl and/or en, such as [nl, en]."),
          kind=("kind {kind}: kies casuistiek of spreekkamer.", "kind {kind}: choose casuistiek or spreekkamer."),
          not_negative=("{what} is een getal van 0 of meer.", "{what} is a number of 0 or more."),
          table=("table {table}: kies private (standaard: wat voor één speler is, ziet alleen die speler) of open "
                 "(geen geheimen, geen overdracht per beurt).",
                 "table {table}: choose private (the default: what is meant for one player, only that player sees) "
                 "or open (no secrets, no hand-over per turn)."),
          text_language=('Onbekende taal "{language}" in {what}: gebruik {allowed}.',
                         'Unknown language "{language}" in {what}: use {allowed}.'),
          ident=('{what} "{value}" is geen geldige id: gebruik kleine letters, cijfers en _, beginnend met een '
                 "letter.", '{what} "{value}" is not a valid id: use lower-case letters, digits and _, starting '
                 "with a letter."),
          two_kinds=("node {node} is tegelijk {kinds}: kies een soort.", "node {node} is {kinds} at once: choose one."),
          last_arm=("{where}: de laatste tak heeft een when; laat die weg, zodat er altijd een weg is.",
                    "{where}: the last arm has a when; leave it out, so that there is always a way on."),
          heuristic_kind=('kind moet "heuristic" of "red_flag" zijn.', 'kind must be "heuristic" or "red_flag".')),
    _rule("CT020", ERROR, "Unknown node", "A `next`, `start`, branch target, `visited()` or `chose()` naming a "
          "node or option that does not exist.", "The story would stop at that point with an error in front of "
          "the players.",
          msg=('{what} verwijst naar node "{target}", die niet bestaat.',
               '{what} refers to node "{target}", which does not exist.'),
          visited=('{what}: visited() noemt onbekende node "{target}".',
                   '{what}: visited() names unknown node "{target}".'),
          option=('{what}: onbekende option "{target}".', '{what}: unknown option "{target}".')),
    _rule("CT021", ERROR, "Unknown role", "A `turn` naming no role of the scenario (or a role without a home "
          "profile).", "Nobody could make that choice.",
          msg=('{where}: turn "{turn}" is geen rol van dit scenario.',
               '{where}: turn "{turn}" is not a role of this scenario.'),
          home=('De catalogus kent geen thuisprofiel voor rol "{role}"; geef de rol een home, zoals home: '
                "{{welzijn: 2, bestaan: 1}}.", 'The catalogue has no home profile for role "{role}"; give the role '
                "a home, such as home: {{welzijn: 2, bestaan: 1}}.")),
    _rule("CT022", ERROR, "Unknown speaker", "A line whose `by` is no role and no character of the scenario.",
          "The window would not know whose name and colour to show.",
          msg=('Spreker "{by}" is geen rol of personage van dit scenario.',
               'Speaker "{by}" is no role or character of this scenario.')),
    _rule("CT023", ERROR, "Unknown frame", "A frame id the catalogue does not know.",
          "Frame alignment and the own-frame partner read frames by id; an unknown one counts for nothing.",
          msg=('{what}: onbekend frame "{frame}". Frames: {known}.',
               '{what}: unknown frame "{frame}". Frames: {known}.'),
          home=('homes: {role} noemt onbekend frame "{frame}".', 'homes: {role} names unknown frame "{frame}".')),
    _rule("CT024", ERROR, "Unknown heuristic", "A heuristic id the catalogue does not know.",
          "The option would silently score nothing for it.",
          msg=('{where}: onbekende heuristiek "{heuristic}".', '{where}: unknown heuristic "{heuristic}".')),
    _rule("CT025", ERROR, "Unknown level", "A `level` the catalogue does not know.",
          "The level bonus would silently be zero, and the option would rank wrongly in the debrief.",
          msg=('{where}: onbekend niveau "{level}". Kies uit {known}.',
               '{where}: unknown level "{level}". Choose from {known}.')),
    _rule("CT026", ERROR, "Set of an undeclared variable", "A `set` naming a variable that is not declared "
          "under `variables`.", "Without a declaration the variable has no start value and no type, so no "
          "condition could read it.",
          msg=('{where}: set noemt onbekende variabele "{name}"; declareer hem onder variables.',
               '{where}: set names unknown variable "{name}"; declare it under variables.')),
    _rule("CT027", WARNING, "Ending kind that looks like a typo", "An ending `kind` that is not a standard kind "
          "but close to one (own kinds are fine).", "Reports and the workshop overview count endings by kind; "
          "`gedeeld_paln` would be counted apart from `gedeeld_plan`.",
          msg=('Soort einde "{kind}" is geen standaardsoort. Standaard: {known}.',
               'Ending kind "{kind}" is not a standard kind. Standard: {known}.')),
    _rule("CT028", ERROR, "Unknown catalogue", "A `catalogue` naming no catalogue folder.",
          "Frames and heuristics come from the catalogue; without it nothing can be scored.",
          msg=('Catalogus "{name}" niet gevonden (gezocht in {folder}).',
               'Catalogue "{name}" not found (looked in {folder}).')),
    _rule("CT029", ERROR, "Unknown persona", "An option's `persona:` block naming a persona the scenario does not "
          "declare under `personas`, or a `set` or variable named `persona` where the scenario declares personas.",
          "The persona is chosen before play and stays for the whole session; a block for an undeclared persona "
          "is never used, and a variable `persona` would hide the chosen one from `when` and branch conditions.",
          msg=('{where}: persona "{persona}" is niet gedeclareerd onder personas (bekend: {known}).',
               '{where}: persona "{persona}" is not declared under personas (known: {known}).'),
          set=('{where}: de persona wordt voor het spel gekozen; een set kan hem niet veranderen.',
               '{where}: the persona is chosen before play; a set cannot change it.'),
          variable=('Een variabele "persona" botst met de gekozen persona; kies een andere naam.',
                    'A variable "persona" clashes with the chosen persona; pick another name.')),
    _rule("CT030", ERROR, "Duplicate option id", "Two options with the same id anywhere in the scenario.",
          "Saves, records and reports name an option by its id alone.",
          msg=('Option-id "{option}" bestaat al (regel {line}); option-ids moeten in het hele scenario uniek zijn.',
               'Option id "{option}" exists already (line {line}); option ids must be unique in the scenario.')),
    _rule("CT040", ERROR, "Expression error", "A `when`, branch condition or `set` value that does not parse.",
          "The message points at the character where parsing failed.",
          msg=("{what}: {detail}", "{what}: {detail}"),
          not_text=("{what}: een voorwaarde is een expressie als tekst, maar dit is {found}.",
                    "{what}: a condition is an expression written as text, but this is {found}.")),
    _rule("CT041", ERROR, "Expression type mismatch", "An expression of the wrong type: a number where a "
          "condition belongs, text assigned to a number.", "The engine would compare or assign nonsense at play "
          "time.",
          msg=("{what}: de expressie geeft {got}, maar hier hoort {want}.",
               "{what}: the expression gives {got}, but {want} belongs here."),
          set=("{where}: {name} is {want}, maar krijgt {found}.", "{where}: {name} is {want}, but gets {found}.")),
    # -- graph and state space (engine/lint_rules.py on engine/analysis.py) -----------------------------
    _rule("CT042", ERROR, "Number grows without bound", "An expression that, in some play, computes a whole "
          "number of more than 15 digits, such as `x * x` set again on every round of a loop.",
          "Casustafel stops counting there rather than let the number (and the memory and time it takes) grow "
          "without end; a `when` that bounds the value keeps the story playable.",
          msg=('De expressie "{source}" geeft een getal van meer dan {digits} cijfers; Casustafel rekent niet '
               "verder. Begrens de waarde, bijvoorbeeld met een when.",
               'The expression "{source}" gives a number of more than {digits} digits; Casustafel stops counting. '
               "Bound the value, for instance with a when.")),
    _rule("CT100", WARNING, "Unreachable node", "A node that no play reaches from `start`: no path leads there, "
          "or every path is closed by conditions.",
          "Unreachable text is work nobody sees, and usually a forgotten link.",
          msg=('Node "{node}" is onbereikbaar: vanaf start "{start}" leidt geen enkel pad hierheen. Verwijs ernaar '
               "of haal hem weg.", 'Node "{node}" is unreachable: no path leads here from start "{start}". Refer '
               "to it or remove it."),
          state=('Node "{node}" is onbereikbaar: vanaf start "{start}" leidt in geen enkele toestand een pad '
                 "hierheen. Verwijs ernaar of haal hem weg.", 'Node "{node}" is unreachable: in no state does a '
                 'path lead here from start "{start}". Refer to it or remove it.')),
    _rule("CT101", ERROR, "Choice without options (dead end)", "A choice node that, in some reachable state, "
          "offers no option because every option's `when` is false. The message shows such a state.",
          "The session stops there with an error; players are stuck mid-conversation.",
          msg=('Keuze "{node}" biedt in een bereikbare toestand geen enkele optie aan{state}: de sessie loopt daar '
               "vast. Geef minstens een optie zonder when, of verruim een voorwaarde.",
               'Choice "{node}" offers no option in a reachable state{state}: the session gets stuck there. Give '
               "at least one option without when, or widen a condition.")),
    _rule("CT102", ERROR, "Trap", "A reachable node from which no ending can be reached (in any state, or in "
          "some states).", "Players would go round for ever; the debrief never comes.",
          msg=('Vanaf node "{node}" is geen enkel einde bereikbaar: spelers komen er nooit meer uit. Geef een pad '
               "naar een ending.", 'No ending can be reached from node "{node}": players never get out. Give a '
               "path to an ending."),
          state=('Vanaf node "{node}" is in sommige toestanden geen einde meer bereikbaar{state}. Controleer de '
                 "voorwaarden op de weg naar een ending.", 'In some states no ending can be reached from node '
                 '"{node}"{state}. Check the conditions on the way to an ending.')),
    _rule("CT103", ERROR, "Loop without a choice", "Lines and branches that lead back to themselves with no "
          "choice between.", "The engine would walk the loop without asking anyone anything, and stop with an "
          "error.",
          msg=("Lus zonder keuze: {loop}. Niemand kan hier iets kiezen, dus de sessie draait rond. Zet een keuze "
               "of een ending in de lus.", "Loop without a choice: {loop}. Nobody can choose anything here, so the "
               "session goes round. Put a choice or an ending in the loop."),
          state=('Vanaf node "{node}" draait de sessie rond zonder keuze{state}: de takken sturen steeds terug. Zet '
                 "een keuze of een ending in de lus.", 'From node "{node}" the session goes round without a '
                 "choice{state}: the branches keep sending it back. Put a choice or an ending in the loop.")),
    _rule("CT104", WARNING, "Option never offered", "An option whose `when` is false in every reachable state "
          "of its node.", "Players never see it; usually the condition names the wrong variable or value.",
          msg=('Optie "{option}" wordt nooit aangeboden: de voorwaarde "{when}" is in elke bereikbare toestand '
               "onwaar. Pas de voorwaarde aan of haal de optie weg.", 'Option "{option}" is never offered: the '
               'condition "{when}" is false in every reachable state. Change the condition or remove the option.')),
    _rule("CT105", WARNING, "Branch arm never taken", "A branch arm that no reachable state selects: an earlier "
          "arm is always true, or its own condition never is.", "The node behind it is dead text.",
          msg=("Tak {arm} van {node}{cond} wordt nooit genomen: een eerdere tak is altijd waar, of deze voorwaarde "
               "nooit.", "Arm {arm} of {node}{cond} is never taken: an earlier arm is always true, or this "
               "condition never is.")),
    _rule("CT106", INFO, "Analysis limit reached (info)", "The state-space analysis explored its limit of states "
          "(20,000, or five per node; `--max-states` changes it) and stopped.",
          "Checks that depend on conditions (CT101, CT102 in some states, CT104, CT105) are then skipped and "
          "score ranges are bounds. Usually a counter grows without limit in a loop. This never fails a lint, "
          "not even with `--strict`.",
          msg=("{detail}", "{detail}")),
    # -- what an utterance answers, vague agreements (engine/lint_rules.py on engine/analysis.py) -------
    _rule("CT130", WARNING, "Answer to an option not taken", "A line or option with `responds_to` (the "
          "option or options it answers) that some play reaches without having chosen any of them: per the state "
          "analysis, or per the structural paths when the analysis was cut short.",
          "The line answers something nobody said: after \"wat mis ik?\" the colleague replies to \"kan ze over "
          "een maand starten?\". Players notice, and the scene stops being believable.",
          msg=('Een regel in "{node}" antwoordt op {answers} (responds_to), maar "{node}" is te bereiken zonder '
               "dat een van die opties gekozen is. Leid de weg erheen alleen langs die opties, of pas de tekst of "
               "responds_to aan.", 'A line in "{node}" answers {answers} (responds_to), but "{node}" can be '
               "reached without any of those options chosen. Route the way there through those options only, or "
               "change the text or responds_to."),
          option=('Optie "{option}" antwoordt op {answers} (responds_to), maar wordt ook aangeboden als geen van '
                  "die opties gekozen is. Geef de optie een when met chosen(...), of pas de tekst of responds_to "
                  "aan.", 'Option "{option}" answers {answers} (responds_to), but is also offered when none of '
                  "those options was chosen. Give the option a when with chosen(...), or change the text or "
                  "responds_to.")),
    _rule("CT131", WARNING, "Vague agreement that ends in a shared plan", "An option marked `vague: true` "
          "after which some play still reaches an ending of kind `gedeeld_plan` (per the state analysis; per the "
          "structural paths from the option when the analysis was cut short). The rule looks at every path "
          "through the vague option, not only at endings that need it: one path is enough to teach that a vague "
          "agreement makes a plan.",
          "The debrief calls the agreement vague while the ending praises the shared plan it led to; the story "
          "then rewards what the feedback criticises.",
          msg=('Optie "{option}" is vaag (vague: true), maar een pad langs die optie eindigt in gedeeld plan '
               '"{ending}". Laat de optie naar een ander einde leiden (zet geen afspraak), of haal vague weg als de '
               "afspraak wel concreet is.", 'Option "{option}" is vague (vague: true), but a path through it ends '
               'in the shared plan "{ending}". Let the option lead to another ending (set no agreement), or drop '
               "vague if the agreement is concrete after all.")),
    # -- variables -------------------------------------------------------------------------------------
    _rule("CT200", WARNING, "Unused variable", "A declared variable that no `when`, branch or `set` mentions.",
          "Clutter that suggests logic which is not there.",
          msg=('Variabele "{name}" wordt nergens gebruikt. Haal hem weg, of gebruik hem in een when of set.',
               'Variable "{name}" is used nowhere. Remove it, or use it in a when or set.')),
    _rule("CT201", WARNING, "Variable set but never read", "A variable that options `set` but no condition "
          "reads (a value that only feeds its own update counts as unread).",
          "The bookkeeping changes nothing in the story.",
          msg=('Variabele "{name}" wordt gezet maar nergens gelezen: geen when of tak hangt ervan af. Gebruik hem '
               "in een voorwaarde of haal hem weg.", 'Variable "{name}" is set but never read: no when or arm '
               "depends on it. Use it in a condition or remove it.")),
    _rule("CT202", WARNING, "Variable read but never set", "A variable conditions read but no option ever sets.",
          "It keeps its initial value, so every condition on it always gives the same answer.",
          msg=('Variabele "{name}" wordt gelezen maar nergens gezet: hij houdt altijd zijn beginwaarde {value}, dus '
               "elke voorwaarde erop geeft steeds hetzelfde. Zet hem met set bij een optie.",
               'Variable "{name}" is read but never set: it always keeps its start value {value}, so every '
               "condition on it gives the same answer. Set it with set on an option.")),
    # -- texts -----------------------------------------------------------------------------------------
    _rule("CT300", ERROR, "Missing translation", "A text that lacks a language listed in `languages`. Names of "
          "people (`name` of roles, characters and the client) may stay a plain string.",
          "The English interface would show Dutch text, or nothing.",
          msg=("{what}: vertaling ontbreekt voor {missing} (languages vraagt {wanted}). Schrijf {{{shape}}}.",
               "{what}: translation missing for {missing} (languages asks for {wanted}). Write {{{shape}}}.")),
    _rule("CT301", WARNING, "Text too long", "An option or line over 280 characters, or a prompt, reflection "
          "question, feedback or ending text over 400.", "It does not fit the window on a projector.",
          msg=("{what} ({language}) is {length} tekens; in het venster passen er {limit}. Kort de tekst in of "
               "splits hem over twee regels.", "{what} ({language}) is {length} characters; the window fits "
               "{limit}. Shorten the text or split it over two lines.")),
    _rule("CT302", WARNING, "TODO marker", "`TODO`, `FIXME` or `XXX` anywhere in the file, comments included.",
          "Unfinished work should not reach a workshop.",
          msg=('"{marker}" staat nog in het bestand: werk het af voordat het scenario gespeeld wordt.',
               '"{marker}" is still in the file: finish it before the scenario is played.')),
    _rule("CT303", WARNING, "YAML 1.1 truth word", "An unquoted `yes`, `no`, `on`, `off`, `y` or `n`, which YAML "
          "reads as true or false.", "`text: no` becomes the value false, not the word; write `true`/`false` "
          "for truth values and quote words.",
          msg=('"{word}" zonder aanhalingstekens leest YAML als {truth}, niet als tekst. Bedoel je tekst, schrijf '
               'dan "{word}"; bedoel je waar/onwaar, schrijf dan {truth}.', 'YAML reads "{word}" without quotes '
               'as {truth}, not as text. If you mean text, write "{word}"; if you mean true/false, write '
               "{truth}.")),
    # -- scoring ---------------------------------------------------------------------------------------
    _rule("CT400", WARNING, "Option without scoring tags", "An option with no `frames`, no `heuristics` and no "
          "`level`.", "Scoring, frame alignment and the computer partner cannot see what the utterance does.",
          msg=('Optie "{option}" heeft geen frames, heuristics of level: de scoring en de computerpartner kunnen '
               "er niets mee. Tag wat de uitspraak doet.", 'Option "{option}" has no frames, heuristics or level: '
               "scoring and the computer partner can do nothing with it. Tag what the utterance does.")),
    _rule("CT401", WARNING, "Flat choice", "A choice where every option is worth the same (heuristic points "
          "plus level bonus).", "The choice teaches nothing the score can show; the coach partner picks at random.",
          msg=('Alle opties van "{node}" scoren even veel ({value}): de keuze maakt voor de reflexiviteitsscore niets '
               "uit. Tag de opties met hun heuristieken of een level.", 'Every option of "{node}" scores the same '
               "({value}): the choice makes no difference to the reflexivity score. Tag the options with their "
               "heuristics or a level.")),
    _rule("CT402", WARNING, "Role that never chooses", "A role with no reachable choice node.",
          "A player in that role only watches; make it a character instead, or give it turns.",
          msg=('Rol "{role}" kiest nooit: geen bereikbare keuze heeft turn: {role}. Geef de rol keuzes, of maak er '
               "een personage (characters) van.", 'Role "{role}" never chooses: no reachable choice has turn: '
               "{role}. Give the role choices, or make it a character.")),
    # -- tells: form that predicts value (engine/lint_rules.py, values from scoring.option_value) --------
    _rule("CT410", WARNING, "Length predicts value",
          f"Over the options of the scenario's choice nodes with two or more options (at least {TELL_MIN_NODES} "
          "such nodes), the Spearman rank correlation between the length of an option's Dutch text and its "
          f"value (`option_value`, as the scorer counts it) is above {TELL_RHO}.",
          "A player who picks the longest option scores well without reading; the score then measures "
          "patience, not reflexivity. Make good options short and direct, and let poor ones be long too.",
          msg=("Lengte verraadt de waarde: Spearman ρ(lengte, waarde) = {rho} over {options} opties in {nodes} "
               f"keuzes (grens {TELL_RHO}). Maak goede opties ook kort en zwakke ook uitgebreid.",
               "Length gives the value away: Spearman ρ(length, value) = {rho} over {options} options in {nodes} "
               f"choices (limit {TELL_RHO}). Let good options be short and poor ones long.")),
    _rule("CT411", WARNING, "Longest option is the best",
          f"In more than {TELL_SHARE:.0%} of the choice nodes with two or more options (at least {TELL_MIN_NODES} "
          "such nodes), the longest option (the first of equally long ones) is a top-valued one. Choices whose "
          "options are all worth the same are left out (CT401 reports those).",
          "With three or four options, chance is 25-50%; more often than that, 'pick the longest' is a strategy.",
          msg=("De langste optie is de beste in {hits} van {nodes} keuzes ({share}; grens "
               f"{TELL_SHARE:.0%}). Wissel af welke optie de langste is.",
               "The longest option is the best in {hits} of {nodes} choices ({share}; limit "
               f"{TELL_SHARE:.0%}). Vary which option is the longest.")),
    _rule("CT412", WARNING, "Words that give the value away",
          f"A word, a run of two or three words, or a `?` or `!` that occurs in at least {TELL_MIN_OPTIONS} "
          f"options of the scenario's choice nodes (two or more options), of which at least {TELL_PURITY:.0%} lie in "
          "the top third or in the bottom third by value. Of n options, the top third are those worth at least "
          "as much as the ⌈n/3⌉-th best, the bottom third those worth at most as much as the ⌈n/3⌉-th poorest; "
          "when these two values are equal there is no top or bottom to speak of. Of overlapping runs only the "
          "longest is named; each finding points at the first option with the word, at most five per scenario.",
          "If every good option asks a question, or starts with \"Ik merk dat\", players learn the sign "
          "instead of the skill. Let good options be statements too, and poor ones sound reflective.",
          top=('"{token}" verraadt de waarde: {inside} van de {count} opties waarin het staat, horen bij het '
               "beste derde. Gebruik het ook in zwakke opties, of laat goede opties het ook zonder doen.",
               '"{token}" gives the value away: {inside} of the {count} options that contain it are in the best '
               "third. Use it in poor options too, or let good options do without it."),
          bottom=('"{token}" verraadt de waarde: {inside} van de {count} opties waarin het staat, horen bij het '
                  "zwakste derde. Gebruik het ook in goede opties, of laat zwakke opties het ook zonder doen.",
                  '"{token}" gives the value away: {inside} of the {count} options that contain it are in the '
                  "poorest third. Use it in good options too, or let poor options do without it.")),
)

RULES: dict[str, Rule] = {rule.code: rule for rule in _TABLE}


def rule_markdown(rule: Rule) -> str:
    """One rule's section of docs/lint-rules.md (also shown by the studio): what, why, messages, examples."""
    rows = ["| variant | nl | en |", "|---|---|---|"]
    for variant, (nl, en) in rule.messages.items():
        cells = [f"`{variant or 'default'}`", nl, en]
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    text = (f"## {rule.code}: {rule.title}\n\n**Severity.** {rule.severity}\n\n**What it finds.** {rule.what}\n\n"
            f"**Why it matters.** {rule.why}\n\n**Messages.**\n\n" + "\n".join(rows) + "\n\n")
    if rule.bad is None:
        return text + f"**Example.** {rule.example_note}\n"
    return text + (f"Bad:\n\n```yaml {rule.code} bad\n{rule.bad}```\n\n"
                   f"Good:\n\n```yaml {rule.code} good\n{rule.good}```\n")


def diagnostic(code: str, file: str, pos: tuple[int, int], variant: str = "", **fields: object) -> Diagnostic:
    """A finding of `code` at `pos`, worded from the table (in Dutch; `Diagnostic.message_in` gives others)."""
    rule = RULES[code]
    return Diagnostic(code, rule.severity, file, pos[0], pos[1], rule.message(variant, "nl", **fields),
                      variant, tuple(fields.items()))


def message_in(d: Diagnostic, lang: str) -> str:
    """A finding's message in another language, from the same table entry."""
    return RULES[d.code].message(d.variant, lang, **dict(d.fields)) if d.code in RULES else d.message
