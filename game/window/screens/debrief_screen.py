"""The debrief in the window: scores with every reason, alignment, heuristics met and missed, questions to
discuss; lessons learned, the HTML report and withdrawal of the session."""

from __future__ import annotations

import pygame
from casustafel.game.i18n import tr
from casustafel.game.records.recorder import data_dir
from casustafel.game.report.debrief_data import figure_note, number, question_text, reason_text
from casustafel.game.window.screen import Screen
from casustafel.game.window.screens import register
from casustafel.game.window.screens.ending import withdraw_after_confirmation
from casustafel.game.window.screens.lookback import current_marks, game_debrief
from casustafel.game.window.text import curve_chart


@register("debrief")
class DebriefScreen(Screen):
    back = None

    def build(self) -> None:
        game, lang, pal = self.app.game, self.lang, self.pal
        d = game_debrief(self.app, current_marks(self.app, self.params))
        col = self.column(self.s(1100), top=self.margin)
        self.heading(col, self.s(44), self.tr("lookback.window.debrief"), "@heading")
        if self.params.get("status"):
            self.text_in(col, self.s(8), [self.p(self.params["status"], "bold", 17)], bg=pal.panel, pad=self.s(6))
        bottom = self.footer_y(col)
        lesson_y = bottom - self.s(58)
        view = self.scroll_view(pygame.Rect(col.x, col.y, col.width, lesson_y - col.y - self.s(12)))
        solo = len(game.human_roles) == 1

        def t(key: str, **values: object) -> str:
            return tr(key, lang, solo, **values)

        paras = [self.p(self.tr("lookback.questions_title"), "bold", 22)]
        paras += [self.p(f"{i}. {question_text(q, lang, solo)}", size=19) for i, q in enumerate(d.questions, 1)]
        view.append_paras(paras, pad=self.s(10))
        for i, role in enumerate(d.roles):
            player = d.players[role]
            share = self.tr("lookback.share", share=round(player.share * 100)) if player.maximum > 0 else ""
            colour = pal.roles[i % len(pal.roles)]
            if solo and not game.human(role):  # the computer colleague: apart, never added to the learner's score
                view.append_paras([self.p(t("lookback.partner_apart", who=game.player(role, lang),
                                            points=number(player.points, lang)), "bold", 18, colour=colour)],
                                  pad=self.s(10))
                continue
            key = "lookback.your_score" if solo else "lookback.player_score"
            paras = [self.p(t(key, who=game.player(role, lang), points=number(player.points, lang), share=share),
                            "bold", 20, colour=colour)]
            paras += [self.p(reason_text(r, lang), size=17, after=2) for r in player.reasons]
            view.append_paras(paras, pad=self.s(10))
        paras = []
        if not solo:  # the session score adds both players' points: a pair's figure
            paras.append(self.p(self.tr("lookback.session_score", score=number(d.session_score, lang)), "bold", 20))
            paras += [self.p(reason_text(r, lang), size=17) for r in d.session_reasons if r.kind == "alignment"]
        if d.alignment_start is not None:
            paras.append(self.p(self.tr("lookback.alignment", start=number(d.alignment_start, lang),
                                        end=number(d.alignment_end or 0.0, lang),
                                        change=number(d.alignment_change, lang, signed=True)), size=18))
            view.append_paras(paras, pad=self.s(10))
            paras = []
            self._curve(view, d.alignment_curve)
        paras.append(self.p(t("lookback.anchor", anchor=number(d.client_anchor, lang), client=d.client),
                            size=18))
        if note := figure_note(d, "anchor", lang):
            paras.append(self.p(note, size=16, colour=pal.muted))
        paras += [self.p(self.tr("lookback.movement", name=d.players[r].name,
                                 movement=number(d.players[r].movement, lang)), size=18) for r in d.roles]
        view.append_paras(paras, pad=self.s(10))
        paras = [self.p(t("lookback.met_title"), "bold", 20)]
        paras += [self.p(self.tr("lookback.met_line", name=e.name, turns=", ".join(str(t) for t, _ in e.turns))
                         .strip(), size=18) for e in d.met]
        paras += [self.p(self.tr("lookback.flag_line", name=e.name, turns=", ".join(str(t) for t, _ in e.turns),
                                 definition=e.definition).strip(), size=18) for e in d.red_flags]
        paras.append(self.p(self.tr("lookback.missed_title"), "bold", 20))
        for e in d.missed:
            where = self.tr("lookback.on_offer", turns=", ".join(map(str, e.on_offer))) if e.on_offer else ""
            paras.append(self.p(self.tr("lookback.missed_line", name=e.name, where=where).strip(), "bold", 18))
            paras.append(self.p(e.definition, size=17))
            paras += [self.p(f"– {m}", size=16) for m in e.markers]
            paras.append(self.p(self.tr("lookback.source", source=e.source), size=15, colour=pal.muted))
        view.append_paras(paras, pad=self.s(10))
        view.scroll_to_top()
        self.initial_focus = view
        self.lesson = self.entry(pygame.Rect(col.x, lesson_y, col.width - self.s(260), self.s(46)),
                                 placeholder=t("lookback.window.lesson"))
        self.button(pygame.Rect(col.x + col.width - self.s(248), lesson_y, self.s(248), self.s(46)),
                    self.tr("lookback.window.save_lesson"), self._lesson)
        recorded = game.recorder is not None and bool(game.session_id)
        third = (col.width - 2 * self.s(12)) // 3
        self.button(pygame.Rect(col.x, bottom, third, self.s(52)), self.tr("lookback.window.report"), self._report,
                    enabled=recorded)
        key = "lookback.window.withdraw_confirm" if self.params.get("confirm") else "lookback.window.withdraw"
        self.button(pygame.Rect(col.x + third + self.s(12), bottom, third, self.s(52)), self.tr(key), self._withdraw,
                    enabled=recorded)
        self.button(pygame.Rect(col.x + 2 * (third + self.s(12)), bottom, third, self.s(52)),
                    self.tr("lookback.window.to_title"), self._title, "@primary")

    def _curve(self, view, curve: list[tuple[int, float]]) -> None:
        """The alignment curve drawn as a chart (large, high-contrast colours when chosen; the numbers as its text)."""
        pal, lang = self.pal, self.lang
        colours = {"bg": pal.panel, "text": pal.text, "grid": pal.muted, "line": pal.accent}
        labels = {"x": self.tr("lookback.window.curve_x"), "y": self.tr("lookback.window.curve_y"),
                  "end": number(curve[-1][1], lang) if curve else "", "half": number(0.5, lang)}
        chart = curve_chart(curve, view.inner_width, self.s(220), colours, self.s(17), labels)
        text = self.tr("lookback.window.curve_text",
                       points=", ".join(f"{t}: {number(a, lang)}" for t, a in curve))
        view.append(chart, text)

    def _lesson(self) -> None:
        game = self.app.game
        text = self.lesson.get_text().strip()
        if not text:
            self.params["status"] = self.tr("lookback.window.lesson_empty")
            self.app.rebuild()
            return
        kept = game.review.add_lesson(text)
        self.params["status"] = self.tr("lookback.window.lesson_saved" if kept else "lookback.window.lesson_unrecorded")
        self.app.rebuild()

    def _report(self) -> None:
        from casustafel.game.records.files import write_file
        from casustafel.game.report.debrief_data import DebriefDataError, load_session
        from casustafel.game.report.html import render_report

        game = self.app.game
        folder = data_dir(game.data) / "verslagen"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            loaded = load_session(game.recorder, game.session_id, self.lang)
            path = folder / f"casustafel-{game.session_id}.html"
            write_file(path, render_report(loaded, self.lang, game.recorder.lessons(limit=1000)), force=True)
        except (DebriefDataError, OSError) as exc:
            self.params["status"] = str(exc)
        else:
            self.params["report"] = str(path)
            self.params["status"] = self.tr("lookback.window.report_saved", path=path)
        self.app.rebuild()

    def _withdraw(self) -> None:
        withdraw_after_confirmation(self)

    def _title(self) -> None:
        self.app.game.stop()
        self.app.show("title")

    def on_escape(self) -> None:
        self._title()
