"""The workshop overview in the window (issue 7): every pair of the afternoon, what went wrong most often, the
heuristics most missed, the endings, and the alignment curves saved as a picture for the projector.

Open it with `app.show("overview")`. "Workshop" steps through the workshop labels on this computer (all
sessions first); "Grafiek opslaan" writes the curves to `afstemming.png` in the data directory.
"""

from __future__ import annotations

import pygame
from casustafel.game.cli.sessions import _day
from casustafel.game.play.hints import command
from casustafel.game.records.recorder import data_dir
from casustafel.game.report.debrief_data import number
from casustafel.game.report.overview import (
    Filter,
    OverviewError,
    build_overview,
    ending_line,
    moment_line,
    plot_curves,
    scenario_title,
)
from casustafel.game.window.screen import Screen
from casustafel.game.window.screens import register

PLOT_NAME = "afstemming.png"
SHOWN = 12


@register("overview")
class OverviewScreen(Screen):
    back = "title"

    def build(self) -> None:
        game, lang, pal = self.app.game, self.lang, self.pal
        col = self.column(self.s(1100), top=self.margin)
        self.heading(col, self.s(44), self.tr("overview.window.heading"), "@heading")
        error = game.open_recorder()
        recorder = game.recorder
        if error or recorder is None:
            self.text_in(col, None, [self.p(error or "", size=18)], bg=pal.warning_bg, pad=self.s(8))
            self._buttons(col, [])
            return
        labels = [None, *recorder.workshops()]
        index = int(self.params.get("workshop", 0)) % len(labels)
        overview = build_overview(recorder, Filter(workshop=labels[index]), lang)
        if self.params.get("status"):
            self.text_in(col, self.s(8), [self.p(self.params["status"], "bold", 17)], bg=pal.panel, pad=self.s(6))
        bottom = self.height - self.margin - self.button_row_height(col, self._items(labels, overview))
        view = self.scroll_view(pygame.Rect(col.x, col.y, col.width, max(self.s(120), bottom - col.y - self.s(12))))
        col.y = view.rect.bottom + self.s(12)
        which = labels[index] or self.tr("overview.window.all")
        paras = [self.p(self.tr("overview.title", count=len(overview.pairs)), "bold", 22),
                 self.p(self.tr("overview.window.workshop", label=which), size=18, colour=pal.muted)]
        if not overview.pairs:
            paras.append(self.p(self.tr("overview.none", command=command(self.app.data, "play")), size=19))
        for pair in overview.pairs[-SHOWN:][::-1]:
            names = " & ".join(nick if human else self.tr("overview.computer") for nick, human in pair.players.values())
            ending = pair.ending_title or self.tr("overview.playing" if pair.status == "playing" else
                                                  "overview.abandoned")
            score = number(pair.session_score, lang) if pair.session_score is not None else "–"
            change = number(pair.alignment_change, lang, signed=True) if pair.alignment_change is not None else "–"
            paras.append(self.p(self.tr("overview.window.pair", when=_day(pair.started_at), names=names,
                                        scenario=scenario_title(overview, pair.scenario_id), ending=ending,
                                        score=score, change=change),
                                size=18, after=4))
        if len(overview.pairs) > SHOWN:
            paras.append(self.p(self.tr("overview.window.more", count=len(overview.pairs) - SHOWN,
                                        command=command(self.app.data, "sessions", "--limit", "0")), size=17,
                                colour=pal.muted))
        view.append_paras(paras, pad=self.s(10))
        paras = [self.p(self.tr("overview.moments"), "bold", 20)]
        paras += [self.p(moment_line(overview, m, lang, width=140).strip(), size=17) for m in overview.moments[:6]]
        if not overview.moments:
            paras.append(self.p(self.tr("overview.no_moments").strip(), size=17))
        paras.append(self.p(self.tr("overview.missed"), "bold", 20))
        paras += [self.p(self.tr("overview.missed_line", missed=h.missed_in, offered=h.on_offer_in, name=h.name,
                                 id=h.heuristic_id).strip(), size=17) for h in overview.missed[:6]]
        if not overview.missed:
            paras.append(self.p(self.tr("overview.no_missed").strip(), size=17))
        paras.append(self.p(self.tr("overview.endings"), "bold", 20))
        paras += [self.p(ending_line(overview, e, lang).strip(), size=17) for e in overview.endings]
        view.append_paras(paras, pad=self.s(10))
        view.scroll_to_top()  # the pairs first; arrows and the wheel scroll on
        self._buttons(col, labels, overview)

    def _buttons(self, col, labels: list, overview=None) -> None:
        self.initial_focus = self.button_row(col, self._items(labels, overview))[0]

    def _items(self, labels: list, overview=None) -> list:
        items = []
        if overview is not None:
            items.append((self.tr("overview.window.save_plot"), lambda: self._save(overview), None))
            if len(labels) > 1:
                items.append((self.tr("overview.window.next_workshop"), self._next_workshop, None))
        items.append((self.tr("window.back"), lambda: self.app.show("title"), None))
        return items

    def _next_workshop(self) -> None:
        self.params["workshop"] = int(self.params.get("workshop", 0)) + 1
        self.params.pop("status", None)
        self.app.rebuild()

    def _save(self, overview) -> None:
        try:
            path = plot_curves(overview, data_dir(self.app.data) / PLOT_NAME, self.lang)
            self.params["status"] = self.tr("overview.plot_saved", path=path)
        except (OverviewError, OSError) as exc:
            self.params["status"] = str(exc)
        self.app.rebuild()
