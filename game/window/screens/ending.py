"""The ending, and the scores with their reasons (until a look-back screen is registered)."""

from __future__ import annotations

import pygame
from casustafel.engine.scoring import Reason
from casustafel.game.window.screen import Screen
from casustafel.game.window.screens import register


@register("ending")
class EndingScreen(Screen):
    back = None

    def build(self) -> None:
        game, lang = self.app.game, self.lang
        session = game.session
        ending = session.node.ending
        report = session.score()
        col = self.column(self.s(900), top=self.margin)
        self.heading(col, self.s(44), self.tr("window.ending.heading", title=ending.title.get(lang)), "@heading")
        self.text_in(col, self.s(16), [self.p(ending.text.get(lang), size=21)], bg=self.pal.panel,
                  pad=self.s(16))
        if game.session_id and self.app.has_screen("lookback"):
            # the look-back comes first: no score yet, so nobody marks their turns by the game's judgement
            paras = [self.p(self.tr("window.ending.lookback_first"), size=19)]
        else:
            paras = [self.p(self.tr("window.ending.score", score=f"{report.session_score:g}"), "bold", 22)]
            for role, player in report.players.items():
                line = self.tr("window.ending.player", player=game.player(role, lang), points=f"{player.points:g}",
                               share=round(player.share * 100))
                paras.append(self.p(line, size=19))
        persona = game.review.persona_line(lang) if game.ctl is not None else ""
        if persona:  # which client it was (after "verras me" the first time it is said)
            paras.insert(0, self.p(persona, size=19))
        self.text_in(col, self.s(20), paras)
        label = self.tr("window.ending.lookback")
        self.initial_focus = self.button_in(col, self.s(54), label, self._lookback, "@primary")
        if game.session_id:
            key = "window.ending.withdraw_confirm" if self.params.get("confirm") else "window.ending.withdraw"
            self.button_in(col, self.s(50), self.tr(key), self._withdraw)
        elif self.params.get("withdrawn"):
            self.text_in(col, None, [self.p(self.tr("window.ending.withdrawn"), size=18)], bg=self.pal.warning_bg,
                      pad=self.s(8))
        self.button_in(col, self.s(50), self.tr("window.ending.again"), self._again)

    def _lookback(self) -> None:
        if self.app.has_screen("lookback"):
            self.app.show("lookback")
        else:
            self.app.show("scores")

    def _withdraw(self) -> None:
        withdraw_after_confirmation(self)

    def _again(self) -> None:
        self.app.game.stop()
        self.app.show("title")

    def on_escape(self) -> None:
        self._again()


def withdraw_after_confirmation(screen: Screen) -> None:
    """First press: ask again (the button says so). Second press: withdraw the session and say it is gone."""
    game = screen.app.game
    if not screen.params.get("confirm"):
        screen.params["confirm"] = True
        screen.app.rebuild()
        return
    game.withdraw()
    screen.app.show("ending", withdrawn=True)


def reason_text(reason: Reason, game, lang: str, tr) -> str:
    """"Beurt 7, Mark: aanname toetsen +2"."""
    cat = game.scenario.catalogue
    if reason.kind in ("heuristic", "red_flag", "capped") and reason.id in cat.heuristics:
        what = cat.heuristics[reason.id].name.get(lang)
        if reason.kind == "capped":
            what = tr("window.scores.capped", what=what)
    elif reason.kind == "level" and reason.id in cat.levels:
        what = tr("window.scores.level", what=cat.levels[reason.id].name.get(lang))
    else:
        what = tr(f"window.scores.{reason.kind}", what=reason.id)
    who = game.scenario.speaker_name(reason.role, lang) if reason.role in game.scenario.roles else reason.role
    return tr("window.scores.reason", turn=reason.turn, who=who, what=what, points=f"{reason.points:+g}")


@register("scores")
class Scores(Screen):
    """Every point with the turn that earned it."""

    back = "ending"

    def build(self) -> None:
        game, lang, pal = self.app.game, self.lang, self.pal
        report = game.session.score()
        m = self.margin
        col = self.column(self.s(1000), top=m)
        self.heading(col, self.s(44), self.tr("window.scores.heading"), "@heading")
        buttons_y = self.footer_y(col)
        view = self.scroll_view(pygame.Rect(col.x, col.y, col.width, buttons_y - col.y - m))
        tr = self.tr
        for i, (role, player) in enumerate(report.players.items()):
            colour = pal.roles[i % len(pal.roles)]
            paras = [self.p(tr("window.ending.player", player=game.player(role, lang),
                               points=f"{player.points:g}", share=round(player.share * 100)), "bold", 20,
                            colour=colour)]
            paras += [self.p(reason_text(r, game, lang, tr), size=18, after=3) for r in player.reasons]
            if not player.reasons:
                paras.append(self.p(tr("window.scores.none"), size=18, colour=pal.muted))
            view.append_paras(paras, pad=self.s(12))
        start = "-" if report.alignment_start is None else f"{report.alignment_start:.2f}"
        end = "-" if report.alignment_end is None else f"{report.alignment_end:.2f}"
        paras = [self.p(tr("window.scores.session", score=f"{report.session_score:g}"), "bold", 20),
                 self.p(tr("window.scores.alignment_summary", start=start, end=end,
                           change=f"{report.alignment_change:+.2f}"), size=18),
                 self.p(tr("window.scores.anchor", anchor=f"{report.client_anchor:.2f}"), size=18)]
        paras += [self.p(reason_text(r, game, lang, tr), size=18, after=3) for r in report.session_reasons
                  if r.kind in ("bridge", "alignment")]
        view.append_paras(paras, pad=self.s(12))
        view.scroll_to_top()
        self.initial_focus = view
        self.button(pygame.Rect(col.x, buttons_y, self.s(200), self.s(52)), tr("window.back"),
                    lambda: self.app.show("ending"))
        self.button(pygame.Rect(col.x + col.width - self.s(300), buttons_y, self.s(300), self.s(52)),
                    tr("window.ending.again"), self._again, "@primary")

    def _again(self) -> None:
        self.app.game.stop()
        self.app.show("title")

