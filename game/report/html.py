"""The debrief as one self-contained HTML file: scores with reasons, plots as inline SVG, the transcript with marks.

No scripts, no web fonts, no links out: the file opens the same on a laptop without network and prints
cleanly. Plots are made with matplotlib's Agg/SVG backend inside an `rc_context`, so nothing global changes.
`write_report` writes atomically (a temporary file, then a rename) so a half-written report never exists.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import time
from html import escape
from pathlib import Path

import matplotlib
from casustafel.engine.debrief import Debrief, TurnNote
from casustafel.engine.scoring import ALIGNMENT_WEIGHT
from casustafel.game.i18n import tr
from casustafel.game.records.files import check_target, write_file
from casustafel.game.report.debrief_data import (
    LoadedSession,
    TranscriptItem,
    agreement_label,
    figure_note,
    mark_label,
    number,
    question_text,
    reason_label,
    reason_text,
    side_label,
    transcript,
)
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

COLOURS = ("#0b5cab", "#c25e00")  # blue and orange: apart for colour-blind readers and in greyscale
PDF_CONVERTERS = ("chromium", "chromium-browser", "google-chrome", "wkhtmltopdf")

CSS = """
body{font-family:"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",Arial,sans-serif;font-size:17px;line-height:1.5;
 color:#1d232a;background:#fff;max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:1.8em;margin:.2em 0}h2{font-size:1.35em;border-bottom:2px solid #d7dde3;padding-bottom:4px;
 margin-top:1.6em}h3{font-size:1.1em;margin-bottom:.3em}
