"""Setup: pair or solo, who plays which role (nicknames), the computer partner, a workshop label."""

from __future__ import annotations

import pygame
from casustafel.engine.debrief import client_name
from casustafel.engine.partner import SOLO_PARTNERS
from casustafel.game.play.controller import SURPRISE
from casustafel.game.window.flow import advance
from casustafel.game.window.game import PAIR, SOLO
from casustafel.game.window.screen import Screen
from casustafel.game.window.screens import register
from pygame_gui.elements import UITextEntryLine


@register("setup")
class Setup(Screen):
    back = "picker"

    def build(self) -> None:
        game, lang = self.app.game, self.lang
        sc = game.scenario
        col = self.column(self.s(760), top=self.margin)
        self.heading(col, self.s(44), self.tr("window.setup.heading", title=sc.title.get(lang)))
        tall = self.s(50)
        mode_text = self.tr("window.setup.mode_pair" if game.mode == PAIR else "window.setup.mode_solo")
        self.initial_focus = self.button_in(col, tall, self.tr("window.setup.mode", mode=mode_text), self._mode)
        self.entries: dict[str, UITextEntryLine] = {}
        if game.mode == SOLO:
            role = game.solo_role
            self.button_in(col, tall, self.tr("window.setup.your_role", who=game.who(role, lang)), self._role)
            self._nickname(col, role, self.tr("window.setup.your_nickname"))
            policy = self.tr(f"window.policy.{game.policy}")
            self.button_in(col, tall, self.tr("window.setup.partner", policy=policy), self._policy)
            coach = self.tr("window.on" if game.coach else "window.off")
            self.button_in(col, tall, self.tr("window.setup.coach", state=coach), self._coach)
        else:
            for role in game.roles:
                self._nickname(col, role, self.tr("window.setup.nickname_for", who=game.who(role, lang)))
        if sc.personas:
            self.button_in(col, tall, self._persona_label(), self._persona)
        self.text_in(col, 4, [self.p(self.tr("window.setup.workshop"), size=18, after=0)])
        self.workshop = self.entry(col.take(self.s(44)), game.workshop, self.tr("window.setup.workshop_hint"))
        row_y = self.footer_y(col)
        self.button(pygame.Rect(col.x + col.width - self.s(240), row_y, self.s(240), self.s(52)),
                    self.tr("window.next"), self._next, "@primary")
        self.button(pygame.Rect(col.x, row_y, self.s(160), self.s(52)), self.tr("window.back"), self._back)

    def _nickname(self, col, role: str, label: str) -> None:
        self.text_in(col, 4, [self.p(label, size=18, after=0)])
        self.entries[role] = self.entry(col.take(self.s(44)), self.app.game.nicknames.get(role, ""),
                                        self.tr("window.setup.nickname_hint"))

    def keep_fields(self) -> None:
        """Copy what was typed into the game state (before a rebuild or leaving)."""
        game = self.app.game
        for role, entry in self.entries.items():
            if entry.alive():
                game.nicknames[role] = entry.get_text().strip()[:40]
        if self.workshop.alive():
            game.workshop = self.workshop.get_text().strip()[:60]

    def _refresh(self) -> None:
        self.keep_fields()
        self.app.rebuild()

    def _mode(self) -> None:
        game = self.app.game
        game.mode = SOLO if game.mode == PAIR else PAIR
        self._refresh()

    def _role(self) -> None:
        game = self.app.game
        roles = list(game.scenario.choosing_roles()) or game.roles
        game.solo_role = roles[(roles.index(game.solo_role) + 1) % len(roles)] if game.solo_role in roles else roles[0]
        self._refresh()

    def _policy(self) -> None:
        game = self.app.game
        shown = SOLO_PARTNERS
        game.policy = shown[(shown.index(game.policy) + 1) % len(shown)] if game.policy in shown else shown[0]
        self._refresh()

    def _persona_label(self) -> str:
        """The persona button: who the client is this time (or a surprise), with a short description."""
        game, lang = self.app.game, self.lang
        sc = game.scenario
        name = client_name(sc, lang)
        if game.persona == SURPRISE[0]:
            shown = "verras me (pas na het einde genoemd)" if lang != "en" else "surprise me (said after the end)"
        else:
            persona = sc.personas[sc.persona_or_default(game.persona)]
            shown = f"{persona.name.get(lang)}: {persona.description.get(lang)}"
        return (f"Cliënt {name}: {shown}" if lang != "en" else f"Client {name}: {shown}")

    def _persona(self) -> None:
        """Cycle the personas of the scenario, then "verras me"."""
        game = self.app.game
        choices = [*game.scenario.personas, SURPRISE[0]]
        current = game.persona if game.persona in choices else game.scenario.default_persona
        game.persona = choices[(choices.index(current) + 1) % len(choices)]
        self._refresh()

    def _coach(self) -> None:
        self.app.game.coach = not self.app.game.coach
        self._refresh()

    def _next(self) -> None:
        self.keep_fields()
        self.app.game.prepare()
        advance(self.app)

    def _back(self) -> None:
        self.keep_fields()
        self.app.show("picker")

    def on_escape(self) -> None:
        self._back()

