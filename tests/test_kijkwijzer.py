"""The kijkwijzer: every heuristic, red flag and level of each catalogue has observable cues and a question;
`casustafel kijkwijzer -o f.html` writes a printable page that headless Chromium renders."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from casustafel.engine.catalogue import load_catalogue, resolve_catalogue
from casustafel.engine.kijkwijzer import KijkwijzerError, load_kijkwijzer, parse_kijkwijzer
from casustafel.game.cli.main import main
from casustafel.game.report.html import CHROMIUM_FLAGS

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser") if shutil.which(n)), None)
CATALOGUES = ("default", "igm", "coaching")


def catalogue(name: str):
    found, diagnostics = load_catalogue(resolve_catalogue(name, None))
    assert found is not None, diagnostics
    return found


@pytest.mark.parametrize("name", CATALOGUES)
def test_every_heuristic_and_level_has_cues_and_a_question(name):
    cat = catalogue(name)
    guide = load_kijkwijzer(cat)
    assert guide is not None
    assert set(guide.cues) == {*cat.heuristics, *cat.levels}
    for cue in guide.cues.values():
        assert cue.look_for and all(sign.get("nl") and sign.get("en") != sign.get("nl") for sign in cue.look_for)
        assert cue.question.get("nl").endswith("?") and cue.question.get("en").endswith("?")


def test_a_missing_or_unknown_id_is_one_positioned_dutch_line(tmp_path):
    cat = catalogue("default")
    with pytest.raises(KijkwijzerError, match=r"k\.yaml:1:1: de kijkwijzer mist .*casusvraag"):
        parse_kijkwijzer("entries: []\n", tmp_path / "k.yaml", cat)
    text = "entries:\n  - id: bestaatniet\n    kijk: {nl: [x]}\n    vraag: {nl: y}\n"
    with pytest.raises(KijkwijzerError, match=r'k\.yaml:2:9: "bestaatniet" staat niet in de catalogus default'):
        parse_kijkwijzer(text, tmp_path / "k.yaml", cat)


def test_command_refuses_to_overwrite_and_suggests_a_catalogue(tmp_path, capsys):
    out = tmp_path / "k.html"
    assert main(["kijkwijzer", "-o", str(out)]) == 0
    assert main(["kijkwijzer", "-o", str(out)]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["kijkwijzer", "-o", str(out), "--force"]) == 0
    assert main(["kijkwijzer", "--catalogue", "ign", "-o", str(tmp_path / "i.html")]) == 2
    assert 'Bedoelde je "igm"?' in capsys.readouterr().err


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed (apt-get install chromium)")
@pytest.mark.parametrize("name", CATALOGUES)
def test_chromium_renders_the_printable_guide(tmp_path, name):
    out = tmp_path / f"kijkwijzer-{name}.html"
    assert main(["kijkwijzer", "--catalogue", name, "-o", str(out)]) == 0
    profile = tmp_path / "profile"
    dom = subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", out.as_uri()],
                         capture_output=True, text=True, timeout=90).stdout
    cat = catalogue(name)
    assert dom.count('class="cue') == len(cat.heuristics) + len(cat.levels)
    for heuristic in cat.heuristics.values():
        assert heuristic.name.get("nl") in dom
    assert "Kijk en luister naar:" in dom and "Vraag bij het terugkijken:" in dom
    pdf = tmp_path / "k.pdf"
    subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", out.as_uri()], capture_output=True, timeout=90)
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
