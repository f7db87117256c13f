"""The scenario picker: every file in the library, with what it is about; broken files say why."""

from __future__ import annotations

import pygame
from casustafel.engine.library import load_library
from casustafel.engine.loader import LoadResult
from casustafel.game.window.game import role_label
from casustafel.game.window.screen import Column, Screen
from casustafel.game.window.screens import register


@register("picker")
class Picker(Screen):
    back = "title"

    def build(self) -> None:
        if "results" not in self.params:
            root = self.app.library_root
            self.params["results"] = load_library(root) if root else load_library()
        results: list[LoadResult] = self.params["results"]
        good = [r for r in results if r.scenario is not None]
        current = self.app.game.scenario
        if "selected" not in self.params:
            ids = [r.scenario.id for r in good]
            self.params["selected"] = ids.index(current.id) if current and current.id in ids else 0
        selected = self.params["selected"]
        m, w = self.margin, self.width
        head = Column(m, m, w - 2 * m, 0)
        self.heading(head, self.s(44), self.tr("window.picker.heading"))
        top = head.y + self.s(12)
        if self.app.status:
            note = self.text(pygame.Rect(m, top, w - 2 * m, 0), [self.p(self.app.status, size=17)],
                             bg=self.pal.warning_bg, pad=self.s(8))
            top = note.rect.bottom + self.s(10)
        left = Column(m, top, max(260, int(w * 0.34)), self.s(8))
        first = None
        for i, result in enumerate(good):
            sc = result.scenario
            button = self.button_in(left, self.s(52), sc.title.get(self.lang), self._select(i),
                                    "@selected" if i == selected else "@listitem")
            if i == selected:
                first = button
        for result in results:
            if result.scenario is None:
                problem = result.diagnostics[0].format() if result.diagnostics else "?"
                self.text_in(left, None, [self.p(self.tr("window.picker.broken", problem=problem), size=16,
                                                colour=self.pal.muted)], bg=self.pal.warning_bg, pad=self.s(8))
        buttons_y = self.footer_y(left)
        detail_x = left.x + left.width + m
        detail = pygame.Rect(detail_x, top, w - detail_x - m, buttons_y - top - m)
        if good:
            view = self.scroll_view(detail)
            view.append_paras(self._details(good[selected]), pad=self.s(12))
            view.scroll_to_top()
        self.initial_focus = first
        self.button(pygame.Rect(w - m - self.s(280), buttons_y, self.s(280), self.s(52)),
                    self.tr("window.picker.choose"), self._choose, "@primary", enabled=bool(good))
        self.button(pygame.Rect(m, buttons_y, self.s(160), self.s(52)), self.tr("window.back"),
                    lambda: self.app.show("title"))

    def _details(self, result: LoadResult):
        sc, lang, muted = result.scenario, self.lang, self.pal.muted
        paras = [self.p(sc.title.get(lang), "bold", 26),
                 self.p(self.tr("window.picker.duration", minutes=sc.duration), colour=muted, size=17),
                 self.p(sc.summary.get(lang), after=12),
                 self.p(self.tr("window.picker.goals"), "bold", 20)]
        paras += [self.p(f"•  {goal.get(lang)}", size=18) for goal in sc.learning_goals]
        paras.append(self.p(self.tr("window.picker.roles"), "bold", 20))
        for role_id, role in sc.roles.items():
            paras.append(self.p(f"•  {role.name.get(lang)}, {role_label(role_id, lang)} "
                                f"({role.organisation.get(lang)})", size=18))
        return paras

    def _select(self, index: int):
        def select() -> None:
            self.params["selected"] = index
            self.app.rebuild()
        return select

    def _choose(self) -> None:
        good = [r for r in self.params["results"] if r.scenario is not None]
        self.app.game.choose_scenario(good[self.params["selected"]])
        self.app.show("setup")
