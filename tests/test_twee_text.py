"""What the Twee import keeps of a story's text: inline links, macro links, markup, language and the modeline."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
from casustafel.engine.lint import lint_text
from casustafel.engine.loader import load_scenario_text
from casustafel.engine.twee import convert, parse_twee
from casustafel.game.cli.main import main
from casustafel.game.cli.new import schema_modeline


def scenario_of(source: str, lang: str | None = "nl"):
    conversion = convert(parse_twee(source), "verhaal", lang)
    result = load_scenario_text(conversion.yaml)
    assert result.scenario is not None, [d.format() for d in result.diagnostics]
    return result.scenario, conversion


def notes(conversion) -> list[str]:
    return [f"{p.line}: {p.message}" for p in conversion.report]


def test_an_inline_link_stays_in_its_sentence_and_the_option_says_the_sentence() -> None:
    scenario, _ = scenario_of(":: Start\nUse the [[list of useful vocabulary|Exkurs]] of the last lesson.\n"
                              ":: Exkurs\nHier is de lijst.\n")
    start = scenario.nodes["start"]
    assert [line.text.get() for line in start.lines] == ["Use the list of useful vocabulary of the last lesson."]
    assert [(o.text.get(), o.next) for o in start.options] == [
        ("Use the list of useful vocabulary of the last lesson.", "exkurs")]


def test_sugarcube_sentences_keep_their_end_and_menus_become_options() -> None:
    scenario, _ = scenario_of(":: Start\nKijkje in de [[keuken|Keuken]]. Of ga je liever weg?\n"
                              "[[Ga naar huis->Huis]] | [[Blijf->Keuken]]\n:: Keuken\nWarm.\n:: Huis\nStil.\n")
    start = scenario.nodes["start"]
    assert [line.text.get() for line in start.lines] == ["Kijkje in de keuken. Of ga je liever weg?"]
    assert [(o.text.get(), o.next) for o in start.options] == [
        ("Kijkje in de keuken.", "keuken"), ("Ga naar huis", "huis"), ("Blijf", "keuken")]


def test_sugarcube_macro_links_become_options() -> None:
    scenario, conversion = scenario_of(
        ':: Start\nWat doe je?\n<<link "Ga naar de keuken">><<set $honger to true>><<goto "Keuken">><</link>>\n'
        "<<link [[Terug naar huis|Huis]]>><</link>>\n"
        '<<choice "Tuin" "Naar buiten">>\n'
        '<<randomChoices "Zolder" "Kelder">>\n'
        '<<link "Niets doen">><<set $x to 1>><</link>>\n'
        ":: Keuken\nWarm.\n:: Huis\nStil.\n:: Tuin\nGroen.\n:: Zolder\nStoffig.\n:: Kelder\nKoud.\n")
    options = [(o.text.get(), o.next) for o in scenario.nodes["start"].options]
    assert options == [("Ga naar de keuken", "keuken"), ("Terug naar huis", "huis"), ("Naar buiten", "tuin"),
                       ("Zolder", "zolder"), ("Kelder", "kelder")]
    said = notes(conversion)
    assert any(n.startswith("3: Macro <<set $honger to true>> niet omgezet") for n in said)
    assert any(n.startswith("6: Macro <<randomChoices \"Zolder\" \"Kelder\">>: 'Zolder', 'Kelder' als optie")
               for n in said)
    assert any(n.startswith('7: <<link "Niets doen">> leidt nergens heen; weggelaten') for n in said)


def test_harlowe_macro_links_and_hooks() -> None:
    scenario, conversion = scenario_of(
        ':: Start\n(set: $x to 1)Je staat voor een deur.\n(link-goto: "Doe open", "Kamer")\n'
        '(link: "Klop")[(go-to: "Gang")]\n(if: $x is 2)[Een geheim pad naar de [[Kelder]].]\n'
        "|zin>[Een ''vette'' en //schuine// zin.]\n(text-style: \"bold\")[Vet gezegd.]\n"
        ":: Kamer\nLeeg.\n:: Gang\nDonker.\n:: Kelder\nNat.\n")
    start = scenario.nodes["start"]
    assert [line.text.get() for line in start.lines] == [
        "Je staat voor een deur.", "Een vette en schuine zin.", "Vet gezegd."]
    assert [(o.text.get(), o.next) for o in start.options] == [
        ("Doe open", "kamer"), ("Klop", "gang"), ("Kelder", "kelder")]  # its sentence is conditional
    assert any(n.startswith('5: Tekst onder (if: $x is 2) weggelaten: "Een geheim pad naar de ."')
               for n in notes(conversion))


def test_markup_and_variables_are_stripped() -> None:
    scenario, conversion = scenario_of(
        ":: Start\n!! Het budget\nJe hebt ''nog'' $budget euro en **weinig** tijd (_temp dagen).\n"
        "* Een lijstje\n<span class=\"x\">Met HTML&amp;meer</span>\n[[Verder->Eind]]\n:: Eind\nKlaar.\n")
    lines = [line.text.get() for line in scenario.nodes["start"].lines]
    assert lines == ["Het budget", "Je hebt nog euro en weinig tijd ( dagen).", "Een lijstje", "Met HTML&meer"]
    assert any("HTML-opmaak weggelaten" in n for n in notes(conversion))


def test_snowman_story_show_is_an_option_and_code_is_named() -> None:
    scenario, conversion = scenario_of(":: Start\nDe deur klemt.\n<% if (s.kracht > 2) { story.show('Buiten'); } %>\n"
                                       ":: Buiten\nVrij.\n")
    assert [(o.text.get(), o.next) for o in scenario.nodes["start"].options] == [("Buiten", "buiten")]
    assert any(n.startswith("3: Code <% %> weggelaten") for n in notes(conversion))


@pytest.mark.parametrize("source, language", [
    (":: Start\nYou are in the kitchen and it is warm. What do you do?\n[[Leave->End]]\n:: End\nThe end.\n", "en"),
    (":: Start\nJe bent in de keuken en het is warm. Wat doe je?\n[[Weg->Eind]]\n:: Eind\nHet einde.\n", "nl"),
])
def test_language_is_guessed_or_chosen(source: str, language: str) -> None:
    _, guessed = scenario_of(source, None)
    assert guessed.language == language
    assert any(n == f"1: Taal geraden: {language} (kies met --lang)." for n in notes(guessed))
    other = "nl" if language == "en" else "en"
    scenario, chosen = scenario_of(source, other)
    assert scenario.language == other and not any("Taal geraden" in n for n in notes(chosen))
    assert not [d for d in lint_text(chosen.yaml) if d.severity == "error"]


def test_import_writes_a_modeline_to_the_installed_schema(tmp_path: Path, capsys) -> None:
    source = tmp_path / "verhaal.twee"
    source.write_text(":: Start\nHallo, wat doe je?\n[[Verder->Eind]]\n:: Eind\nKlaar.\n", encoding="utf-8")
    assert main(["import-twee", str(source), "--lang", "nl"]) == 0
    first = (tmp_path / "verhaal.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == schema_modeline(tmp_path / "verhaal.yaml").rstrip("\n")
    assert first.startswith("# yaml-language-server: $schema=file://") and first.endswith("scenario-v1.schema.json")


def test_new_writes_a_relative_modeline_inside_the_repository(tmp_path: Path) -> None:
    repo = Path(__file__).resolve().parents[1]
    installed = Path(str(resources.files("casustafel.engine").joinpath("scenario-v1.schema.json"))).resolve()
    if installed.parent.parent != repo:
        pytest.skip("casustafel is niet vanuit deze broncode geïnstalleerd")
    assert schema_modeline(repo / "scenarios" / "mijn-casus.yaml") == \
        "# yaml-language-server: $schema=../engine/scenario-v1.schema.json\n"
    target = tmp_path / "casus.yaml"
    assert main(["new", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=file://")


def test_brackets_inside_macros_are_not_links() -> None:
    story = parse_twee(":: Start\n<<set $kaart to\n[[0,1],\n[1,0]]>>\nDe kaart ligt klaar.\n[[Uit->Eind]]\n"
                       ":: Eind\nKlaar.\n")
    assert story.problems == []
    scenario, _ = scenario_of(":: Start\n<<set $kaart to\n[[0,1],\n[1,0]]>>\nDe kaart ligt klaar.\n[[Uit->Eind]]\n"
                              ":: Eind\nKlaar.\n")
    assert [(o.text.get(), o.next) for o in scenario.nodes["start"].options] == [("Uit", "eind")]
