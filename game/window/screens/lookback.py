"""Look back in the window (DESIGN.md §7): marking alone with a hand-over, then together, then the debrief.

- "lookback": each human player in turn (a hand-over card in pair play) steps through the turns and marks
  them ging goed (1), ging mis (2) or twijfel (3), with an optional note; ←/→ move between turns. Each mark
  is recorded at once. The other's marks, the other's reflection answers and the engine's annotations are
  not on this screen at all.
- "lookback_together": both players' marks side by side, disagreements first, every turn with what the
  engine saw, and the reflection answers next to each other.
- "debrief" (in `debrief_screen.py`): scores with reasons, alignment, heuristics, questions, lessons,
  the report and withdrawal.

Marks, the debrief, lessons and withdrawal belong to the controller's look-back (`game/play/review.py`):
the recorder when the game is recorded, memory otherwise.
"""

from __future__ import annotations

import pygame
from casustafel.engine.debrief import GOED, MIS, TWIJFEL, Debrief
from casustafel.game.report.debrief_data import (
    agreement_label,
    mark_label,
    number,
    reason_label,
    side_label,
    transcript,
)
from casustafel.game.window.screen import Screen
from casustafel.game.window.screens import register
from pygame_gui.core import UIElement

MARK_KEYS = {pygame.K_1: GOED, pygame.K_KP1: GOED, pygame.K_2: MIS, pygame.K_KP2: MIS, pygame.K_3: TWIJFEL,
             pygame.K_KP3: TWIJFEL}


def current_marks(app, params: dict) -> dict[str, dict[int, tuple[str, str]]]:
    """The marks made so far (the controller's look-back keeps them, recorded or not)."""
    return app.game.review.marks()


def game_debrief(app, marks=None) -> Debrief:
    return app.game.review.debrief(app.settings.language)


