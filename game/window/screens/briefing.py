"""Hand-overs (the named player confirms before anything private shows), private briefings, and the moment
both look again ("Samen aan tafel"). Each screen answers the play controller's request and moves on."""

from __future__ import annotations

import pygame
from casustafel.game.window.flow import answer
from casustafel.game.window.screen import Screen
from casustafel.game.window.screens import register


@register("handover")
class Handover(Screen):
    """"Geef de laptop aan …": the next player takes over, the other looks away, for a briefing, a turn or a
    reflection answer."""

    pausable = False
    back = None

    def build(self) -> None:
        game = self.app.game
        request = game.request
        role, nick = request.role, request.nick or game.nickname(request.role, self.lang)
        col = self.column(self.s(760), top=self.height // 4)
        self.heading(col, self.s(64), self.tr("window.handover.give", nick=nick), "@title")
        self.text_in(col, self.s(30), [self.p(self.tr(f"window.handover.private_{request.purpose}",
                                                      who=game.who(role, self.lang)), size=22)])
        self.initial_focus = self.button_in(col, self.s(60),
                                         self.tr(f"window.handover.ready_{request.purpose}", nick=nick),
                                         lambda: answer(self.app), "@primary")

    def on_escape(self) -> None:
        self.app.open_overlay("pause")


@register("together")
class Together(Screen):
    """Both look again: the laptop goes where both see it, and the conversation begins."""

    pausable = False
    back = None

    def build(self) -> None:
        col = self.column(self.s(760), top=self.height // 4)
        self.heading(col, self.s(64), self.tr("window.handover.together"), "@title")
        key = "window.handover.together_text" if len(self.app.game.human_roles) > 1 else "window.handover.solo_text"
        self.text_in(col, self.s(30), [self.p(self.tr(key), size=22)])
        self.initial_focus = self.button_in(col, self.s(60), self.tr("window.handover.start"),
                                         lambda: answer(self.app), "@primary")

    def on_escape(self) -> None:
        self.app.open_overlay("pause")


@register("briefing")
class Briefing(Screen):
    back = None

    def build(self) -> None:
        game, lang = self.app.game, self.lang
        role = game.request.role
        sc = game.scenario
        r = sc.roles[role]
        m = self.margin
        col = self.column(self.s(900), top=m)
        self.heading(col, self.s(44), self.tr("window.briefing.heading", nick=game.nickname(role, lang)),
                   "@heading")
        self.text_in(col, None, [self.p(self.tr("window.briefing.you_play", who=game.who(role, lang)), "bold", 22,
                                       colour=self.pal.roles[game.roles.index(role) % len(self.pal.roles)])])
        buttons_y = self.footer_y(col)
        view = self.scroll_view(pygame.Rect(col.x, col.y, col.width, buttons_y - col.y - m))
        paras = [self.p(r.brief.get(lang), size=21, after=16),
                 self.p(self.tr("window.casefile", name=sc.client.name.get(lang)), "bold", 20)]
        paras += [self.p(f"•  {fact.get(lang)}", size=19) for fact in sc.client.facts]
        view.append_paras(paras, pad=self.s(14))
        view.scroll_to_top()
        self.initial_focus = self.button(pygame.Rect(col.x + col.width - self.s(300), buttons_y, self.s(300),
                                                     self.s(52)), self.tr("window.briefing.done"),
                                         lambda: answer(self.app), "@primary")

    def on_escape(self) -> None:
        self.app.open_overlay("pause")


@register("lessons")
class Lessons(Screen):
    """Lessons learned in earlier sessions (of this workshop), before a new one starts."""

    back = None

    def build(self) -> None:
        col = self.column(self.s(900), top=self.margin)
        self.heading(col, self.s(44), self.tr("window.lessons.heading"), "@heading")
        paras = [self.p(self.tr("window.lessons.intro"), size=19, after=12)]
        paras += [self.p(f"•  {lesson}", size=21, after=8) for lesson in self.app.game.request.lessons]
        self.text_in(col, None, paras, bg=self.pal.panel, pad=self.s(16))
        self.initial_focus = self.button(pygame.Rect(col.x + col.width - self.s(300), self.footer_y(col), self.s(300),
                                                     self.s(52)),
                                         self.tr("window.next"), lambda: answer(self.app), "@primary")

    def on_escape(self) -> None:
        self.app.open_overlay("pause")