.meta{color:#48525c}.note{background:#f3f6f9;border-left:4px solid #0b5cab;padding:8px 12px}
table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border-bottom:1px solid #e2e6ea;padding:6px 8px;
 text-align:left;vertical-align:top}th{background:#f3f6f9}
.num{text-align:right;white-space:nowrap}.pos{color:#17662b}.neg{color:#a1261b}
.mark-goed{color:#17662b;font-weight:600}.mark-mis{color:#a1261b;font-weight:600}.mark-twijfel{color:#7a5a00;
 font-weight:600}.agree-opposed td{background:#fdf0ee}.agree-differ td{background:#fdf8e8}
tr.line td{color:#48525c}tr.turn td.text{font-weight:500}tr.reflect td{background:#f3f6f9}
tr.ending td{background:#eef6ee;font-weight:600}.speaker{white-space:nowrap;font-weight:600}
.annot{font-size:.88em;color:#34404b}.annot ul{margin:0;padding-left:1.1em}.plot svg{max-width:100%;height:auto}
.cards{display:flex;gap:16px;flex-wrap:wrap}.card{flex:1 1 300px;border:1px solid #d7dde3;border-radius:6px;
 padding:10px 14px}.big{font-size:1.9em;font-weight:700}ol.questions li{margin:.4em 0}
@media print{body{font-size:12pt;max-width:none}h2{page-break-after:avoid}tr{page-break-inside:avoid}}
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _signed(value: float, lang: str) -> str:
    css = "pos" if value > 0 else "neg" if value < 0 else ""
    return f'<span class="{css}">{_e(number(value, lang, signed=True))}</span>'


# -- plots ----------------------------------------------------------------------------------------------
# Names and texts are shown literally: no mathtext, so a `$` in a role name or nickname is just a dollar sign.
PLOT_RC = {"svg.fonttype": "none", "font.family": "DejaVu Sans", "text.parse_math": False, "text.usetex": False}


def _figure(width: float, height: float) -> Figure:
    """A figure with its own SVG canvas: no pyplot, no global figure registry, no GUI backend."""
    fig = Figure(figsize=(width, height), dpi=100)
    FigureCanvasSVG(fig)
    return fig


def _svg(fig: Figure) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    text = re.sub(r"\s*<metadata>.*?</metadata>", "", text, flags=re.S)  # RDF boilerplate, not needed inline
    return text[text.index("<svg"):]


def alignment_svg(d: Debrief, lang: str) -> str:
    """The frame-alignment curve over the turns, start, end and change marked, bridges as triangles."""
    with matplotlib.rc_context({**PLOT_RC, "svg.hashsalt": "casustafel", "font.size": 11}):
        fig = _figure(8.2, 3.4)
        ax = fig.add_subplot()
        if d.alignment_curve:
            xs = [t for t, _ in d.alignment_curve]
            ys = [a for _, a in d.alignment_curve]
            ax.plot(xs, ys, color=COLOURS[0], linewidth=2.2, marker="o", markersize=4)
            curve = dict(d.alignment_curve)
            bridges = sorted({b.turn for b in d.bridges if b.turn in curve})
            if bridges:
                ax.plot(bridges, [curve[t] for t in bridges], linestyle="none", marker="^", markersize=10,
                        color=COLOURS[1], label=tr("report.plot.bridge", lang))
                ax.legend(loc="lower right", frameon=False)
            for (x, y), key in (((xs[0], ys[0]), "report.plot.start"), ((xs[-1], ys[-1]), "report.plot.end")):
                ax.annotate(tr(key, lang, value=number(y, lang)), (x, y), textcoords="offset points",
                            xytext=(0, 10), ha="center", fontsize=10, fontweight="bold")
            ax.set_xlim(min(xs) - 0.5, max(xs) + 0.5)
        else:
            ax.text(0.5, 0.5, tr("report.plot.no_curve", lang), ha="center", va="center", transform=ax.transAxes)
        ax.set_ylim(-0.05, 1.15)
        ax.set_xlabel(tr("report.plot.turn", lang))
        ax.set_ylabel(tr("report.plot.alignment", lang))
        ax.set_title(tr("report.plot.alignment_title", lang, change=number(d.alignment_change, lang, signed=True)))
        ax.grid(axis="y", color="#e2e6ea")
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        fig.subplots_adjust(left=0.09, right=0.98, bottom=0.15, top=0.88)  # fixed: tight_layout costs 0.3 s
        return _svg(fig)


def frames_svg(d: Debrief, lang: str, frame_names: dict[str, str]) -> str:
    """Per player: the frame profile of the first three utterances next to that of the last six."""
    roles = [r for r in d.roles if d.players[r].home_measured]
    with matplotlib.rc_context({**PLOT_RC, "svg.hashsalt": "casustafel-frames", "font.size": 10}):
        fig = _figure(8.2, 3.5)
        axes = fig.subplots(1, max(1, len(roles)), sharey=True, squeeze=False)
        frames = list(frame_names)
        for ax, role in zip(axes[0], roles, strict=False):
            player = d.players[role]
            begin = _shares(player.home_measured, frames)
            end = _shares(_end_profile(d, role), frames)
            ys = range(len(frames))
            ax.barh([y + 0.2 for y in ys], begin, height=0.38, color=COLOURS[0], label=tr("report.plot.begin", lang))
            ax.barh([y - 0.2 for y in ys], end, height=0.38, color=COLOURS[1], label=tr("report.plot.final", lang))
            ax.set_yticks(list(ys), [frame_names[f] for f in frames])
            ax.invert_yaxis()
            ax.set_xlim(0, 1)
            ax.set_title(tr("report.plot.movement_title", lang, name=player.name,
                            movement=number(player.movement, lang)))
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)
        handles, labels = axes[0][0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="upper center", ncol=2, frameon=False)
        fig.subplots_adjust(left=0.25, right=0.98, bottom=0.1, top=0.8, wspace=0.08)
        return _svg(fig)


def _shares(profile: dict[str, int], frames: list[str]) -> list[float]:
    total = sum(profile.values()) or 1
    return [profile.get(f, 0) / total for f in frames]


def _end_profile(d: Debrief, role: str) -> dict[str, int]:
    """The frame profile of a player's last utterances, as the scorer keeps it (`ScoreReport.end_profiles`)."""
    return dict(d.report.end_profiles.get(role, {}))


def _who(name: str, nickname: str | None) -> str:
    return f"{nickname} ({name})" if nickname and nickname != name else name


# -- sections -------------------------------------------------------------------------------------------
def _scores(d: Debrief, lang: str, nicknames: dict[str, str]) -> str:
    """A card per player; in solo play the computer colleague's card is marked apart and the session score
    (which adds both players' points) is left out: the learner's score is their own."""
    solo = len(nicknames) == 1
    out = [f"<h2>{_e(tr('report.scores', lang))}</h2>", '<div class="cards">']
    for role in d.roles:
        p = d.players[role]
        share = f" · {_e(tr('report.share', lang, share=round(p.share * 100)))}" if p.maximum > 0 else ""
        parts = ", ".join(f"{_e(tr('report.part.' + k, lang))} {_e(number(v, lang, signed=True))}"
                          for k, v in p.parts.items() if v)
        apart = solo and role not in nicknames
        what = tr("report.partner_apart", lang) if apart else tr("report.reflexivity", lang)
        out.append(f'<div class="card{" apart" if apart else ""}" id="score-{_e(role)}">'
                   f'<h3>{_e(_who(p.name, nicknames.get(role)))}</h3>'
                   f'<div class="big">{_e(number(p.points, lang))}</div>'
                   f'<div class="meta">{_e(what)}{share}</div><div>{parts}</div></div>')
    if solo:
        out.append("</div>")
        return "\n".join(out)
    out.append(f'<div class="card" id="score-session"><h3>{_e(tr("report.session_score", lang))}</h3>'
               f'<div class="big">{_e(number(d.session_score, lang))}</div>'
               f'<div class="meta">{_e(tr("report.session_score_how", lang, weight=ALIGNMENT_WEIGHT))}</div>'
               "</div></div>")
    return "\n".join(out)


def _reasons(d: Debrief, lang: str) -> str:
    out = [f"<h3>{_e(tr('report.reasons', lang))}</h3>"]
    out.append(f'<table class="reasons"><tr><th>{_e(tr("report.col.turn", lang))}</th>'
               f'<th>{_e(tr("report.col.speaker", lang))}</th><th>{_e(tr("report.col.what", lang))}</th>'
               f'<th class="num">{_e(tr("report.col.points", lang))}</th></tr>')
    shown = [r for role in d.roles for r in d.players[role].reasons] + \
        [r for r in d.session_reasons if r.kind == "alignment"]
    for r in sorted(shown, key=lambda r: (r.turn, r.kind == "alignment")):
        out.append(f'<tr class="reason"><td>{r.turn}</td><td>{_e(r.speaker or tr("report.both", lang))}</td>'
                   f'<td>{_e(reason_label(r, lang))}</td><td class="num">{_signed(r.points, lang)}</td></tr>')
    out.append("</table>")
    return "\n".join(out)


def _alignment(d: Debrief, lang: str, frame_names: dict[str, str]) -> str:
    start = number(d.alignment_start, lang) if d.alignment_start is not None else "–"
    end = number(d.alignment_end, lang) if d.alignment_end is not None else "–"
    movement = "; ".join(tr("report.movement_of", lang, name=d.players[r].name,
                            movement=number(d.players[r].movement, lang)) for r in d.roles)
    return "\n".join([
        f"<h2>{_e(tr('report.alignment', lang))}</h2>",
        f'<p>{_e(tr("report.alignment_figures", lang, start=start, end=end, change=number(d.alignment_change, lang, signed=True), anchor=number(d.client_anchor, lang), client=d.client))}</p>',  # noqa: E501
        *([f'<p class="figure-note">{_e(note)}</p>'] if (note := figure_note(d, "anchor", lang)) else []),
        f'<div class="plot" id="plot-alignment">{alignment_svg(d, lang)}</div>',
        f"<p>{_e(tr('report.movement_intro', lang))} {_e(movement)}.</p>",
        f'<div class="plot" id="plot-frames">{frames_svg(d, lang, frame_names)}</div>',
    ])


def _heuristics(d: Debrief, lang: str, solo: bool = False) -> str:
    out = [f"<h2>{_e(tr('report.heuristics', lang))}</h2>"]
    for title, entries in (("report.met", d.met), ("report.red_flags", d.red_flags), ("report.missed", d.missed)):
        if not entries:
            continue
        out.append(f"<h3>{_e(tr(title, lang, solo))}</h3><table class='heuristics'>")
        for e in entries:
            where = ", ".join(str(t) for t, _ in e.turns) if e.turns else \
                (tr("report.on_offer", lang, turns=", ".join(str(t) for t in e.on_offer)) if e.on_offer
                 else tr("report.not_on_offer", lang, solo))
            markers = "".join(f"<li>{_e(m)}</li>" for m in e.markers)
            out.append(f'<tr id="h-{_e(e.id)}"><td><b>{_e(e.name)}</b><br><span class="meta">{_e(where)}</span></td>'
                       f'<td>{_e(e.definition)}<ul>{markers}</ul><span class="meta">{_e(tr("report.source", lang))}: '
                       f"{_e(e.source)}</span></td></tr>")
        out.append("</table>")
    return "\n".join(out)


def _annotation(note: TurnNote, lang: str) -> str:
    items = [f"<li>{_e(reason_label(r, lang))} {_signed(r.points, lang)}</li>" for r in note.reasons]
    frames = ", ".join(f"{name} {w}" for _f, name, w in note.frames)
    if frames:
        items.append(f"<li>{_e(tr('report.frames', lang))}: {_e(frames)} ({_e(side_label(note.frame_side, lang))})"
                     "</li>")
    if note.feedback:
        items.append(f"<li><i>{_e(note.feedback)}</i></li>")
    if note.alternative:
        items.append(f"<li>{_e(tr('report.alternative', lang, value=note.alternative[2]))} "
                     f"“{_e(note.alternative[1])}”</li>")
    return f'<div class="annot"><ul>{"".join(items)}</ul></div>'


def _transcript(d: Debrief, items: list[TranscriptItem], marking: dict[str, str], marks, lang: str) -> str:
    head = "".join(f"<th>{_e(tr('report.marks_of', lang, name=nick))}</th>" for nick in marking.values())
    out = [f"<h2>{_e(tr('report.transcript', lang))}</h2>",
           f'<table class="transcript"><tr><th>#</th><th>{_e(tr("report.col.speaker", lang))}</th>'
           f'<th>{_e(tr("report.col.said", lang))}</th>{head}<th>{_e(tr("report.col.engine", lang))}</th></tr>']
    blank = "<td></td>" * len(marking)
    for it in items:
        if it.kind == "line":
            out.append(f'<tr class="line"><td></td><td class="speaker">{_e(it.speaker)}</td><td>{_e(it.text)}</td>'
                       f"{blank}<td></td></tr>")
        elif it.kind == "turn":
            note = d.turn(it.turn or 0)
            cells = ""
            for role in marking:
                mark = marks.get(role, {}).get(it.turn)
                cells += (f'<td><span class="mark-{_e(mark[0])}">{_e(mark_label(mark[0], lang))}</span>'
                          f"{'<br>' + _e(mark[1]) if mark[1] else ''}</td>") if mark else "<td></td>"
            out.append(f'<tr class="turn" id="turn-{it.turn}"><td>{it.turn}</td><td class="speaker">'
                       f'{_e(it.speaker)}</td><td class="text">{_e(it.text)}</td>{cells}'
                       f"<td>{_annotation(note, lang) if note else ''}</td></tr>")
        elif it.kind == "reflect":
            answers = "".join(f"<br><b>{_e(d.names.get(r, r))}</b>: {_e(a)}" for r, a in it.answers.items())
            out.append(f'<tr class="reflect"><td></td><td class="speaker">{_e(tr("report.pause", lang))}</td>'
                       f"<td>{_e(it.text)}{answers}</td>{blank}<td></td></tr>")
        elif it.kind == "ending":
            out.append(f'<tr class="ending"><td></td><td class="speaker">{_e(tr("report.ending", lang))}</td>'
                       f"<td>{_e(it.speaker)}: {_e(it.text)}</td>{blank}<td></td></tr>")
    out.append("</table>")
    return "\n".join(out)


def _comparison(d: Debrief, marking: dict[str, str], lang: str) -> str:
    if not d.comparison:
        heading = tr("report.comparison", lang, len(marking) == 1)
        return f"<h2>{_e(heading)}</h2><p>{_e(tr('report.no_marks', lang))}</p>"
    head = "".join(f"<th>{_e(nick)}</th>" for nick in marking.values())
    out = [f"<h2>{_e(tr('report.comparison', lang, len(marking) == 1))}</h2>",
           f'<table class="comparison"><tr><th>#</th><th>{_e(tr("report.col.speaker", lang))}</th>{head}'
           f'<th>{_e(tr("report.col.engine", lang))}</th><th></th></tr>']
    for row in d.comparison:
        note = d.turn(row.turn)
        cells = "".join(
            f"<td><span class='mark-{_e(m[0])}'>{_e(mark_label(m[0], lang))}</span>{'<br>' + _e(m[1]) if m[1] else ''}"
            "</td>" if m else "<td>–</td>" for m in (row.marks.get(r) for r in marking))
        engine = ", ".join(reason_label(r, lang) for r in note.reasons) if note else ""
        out.append(f'<tr class="agree-{row.agreement}"><td><a href="#turn-{row.turn}">{row.turn}</a></td>'
                   f"<td>{_e(note.speaker if note else '')}</td>{cells}<td class='annot'>{_e(engine)}</td>"
                   f"<td>{_e(agreement_label(row.agreement, lang))}</td></tr>")
    out.append("</table>")
    return "\n".join(out)


def _answers(d: Debrief, lang: str) -> str:
    if not d.answers:
        return ""
    roles = [r for r in d.roles if any(r in p.answers for p in d.answers)]
    out = [f"<h2>{_e(tr('report.answers', lang))}</h2><table class='answers'><tr><th>"
           f"{_e(tr('report.pause', lang))}</th>" + "".join(f"<th>{_e(d.names[r])}</th>" for r in roles) + "</tr>"]
    for pair in d.answers:
        out.append(f"<tr><td>{_e(pair.question)}</td>" +
                   "".join(f"<td>{_e(pair.answers.get(r, '–'))}</td>" for r in roles) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def render_report(loaded: LoadedSession, lang: str | None = None, lessons: list[dict] | None = None) -> str:
    """The whole report as one HTML string."""
    lang = lang or loaded.debrief.lang
    d = loaded.debrief
    scenario = loaded.scenario
    frame_names = {f: spec.name.get(lang) for f, spec in scenario.catalogue.frames.items()}
    marking = {r: loaded.players[r][0] for r in d.roles if r in loaded.players and loaded.players[r][1]}
    solo = len(marking) == 1
    started = time.strftime("%Y-%m-%d %H:%M", time.localtime(loaded.row.started_at))
    who = ", ".join(f"{nick} ({d.names.get(r, r)})" for r, (nick, _human) in loaded.players.items())
    ending = f"{d.ending[1]}" if d.ending else tr("report.not_ended", lang)
    parts = [
        "<!DOCTYPE html>", f'<html lang="{_e(lang)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(tr('report.title', lang, scenario=d.title))}</title><style>{CSS}</style></head><body>",
        f"<h1>{_e(tr('report.title', lang, scenario=d.title))}</h1>",
        f'<p class="meta">{_e(tr("report.meta", lang, date=started, session=loaded.row.id, who=who))}</p>',
        f'<p><b>{_e(tr("report.ending", lang))}:</b> {_e(ending)}'
        + (f"<br>{_e(d.ending[2])}" if d.ending else "") + "</p>",
        f'<p class="note">{_e(tr("report.privacy", lang, solo))}</p>',
    ]
    parts += [f'<p class="note">{_e(p)}</p>' for p in loaded.problems]
    parts.append(f"<h2>{_e(tr('report.questions', lang))}</h2><ol class='questions'>"
                 + "".join(f"<li>{_e(question_text(q, lang, solo))}</li>" for q in d.questions) + "</ol>")
    parts.append(_scores(d, lang, marking))
    parts.append(_alignment(d, lang, frame_names))
    parts.append(_reasons(d, lang))
    parts.append(_heuristics(d, lang, solo))
    parts.append(_comparison(d, marking, lang))
    parts.append(_answers(d, lang))
    parts.append(_transcript(d, transcript(scenario, loaded.session, lang), marking, loaded.marks, lang))
    own = [le for le in (lessons or []) if le.get("session_id") == loaded.row.id]
    if own:
        parts.append(f"<h2>{_e(tr('report.lessons', lang))}</h2><ul>"
                     + "".join(f"<li>{_e(le['text'])}</li>" for le in own) + "</ul>")
    parts.append(f'<p class="meta">{_e(tr("report.footer", lang, solo))}</p></body></html>')
    return "\n".join(parts)


def reasons_plain(d: Debrief, lang: str) -> list[str]:
    """Every reason as one line of text (for checks and for the terminal)."""
    return [reason_text(r, lang) for role in d.roles for r in d.players[role].reasons]


# -- files ----------------------------------------------------------------------------------------------
def pdf_converter() -> str | None:
    """The first installed program that can print HTML to PDF, or None."""
    return next((shutil.which(name) for name in PDF_CONVERTERS if shutil.which(name)), None)


def write_pdf(html_path: Path, pdf_path: Path, converter: str | None = None, timeout: float = 60,
              force: bool = False) -> None:
    """Print the HTML report to PDF with chromium (headless) or wkhtmltopdf; raises RuntimeError with advice.

    The PDF is made in a private temporary folder and then written like the report (0600, atomic, `force`).
    """
    converter = converter or pdf_converter()
    if converter is None:
        raise RuntimeError("Geen PDF-omzetter gevonden (chromium of wkhtmltopdf). Open het HTML-bestand in een "
                           "browser en kies Afdrukken > Opslaan als PDF.")
    target = check_target(pdf_path, force)
    with tempfile.TemporaryDirectory(prefix="casustafel-pdf-") as work:
        profile = Path(work) / "profile"
        pdf_path = Path(work) / "report.pdf"
        if re.search(r"wkhtmltopdf", Path(converter).name):
            command = [converter, "--quiet", str(Path(html_path).resolve()), str(pdf_path)]
        else:
            command = [converter, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--no-pdf-header-footer",
                       f"--print-to-pdf={pdf_path}", Path(html_path).resolve().as_uri()]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0 or not pdf_path.exists():
            raise RuntimeError(f"De PDF kon niet gemaakt worden met {converter}: {done.stderr.strip()[-300:]}")
        write_file(target, pdf_path.read_bytes(), force=force)


CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync")