@register("lookback")
class LookBack(Screen):
    """One player marks the turns, alone."""

    back = "ending"

    def build(self) -> None:
        game, lang = self.app.game, self.lang
        self.humans = game.human_roles
        self.params.setdefault("who", 0)
        self.params.setdefault("pos", 0)
        self.params.setdefault("stage", "handover" if len(self.humans) > 1 else "mark")
        self.items = transcript(game.scenario, game.session, lang)
        self.turns = [i for i, it in enumerate(self.items) if it.kind == "turn"]
        self.role = self.humans[self.params["who"]]
        self.nick = game.nickname(self.role, lang)
        if self.params["stage"] == "handover":
            self.build_handover()
        elif not self.turns:
            self._done()
        else:
            self.build_mark()

    def build_handover(self) -> None:
        col = self.column(self.s(900), top=self.margin * 3)
        self.heading(col, self.s(48), self.tr("lookback.window.handover", nick=self.nick), "@heading")
        self.text_in(col, self.s(24), [self.p(self.tr("lookback.window.handover_text"), size=21)],
                     bg=self.pal.panel, pad=self.s(16))
        self.initial_focus = self.button_in(col, self.s(56), self.tr("lookback.window.begin", nick=self.nick),
                                         self._begin, "@primary")

    def build_mark(self) -> None:
        lang = self.lang
        pos = min(self.params["pos"], len(self.turns) - 1)
        index = self.turns[pos]
        item = self.items[index]
        previous = self.turns[pos - 1] + 1 if pos > 0 else 0
        own = current_marks(self.app, self.params).get(self.role, {})
        col = self.column(self.s(1000), top=self.margin)
        self.heading(col, self.s(44), self.tr("lookback.window.heading", nick=self.nick, turn=item.turn, n=pos + 1,
                                                 total=len(self.turns)), "@heading")
        self.text_in(col, self.s(8), [self.p(self.tr("lookback.window.keys"), size=16, colour=self.pal.muted)])
        context = []
        for it in self.items[previous:index]:
            if it.kind == "line":
                context.append(self.p(f"{it.speaker}: {it.text}", size=18, colour=self.pal.muted))
            elif it.kind == "reflect":
                context.append(self.p(self.tr("lookback.pause", question=it.text).strip(), size=18,
                                      colour=self.pal.muted))
                if self.role in it.answers:
                    context.append(self.p(self.tr("lookback.your_answer", answer=it.answers[self.role]).strip(),
                                          size=18))
        if context:
            self.text_in(col, self.s(10), context[-6:])
        self.text_in(col, self.s(12), [self.p(f"{item.speaker}: “{item.text}”", "bold", 22)], bg=self.pal.panel,
                     pad=self.s(14))
        mark = own.get(item.turn)
        status = self.tr("lookback.window.your_mark", mark=mark_label(mark[0], lang)) if mark else \
            self.tr("lookback.window.no_mark")
        self.text_in(col, self.s(10), [self.p(status, size=18)])
        row = col.take(self.s(54))
        width = (row.width - 2 * self.s(12)) // 3
        buttons = []
        for i, value in enumerate((GOED, MIS, TWIJFEL)):
            rect = pygame.Rect(row.x + i * (width + self.s(12)), row.y, width, row.height)
            buttons.append(self.button(rect, f"{i + 1}. {mark_label(value, lang).capitalize()}",
                                       lambda v=value: self._mark(v)))
        drafts = self.params.setdefault("drafts", {})
        draft = drafts.get((self.role, item.turn))
        self.note = self.entry(col.take(self.s(46)), draft if draft is not None else (mark[1] if mark else ""),
                               self.tr("lookback.window.note"))
        self._keep(TypeToNote(self))
        nav = col.take(self.s(52))
        third = (nav.width - 2 * self.s(12)) // 3
        self.button(pygame.Rect(nav.x, nav.y, third, nav.height), self.tr("lookback.window.previous"),
                    lambda: self._move(-1), enabled=pos > 0)
        self.button(pygame.Rect(nav.x + third + self.s(12), nav.y, third, nav.height),
                    self.tr("lookback.window.next"), lambda: self._move(1), enabled=pos < len(self.turns) - 1)
        self.button(pygame.Rect(nav.x + 2 * (third + self.s(12)), nav.y, third, nav.height),
                    self.tr("lookback.window.done"), self._done, "@primary")
        self.initial_focus = buttons[0]

    # -- actions -------------------------------------------------------------------------------------
    def _keep_draft(self) -> None:
        """Remember what is in the note field for this turn, so moving on (or a rebuild) never loses it."""
        if getattr(self, "note", None) is not None and self.note.alive() and self.turns:
            turn = self.items[self.turns[min(self.params["pos"], len(self.turns) - 1)]].turn
            self.params.setdefault("drafts", {})[(self.role, turn)] = self.note.get_text()

    def type_into_note(self, text: str) -> None:
        """Typing while a button has the focus goes to the note (the digits 1-3 still mark, Space presses)."""
        self.app.focus.focus(self.note)
        self.note.set_text(self.note.get_text() + text)
        self.note.edit_position = len(self.note.get_text())

    def _begin(self) -> None:
        self.params["stage"] = "mark"
        self.app.show("lookback", **self.params)

    def _mark(self, value: str) -> None:
        game = self.app.game
        turn = self.items[self.turns[min(self.params["pos"], len(self.turns) - 1)]].turn or 0
        note = self.note.get_text().strip() if self.note.alive() else ""
        self._keep_draft()
        game.review.set_mark(self.role, turn, value, note)
        if self.params["pos"] < len(self.turns) - 1:
            self.params["pos"] += 1
        self.app.show("lookback", **self.params)

    def _move(self, step: int) -> None:
        self._keep_draft()
        self.params["pos"] = max(0, min(len(self.turns) - 1, self.params["pos"] + step))
        self.app.show("lookback", **self.params)

    def _done(self) -> None:
        self._keep_draft()
        note = self.note.get_text().strip() if getattr(self, "note", None) is not None and self.note.alive() else ""
        turn = self.items[self.turns[min(self.params["pos"], len(self.turns) - 1)]].turn if self.turns else None
        mark = current_marks(self.app, self.params).get(self.role, {}).get(turn) if turn is not None else None
        if mark and note and note != mark[1]:  # a note added to a turn already marked is kept with that mark
            self.app.game.review.set_mark(self.role, turn, mark[0], note)
        if self.params["who"] + 1 < len(self.humans):
            self.app.show("lookback", who=self.params["who"] + 1, pos=0, stage="handover")
        else:
            self.app.show("lookback_together")

    def on_key(self, event: pygame.event.Event) -> bool:
        if self.params.get("stage") != "mark" or not self.turns:
            return False
        if event.key in MARK_KEYS:
            self._mark(MARK_KEYS[event.key])
            return True
        if event.key in (pygame.K_LEFT, pygame.K_RIGHT):
            self._move(-1 if event.key == pygame.K_LEFT else 1)
            return True
        return False


