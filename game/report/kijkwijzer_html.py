"""The kijkwijzer as one printable, self-contained HTML page (no scripts, no network)."""

from __future__ import annotations

from html import escape

from casustafel.engine.kijkwijzer import Kijkwijzer
from casustafel.engine.model import Catalogue
from casustafel.game.i18n import tr

STYLE = """
body{font-family:"Noto Sans","DejaVu Sans",Arial,sans-serif;font-size:17px;line-height:1.5;color:#1d1d1f;
max-width:52rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.7rem;margin-bottom:.2rem}h2{font-size:1.3rem;margin-top:2rem;border-bottom:2px solid #ccc}
section.cue{border-left:4px solid #3b6ea5;padding:.3rem 0 .3rem 1rem;margin:1.2rem 0}
section.cue.rood{border-color:#b03a2e}section.cue.niveau{border-color:#777}
h3{font-size:1.1rem;margin:.2rem 0}.def{margin:.2rem 0 .4rem}.vraag{font-style:italic}
.bron{font-size:.85rem;color:#555}ul{margin:.2rem 0 .4rem 1.2rem;padding:0}
@media print{body{font-size:11.5pt;max-width:none;margin:0}section.cue{page-break-inside:avoid}
h2{page-break-after:avoid}}
"""


def _section(title: str, items: list[str]) -> str:
    return f"<h2>{escape(title)}</h2>\n" + "\n".join(items) if items else ""


def render_kijkwijzer(guide: Kijkwijzer, catalogue: Catalogue, lang: str = "nl") -> str:
    """The whole guide: heuristics, then red flags, then reflection levels, each with what to look for."""

    def cue_html(cue_id: str, name: str, definition: str, source: str, css: str) -> str:
        cue = guide.cues[cue_id]
        signs = "".join(f"<li>{escape(sign.get(lang))}</li>" for sign in cue.look_for)
        source_html = f'<p class="bron">{escape(tr("kijkwijzer.source", lang))}: {escape(source)}</p>' if source else ""
        return (f'<section class="cue {css}" id="{escape(cue_id)}"><h3>{escape(name)}</h3>'
                f'<p class="def">{escape(definition)}</p>'
                f'<p><strong>{escape(tr("kijkwijzer.look_for", lang))}</strong></p><ul>{signs}</ul>'
                f'<p class="vraag"><strong>{escape(tr("kijkwijzer.question", lang))}</strong> '
                f'{escape(cue.question.get(lang))}</p>{source_html}</section>')

    heuristics = [h for h in catalogue.heuristics.values() if not h.is_red_flag]
    red_flags = [h for h in catalogue.heuristics.values() if h.is_red_flag]
    body = [
        _section(tr("kijkwijzer.heuristics", lang),
                 [cue_html(h.id, h.name.get(lang), h.definition.get(lang), h.source, "") for h in heuristics]),
        _section(tr("kijkwijzer.red_flags", lang),
                 [cue_html(h.id, h.name.get(lang), h.definition.get(lang), h.source, "rood") for h in red_flags]),
        _section(tr("kijkwijzer.levels", lang),
                 [cue_html(lv.id, lv.name.get(lang), lv.definition.get(lang), lv.source, "niveau")
                  for lv in catalogue.levels.values()]),
    ]
    title = tr("kijkwijzer.title", lang, catalogue=catalogue.id)
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>"
            f"<h1>{escape(title)}</h1><p>{escape(guide.intro.get(lang))}</p>"
            f"<p>{escape(tr('kijkwijzer.how', lang))}</p>" + "\n".join(body) + "</body></html>\n")
