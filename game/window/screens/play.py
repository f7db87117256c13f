"""The play screen: case file, transcript, whose turn it is, and the options as large numbered buttons.

The transcript is a `ScrollView`: each log item is rendered once when it arrives; a turn only adds its new
entries. The per-turn widgets (turn banner, options, feedback, notices) are rebuilt when the turn changes;
everything else stays.
"""

from __future__ import annotations

import pygame
from casustafel.game.play.controller import coach_hints
from casustafel.game.window.flow import screen_for
from casustafel.game.window.game import SOLO, LogItem, role_label
from casustafel.game.window.screen import Screen
from casustafel.game.window.screens import register
from casustafel.game.window.text import Para, render, text_height

NUMBER_KEYS = {getattr(pygame, f"K_{i}"): i for i in range(1, 10)} | {
    getattr(pygame, f"K_KP{i}"): i for i in range(1, 10)}


@register("play")
class Play(Screen):
    pausable = True

    def build(self) -> None:
        game, lang, pal = self.app.game, self.lang, self.pal
        sc = game.scenario
        m, w, h = self.margin, self.width, self.height
        side_w = max(240, int(w * 0.26))
        # -- the case file and the side controls --------------------------------------------------------
        banners = [self._banner(role) for role in game.roles]
        banner_h = max(text_height([Para(b, "bold", self.s(24), pal.text)], w - 2 * m, pad=self.s(10))
                       for b in banners) if banners else self.s(50)
        self.banner_rect = pygame.Rect(m, m, w - 2 * m, max(self.s(50), banner_h))
        top = self.banner_rect.bottom + self.s(12)
        side = pygame.Rect(m, top, side_w, h - top - m)
        paras = [self.p(self.tr("window.casefile", name=sc.client.name.get(lang)), "bold", 20, after=8)]
        paras += [self.p(f"•  {fact.get(lang)}", size=17, after=5) for fact in sc.client.facts]
        paras.append(self.p(" ", size=8))
        paras.append(self.p(self.tr("window.play.players"), "bold", 18, after=4))
        for i, role in enumerate(game.roles):
            colour = pal.roles[i % len(pal.roles)]
            nick = game.nicknames.get(role, "").strip() if game.human(role) else self.tr("window.computer")
            name = f"{sc.roles[role].name.get(lang)} ({role_label(role, lang)})"
            paras.append(self.p(f"{nick}: {name}" if nick else name, size=17, colour=colour, after=4))
        button_w = side.width - self.s(20)
        labels = ([(self.tr("window.play.undo"), self._undo)] if game.mode == SOLO else []) + \
            [(self.tr("window.play.menu"), lambda: self.app.open_overlay("pause"))]
        heights = [max(self.s(46), self.button_lines(text, button_w)[1] + self.s(16)) for text, _ in labels]
        buttons_h = sum(heights) + self.s(8) * len(heights)
        if side.height - buttons_h - self.s(16) < self.s(120):  # very large text: the page scrolls instead
            side.height = buttons_h + self.s(136)
        self.panel(side)
        text_h = side.height - buttons_h - self.s(16)
        case_rect = pygame.Rect(side.x + self.s(12), side.y + self.s(10), side.width - self.s(24), text_h)
        if text_height(paras, case_rect.width) <= text_h:
            self.text(case_rect, paras)
        else:  # large text: the case file scrolls (wheel, or arrows when it has the focus) instead of being cut
            self.scroll_view(case_rect).append_paras(paras)
        y = side.bottom - self.s(10) - buttons_h + self.s(8)
        self.side_buttons = []
        for (text, action), height in zip(labels, heights, strict=True):
            button = self.button(pygame.Rect(side.x + self.s(10), y, button_w, height), text, action)
            if action == self._undo:
                self.undo_button = button
                if not game.can_undo():
                    button.disable()
            y += height + self.s(8)
        # -- the transcript and the turn area ---------------------------------------------------------
        self.main = pygame.Rect(side.right + m, top, w - side.right - 2 * m, h - top - m)
        self.static_focus = list(self.focusables)
        self.dynamic: list = []
        self.view = None
        self.turn_key = None
        self.refresh()

    def _banner(self, role: str) -> str:
        """Whose turn it is, as the banner says it."""
        game, lang = self.app.game, self.lang
        key = "window.play.partner_turn" if not game.human(role) else "window.play.turn"
        return self.tr(key, player=game.player(role, lang), who=game.who(role, lang))

    # -- per turn ------------------------------------------------------------------------------------
    def turn_state(self) -> tuple:
        game = self.app.game
        s = game.session
        return (game.log_version, game.cut_serial, len(game.log), s.node.id if s else None, game.partner_thinking,
                len(game.notices), game.can_undo())

    def refresh(self) -> None:
        """Rebuild the per-turn widgets and bring the transcript up to date."""
        game, pal, lang = self.app.game, self.pal, self.lang
        self.turn_key = self.turn_state()
        for element in self.dynamic:
            element.kill()
            if element in self.elements:
                self.elements.remove(element)
            if element in self.focusables:
                self.focusables.remove(element)
            self.actions.pop(element, None)
        self.dynamic = []
        self.page_reset()
        before = len(self.elements)
        focus_before = len(self.focusables)
        session = game.session
        role = game.awaiting
        # banner
        if role is not None:
            colour = pal.roles[game.roles.index(role) % len(pal.roles)]
            banner = self._banner(role)
        else:
            colour, banner = pal.accent, ""
        text_colour = (0, 0, 0) if self.app.settings.high_contrast else (255, 255, 255)
        self.text(self.banner_rect, [Para(banner, "bold", self.s(24), text_colour)], bg=colour, pad=self.s(10))
        # options (bottom up), feedback, notices
        main = self.main
        bottom = main.bottom
        options = session.offered() if session and role and game.human(role) and not session.ended else []
        if session is not None and session.node.kind == "choice" and options:
            gap = self.s(8)
            items = [(o.text.get(lang), self._chooser(o.id)) for o in options]
            prompt = session.node.prompt.get(lang) if session.node.prompt else ""
            prompt_paras = [self.p(prompt, "bold", 20, colour=colour, after=0)]
            prompt_h = text_height(prompt_paras, main.width) if prompt else 0  # the whole question, wrapped
            needed = self.option_list_height(main.width, [text for text, _ in items]) + prompt_h + gap
            lowest_top = main.y + self.s(140)  # room above for the notices and a few lines of the conversation
            if bottom - needed < lowest_top:  # large text: the page grows below the window and scrolls
                bottom = lowest_top + needed
            top = self.option_list(main.x, bottom, main.width, items, colour)
            if prompt:
                self.text(pygame.Rect(main.x, top - prompt_h - gap, main.width, prompt_h), prompt_paras)
            bottom = top - prompt_h - gap
            hints = coach_hints(game.scenario, tuple(options), lang, game.session.persona) \
                if game.mode == SOLO and game.coach else []
            if hints:
                hint_paras = [self.p(self.tr("window.play.coach_hint", names=", ".join(hints)), "italic", 17,
                                     colour=pal.muted, after=0)]
                hint_h = text_height(hint_paras, main.width)
                self.text(pygame.Rect(main.x, bottom - hint_h, main.width, hint_h), hint_paras)
                bottom -= hint_h + gap
        elif game.partner_thinking:
            thinking = [self.p(self.tr("window.play.thinking", nick=game.scenario.speaker_name(role, lang)),
                               "italic", 20, colour=pal.muted, after=0)]
            h = text_height(thinking, main.width, pad=self.s(8))
            self.text(pygame.Rect(main.x, bottom - h, main.width, h), thinking, pad=self.s(8))
            bottom -= h + self.s(8)
        if game.notices:
            close = self.button(pygame.Rect(main.right - self.s(200), main.y, self.s(200), self.s(40)),
                                self.tr("window.play.dismiss"), self._dismiss)
            note = self.text(pygame.Rect(main.x, main.y, main.width - self.s(210), 0),
                             [self.p(n, size=17, after=4) for n in game.notices[:8]], bg=pal.warning_bg,
                             pad=self.s(8))
            view_top = main.y + max(note.rect.height, close.rect.height) + self.s(8)
        else:
            view_top = main.y
        self.dynamic = self.elements[before:]
        dynamic_focus = self.focusables[focus_before:]
        # transcript
        view_rect = pygame.Rect(main.x, view_top, main.width, max(self.s(80), bottom - view_top - self.s(8)))
        if self.view is None:
            self.view = self.scroll_view(view_rect)
            self.shown_version, self.shown_cut, self.shown = None, game.cut_serial, 0
        elif self.view.rect != view_rect:
            self.view.set_viewport(view_rect)
        self.sync_transcript()
        if hasattr(self, "undo_button"):
            self.undo_button.enable() if game.can_undo() else self.undo_button.disable()
        options_focus = [e for e in dynamic_focus if getattr(e, "option_text", None)]
        others = [e for e in dynamic_focus if e not in options_focus]
        self.focusables[:] = options_focus + others + [self.view] + self.static_focus
        self.initial_focus = options_focus[0] if options_focus else (others[0] if others else self.static_focus[-1])
        if self.app.active is self:
            self.app.focus.set_items(self.focusables, self.initial_focus)

    def sync_transcript(self) -> None:
        game = self.app.game
        if self.shown_version != game.log_version:
            self.view.truncate(0)
            self.shown_version, self.shown = game.log_version, 0
        if self.shown_cut != game.cut_serial:
            self.shown = min(self.shown, game.log_cut)
            self.view.truncate(self.shown)
            self.shown_cut = game.cut_serial
        for item in game.log[self.shown:]:
            self.view.append(self.render_item(item), item.get(self.lang))
        self.shown = len(game.log)

    def render_item(self, item: LogItem) -> pygame.Surface:
        """One transcript entry: who speaks (name, role, colour bar) and what they say."""
        game, pal, lang = self.app.game, self.pal, self.lang
        sc = game.scenario
        width = self.view.inner_width
        bar = self.s(6)
        text = item.get(lang)
        colour, bg = pal.character, None
        if item.kind in ("line", "choice") and item.who in sc.roles:
            colour = pal.roles[game.roles.index(item.who) % len(pal.roles)]
            head = f"{sc.speaker_name(item.who, lang)} · {role_label(item.who, lang)}"
            nick = game.nicknames.get(item.who, "").strip() if game.human(item.who) else ""
            if item.kind == "choice" and nick:
                head += f"  ({nick})"
            paras = [Para(head, "bold", self.s(18), colour, 2), Para(text, "regular", self.s(20), pal.text)]
        elif item.kind == "line":
            paras = [Para(sc.speaker_name(item.who or "", lang), "bold", self.s(18), colour, 2),
                     Para(text, "italic", self.s(20), pal.text)]
        elif item.kind == "feedback":
            colour, bg = pal.accent, pal.feedback_bg
            paras = [Para(self.tr("window.play.feedback", text=text), "italic", self.s(18), pal.text)]
        elif item.kind == "question":
            colour = pal.accent
            paras = [Para(self.tr("window.reflect.heading"), "bold", self.s(18), colour, 2),
                     Para(text, "bold", self.s(20), pal.text)]
        elif item.kind == "answer":
            colour = pal.roles[game.roles.index(item.who) % len(pal.roles)] if item.who in sc.roles else colour
            paras = [Para(self.tr("window.reflect.answer_by", nick=game.nickname(item.who, lang)), "bold",
                          self.s(18), colour, 2), Para(text, "italic", self.s(19), pal.text)]
        elif item.kind == "ending":
            colour = pal.accent
            paras = [Para(self.tr("window.ending.heading", title=text), "bold", self.s(22), colour)]
        else:
            paras = [Para(text, "regular", self.s(18), pal.text)]
        body = render(paras, width - bar - self.s(10), bg)
        surface = pygame.Surface((width, body.get_height() + self.s(6)), pygame.SRCALPHA)
        surface.fill(bg or pal.panel)
        pygame.draw.rect(surface, colour, (0, 0, bar, surface.get_height()))
        surface.blit(body, (bar + self.s(10), self.s(3)))
        return surface

    def update(self, dt: float) -> None:
        game = self.app.game
        if game.session is None:
            return
        self.page_update()
        moved = game.tick(dt, self.app.partner_delay)
        if moved or self.turn_state() != self.turn_key:
            after = screen_for(self.app)
            if after != "play":
                self.app.show(after)
                return
            self.refresh()

    # -- actions ---------------------------------------------------------------------------------------
    def _chooser(self, option_id: str):
        def choose() -> None:
            game = self.app.game
            if game.session is None or option_id not in {o.id for o in game.session.offered()}:
                return
            game.choose(option_id)
            after = screen_for(self.app)
            if after != "play":
                self.app.show(after)
            else:
                self.refresh()
        return choose

    def _undo(self) -> None:
        if self.app.game.undo():
            self.refresh()

    def _dismiss(self) -> None:
        self.app.game.notices = []
        self.refresh()

    def on_key(self, event: pygame.event.Event) -> bool:
        game = self.app.game
        if event.key in NUMBER_KEYS:
            role = game.awaiting
            options = game.session.offered() if game.session and role and game.human(role) else []
            index = NUMBER_KEYS[event.key] - 1
            if index < len(options):
                self.app.defer(self._chooser(options[index].id))
            return True
        if event.key == pygame.K_F5:
            self.app.defer(self.reload)
            return True
        if event.key == pygame.K_z and event.mod & pygame.KMOD_CTRL:
            self.app.defer(self._undo)
            return True
        if event.key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN) and self.view is not None:
            self.view.scroll((1 if event.key == pygame.K_PAGEDOWN else -1) * (self.view.rect.height - 40))
            return True
        return False

    def reload(self) -> None:
        """F5: reload the scenario from disk, replay the choices, show what no longer fits and lint findings."""
        game = self.app.game
        loaded, messages = game.reload()
        if not loaded:
            game.notices = [self.tr("window.reload.failed")] + messages
        else:
            game.notices = [self.tr("window.reload.done", count=len(game.session.history))] + messages
        after = screen_for(self.app)
        if after != "play":
            self.app.show(after)
        else:
            self.app.rebuild()