class TypeToNote(UIElement):
    """Invisible: catches text typed while the note field does not have the keyboard and puts it in the note."""

    def __init__(self, screen: LookBack) -> None:
        super().__init__(pygame.Rect(0, 0, 1, 1), screen.app.manager, container=None, starting_height=0,
                         layer_thickness=1)
        self._create_valid_ids(container=None, parent_element=None, object_id=None, element_id="type_to_note")
        self._set_image(pygame.Surface((1, 1), pygame.SRCALPHA))
        self.screen = screen

    def hover_point(self, hover_x: float, hover_y: float) -> bool:
        return False

    def process_event(self, event: pygame.event.Event) -> bool:
        note = self.screen.note
        if event.type != pygame.TEXTINPUT or not note.alive() or note.is_focused:
            return False
        if event.text in ("1", "2", "3", " "):  # marking keys and Space (pressing the focused button)
            return False
        self.screen.type_into_note(event.text)
        return True


@register("lookback_together")
class Together(Screen):
    """Both players' marks side by side, disagreements first, then the engine's annotations."""

    back = None

    def build(self) -> None:
        game, lang, pal = self.app.game, self.lang, self.pal
        marks = current_marks(self.app, self.params)
        d = game_debrief(self.app, marks)
        col = self.column(self.s(1100), top=self.margin)
        self.heading(col, self.s(44), self.tr("lookback.window.together"), "@heading")
        buttons_y = self.footer_y(col)
        view = self.scroll_view(pygame.Rect(col.x, col.y, col.width, buttons_y - col.y - self.margin))
        if not d.comparison:
            view.append_paras([self.p(self.tr("lookback.no_marks"), size=19)], pad=self.s(8))
        for row in d.comparison:
            note = d.turn(row.turn)
            paras = [self.p(self.tr("lookback.compare_head", turn=row.turn, speaker=note.speaker if note else "",
                                    agreement=agreement_label(row.agreement, lang)), "bold", 20)]
            if note:
                paras.append(self.p(f"“{note.text}”", size=18))
            for i, (role, mark) in enumerate(row.marks.items()):
                text = mark_label(mark[0], lang) + (f": {mark[1]}" if mark[1] else "") if mark else \
                    mark_label(None, lang)
                colour = pal.roles[game.roles.index(role) % len(pal.roles)] if role in game.roles else None
                paras.append(self.p(f"{game.nickname(role, lang)}: {text}", "bold", 18, colour=colour))
                del i
            if note:
                paras.append(self.p(self.tr("lookback.engine_saw", what=_engine(note, lang)), size=17,
                                    colour=pal.muted))
            view.append_paras(paras, pad=self.s(10))
        view.append_paras([self.p(self.tr("lookback.annotations_title"), "bold", 21)], pad=self.s(10))
        for note in d.turns:
            paras = [self.p(self.tr("lookback.turn_line", turn=note.turn, speaker=note.speaker, text=note.text),
                            "bold", 18),
                     self.p(self.tr("lookback.engine_saw", what=_engine(note, lang)), size=17)]
            if note.frames:
                paras.append(self.p(self.tr("lookback.frames", frames=", ".join(n for _f, n, _w in note.frames),
                                            side=side_label(note.frame_side, lang)), size=17))
            if note.feedback:
                paras.append(self.p(self.tr("lookback.feedback", feedback=note.feedback), size=17))
            view.append_paras(paras, pad=self.s(8))
        if d.answers:
            paras = [self.p(self.tr("lookback.answers_title"), "bold", 21)]
            for pair in d.answers:
                paras.append(self.p(pair.question, "bold", 18))
                paras += [self.p(f"{game.nickname(r, lang)}: {a}", size=18) for r, a in pair.answers.items()]
            view.append_paras(paras, pad=self.s(10))
        view.scroll_to_top()
        self.initial_focus = self.button(
            pygame.Rect(col.x + col.width - self.s(360), buttons_y, self.s(360), self.s(52)),
            self.tr("lookback.window.to_debrief"), lambda: self.app.show("debrief"),
            "@primary")


def _engine(note, lang: str) -> str:
    if not note.reasons:
        from casustafel.game.i18n import tr

        return tr("lookback.engine_nothing", lang)
    return ", ".join(f"{reason_label(r, lang)} {number(r.points, lang, signed=True)}" for r in note.reasons)
