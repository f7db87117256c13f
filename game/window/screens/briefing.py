"""Private briefings, one per human player, with a hand-over screen between players."""

from __future__ import annotations

import pygame
from casustafel.game.window.screen import Screen
from casustafel.game.window.screens import register


def begin_play(app) -> None:
    app.game.begin()
    app.show(next_screen(app))


def next_screen(app) -> str:
    """Where play continues: the conversation, a reflection pause, or the ending."""
    game = app.game
    if game.session is None:
        return "title"
    if game.session.ended:
        return "ending"
    if game.session.node.kind == "reflect" and game.session.pending_answers:
        return "reflect"
    return "play"


@register("handover")
class Handover(Screen):
    """"Geef de laptop aan …": the next player takes over, the other looks away."""

    pausable = False
    back = None

    def build(self) -> None:
        game, queue = self.app.game, self.params["queue"]
        col = self.column(self.s(760), top=self.height // 4)
        if queue:
            role = queue[0]
            nick = game.nickname(role, self.lang)
            self.label(col.take(self.s(64)), self.tr("window.handover.give", nick=nick), "@title")
            self.text_in(col, self.s(30), [self.p(self.tr("window.handover.private",
                                                                   who=game.who(role, self.lang)), size=22)])
            self.initial_focus = self.button(col.take(self.s(60)), self.tr("window.handover.ready", nick=nick),
                                             lambda: self.app.show("briefing", queue=queue), "@primary")
        else:
            self.label(col.take(self.s(64)), self.tr("window.handover.together"), "@title")
            self.text_in(col, self.s(30), [self.p(self.tr("window.handover.together_text"), size=22)])
            self.initial_focus = self.button(col.take(self.s(60)), self.tr("window.handover.start"),
                                             lambda: begin_play(self.app), "@primary")

    def on_escape(self) -> None:
        self.app.open_overlay("pause")


@register("briefing")
class Briefing(Screen):
    back = None

    def build(self) -> None:
        game, queue, lang = self.app.game, self.params["queue"], self.lang
        role = queue[0]
        sc = game.scenario
        r = sc.roles[role]
        m = self.margin
        col = self.column(self.s(900), top=m)
        self.label(col.take(self.s(44)), self.tr("window.briefing.heading", nick=game.nickname(role, lang)),
                   "@heading")
        self.text_in(col, None, [self.p(self.tr("window.briefing.you_play", who=game.who(role, lang)), "bold", 22,
                                       colour=self.pal.roles[game.roles.index(role) % len(self.pal.roles)])])
        buttons_y = self.height - m - self.s(52)
        view = self.scroll_view(pygame.Rect(col.x, col.y, col.width, buttons_y - col.y - m))
        paras = [self.p(r.brief.get(lang), size=21, after=16),
                 self.p(self.tr("window.casefile", name=sc.client.name.get(lang)), "bold", 20)]
        paras += [self.p(f"•  {fact.get(lang)}", size=19) for fact in sc.client.facts]
        view.append_paras(paras, pad=self.s(14))
        view.scroll_to_top()
        rest = queue[1:]
        action = (lambda: self.app.show("handover", queue=rest)) if len(game.human_roles) > 1 else (
            lambda: begin_play(self.app))
        self.initial_focus = self.button(pygame.Rect(col.x + col.width - self.s(300), buttons_y, self.s(300),
                                                     self.s(52)), self.tr("window.briefing.done"), action, "@primary")

    def on_escape(self) -> None:
        self.app.open_overlay("pause")
