"""Look back in the window (DESIGN.md §7): marking alone with a hand-over, then together, then the debrief.

- "lookback": each human player in turn (a hand-over card in pair play) steps through the turns and marks
  them ging goed (1), ging mis (2) or twijfel (3), with an optional note; ←/→ move between turns. Each mark
  is recorded at once. The other's marks, the other's reflection answers and the engine's annotations are
  not on this screen at all. K (or the Kijkwijzer button) opens "lookback_kijkwijzer": the catalogue's cues,
  and which heuristic the player saw (3+) or missed (3-) at this turn, kept with the mark.
- "lookback_together": both players' marks side by side, disagreements first, every turn with what the
  engine saw, how the client would hear each turn (only here, once every player has marked), and the
  reflection answers next to each other.
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

#: the window's own words for the kijkwijzer and the client's view (nl, en)
WORDS = {
    "button": ("Kijkwijzer (K)", "Kijkwijzer (K)"),
    "title": ("Kijkwijzer: welke heuristiek zag je, of miste je hier?",
              "Kijkwijzer: which heuristic did you see, or miss, here?"),
    "entry": ("nummer, bijvoorbeeld 3", "number, for instance 3"),
    "seen": ("Gezien", "Seen"),
    "missed": ("Gemist", "Missed"),
    "back": ("Terug naar markeren", "Back to marking"),
    "bad": ("Typ een nummer uit de lijst.", "Type a number from the list."),
    "none": ("Deze catalogus heeft geen kijkwijzer.", "This catalogue has no kijkwijzer."),
    "noted_seen": ("Bij je markering: {name} gezien.", "With your mark: {name} seen."),
    "noted_missed": ("Bij je markering: {name} gemist.", "With your mark: {name} missed."),
    "pending": ("Wordt bewaard zodra je de beurt markeert.", "Kept as soon as you mark the turn."),
    "pair_seen": ("heuristiek gezien: {name}", "heuristic seen: {name}"),
    "pair_missed": ("heuristiek gemist: {name}", "heuristic missed: {name}"),
    "client_title": ("Zo zou de cliënt het horen", "How the client would hear it"),
}


def words(key: str, lang: str, **values: object) -> str:
    return WORDS[key][1 if lang == "en" else 0].format(**values)


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
        named = self._named(item.turn or 0)
        if named:
            status += "  ·  " + named
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
        has_cues = bool(self.app.game.review.cues())
        count = 4 if has_cues else 3
        part = (nav.width - (count - 1) * self.s(12)) // count
        at = [nav.x + i * (part + self.s(12)) for i in range(count)]
        self.button(pygame.Rect(at[0], nav.y, part, nav.height), self.tr("lookback.window.previous"),
                    lambda: self._move(-1), enabled=pos > 0)
        self.button(pygame.Rect(at[1], nav.y, part, nav.height),
                    self.tr("lookback.window.next"), lambda: self._move(1), enabled=pos < len(self.turns) - 1)
        if has_cues:
            self.button(pygame.Rect(at[2], nav.y, part, nav.height), words("button", lang), self._kijkwijzer)
        self.button(pygame.Rect(at[-1], nav.y, part, nav.height),
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

    def _turn(self) -> int:
        return self.items[self.turns[min(self.params["pos"], len(self.turns) - 1)]].turn or 0

    def _named(self, turn: int) -> str:
        """The heuristic this player named at `turn` (stored, or waiting for the mark), as a line."""
        review = self.app.game.review
        named = review.heuristics_marked().get(self.role, {}).get(turn)
        pending = self.params.get("pending")
        if named is None and pending and pending[0] == turn:
            named = (pending[1], pending[2])
        if named is None:
            return ""
        name = next((n for cue, n in review.cues() if cue.id == named[0]), named[0])
        return words("noted_seen" if named[1] else "noted_missed", self.lang, name=name)

    def _kijkwijzer(self) -> None:
        self.app.show("lookback_kijkwijzer", **self.params)

    def _mark(self, value: str) -> None:
        game = self.app.game
        turn = self._turn()
        note = self.note.get_text().strip() if self.note.alive() else ""
        self._keep_draft()
        game.review.set_mark(self.role, turn, value, note)
        pending = self.params.pop("pending", None)
        if pending and pending[0] == turn:
            game.review.set_heuristic(self.role, turn, pending[1], pending[2])
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
        self.app.game.review.finish_marking(self.role)
        self.params.pop("pending", None)
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
        if event.key == pygame.K_k and self.app.game.review.cues():
            self._kijkwijzer()
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
@register("lookback_kijkwijzer")
class KijkwijzerPanel(Screen):
    """While marking: the catalogue's cues, and which heuristic this player saw or missed at this turn."""

    back = "lookback"

    def build(self) -> None:
        game, lang = self.app.game, self.lang
        review = game.review
        self.cues = review.cues()
        items = transcript(game.scenario, game.session, lang)
        turns = [it for it in items if it.kind == "turn"]
        item = turns[min(self.params.get("pos", 0), len(turns) - 1)] if turns else None
        self.role = game.human_roles[self.params.get("who", 0)]
        self.turn = item.turn or 0 if item else 0
        col = self.column(self.s(1000), top=self.margin)
        self.label(col.take(self.s(44)), words("title", lang), "@heading")
        if item is not None:
            self.text_in(col, self.s(8), [self.p(f"{item.speaker}: “{item.text}”", "bold", 19)], bg=self.pal.panel,
                         pad=self.s(10))
        buttons_y = self.height - self.margin - self.s(52)
        entry_y = buttons_y - self.s(12) - self.s(46)
        view = self.scroll_view(pygame.Rect(col.x, col.y, col.width, entry_y - col.y - self.s(12)))
        if not self.cues:
            view.append_paras([self.p(words("none", lang), size=19)], pad=self.s(8))
        for number_, (cue, name) in enumerate(self.cues, 1):
            paras = [self.p(f"{number_}. {name}", "bold", 19)]
            paras += [self.p(f"– {sign.get(lang)}", size=17) for sign in cue.look_for]
            paras.append(self.p(cue.question.get(lang), size=17, colour=self.pal.muted))
            view.append_paras(paras, pad=self.s(6))
        view.scroll_to_top()
        if self.params.get("problem"):
            self.text_in(col, self.s(4), [self.p(self.params["problem"], size=17)])
        third = (col.width - 2 * self.s(12)) // 3
        self.number_entry = self.entry(pygame.Rect(col.x, entry_y, col.width, self.s(46)), "",
                                       words("entry", lang))
        self.button(pygame.Rect(col.x, buttons_y, third, self.s(52)), words("seen", lang),
                    lambda: self._name(True), "@primary")
        self.button(pygame.Rect(col.x + third + self.s(12), buttons_y, third, self.s(52)), words("missed", lang),
                    lambda: self._name(False))
        self.button(pygame.Rect(col.x + 2 * (third + self.s(12)), buttons_y, third, self.s(52)),
                    words("back", lang), self._back)
        self.initial_focus = self.number_entry

    def _params(self) -> dict:
        return {k: v for k, v in self.params.items() if k != "problem"}

    def _back(self) -> None:
        self.app.show("lookback", **self._params())

    def _name(self, seen: bool) -> None:
        text = self.number_entry.get_text().strip().rstrip("+-")
        if not text.isdigit() or not 1 <= int(text) <= len(self.cues):
            self.app.show("lookback_kijkwijzer", **{**self._params(), "problem": words("bad", self.lang)})
            return
        cue_id = self.cues[int(text) - 1][0].id
        params = self._params()
        if not self.app.game.review.set_heuristic(self.role, self.turn, cue_id, seen):
            params["pending"] = (self.turn, cue_id, seen)  # kept until the turn is marked
        self.app.show("lookback", **params)


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
        persona = game.review.persona_line(lang)
        if persona:
            view.append_paras([self.p(persona, "bold", 19)], pad=self.s(8))
        if not d.comparison:
            view.append_paras([self.p(self.tr("lookback.no_marks"), size=19)], pad=self.s(8))
        named = game.review.heuristics_marked()
        cue_names = {cue.id: name for cue, name in game.review.cues()}
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
                seen = named.get(role, {}).get(row.turn)
                if seen is not None:
                    key = "pair_seen" if seen[1] else "pair_missed"
                    paras.append(self.p(words(key, lang, name=cue_names.get(seen[0], seen[0])), size=17))
                del i
            if note:
                paras.append(self.p(self.tr("lookback.engine_saw", what=_engine(note, lang)), size=17,
                                    colour=pal.muted))
            view.append_paras(paras, pad=self.s(10))
        view.append_paras([self.p(self.tr("lookback.annotations_title"), "bold", 21)], pad=self.s(10))
        views = game.review.client_views(lang)  # empty until every player has marked
        question = game.review.client_view_question(lang)
        for note in d.turns:
            paras = [self.p(self.tr("lookback.turn_line", turn=note.turn, speaker=note.speaker, text=note.text),
                            "bold", 18),
                     self.p(self.tr("lookback.engine_saw", what=_engine(note, lang)), size=17)]
            if note.frames:
                paras.append(self.p(self.tr("lookback.frames", frames=", ".join(n for _f, n, _w in note.frames),
                                            side=side_label(note.frame_side, lang)), size=17))
            if note.feedback:
                paras.append(self.p(self.tr("lookback.feedback", feedback=note.feedback), size=17))
            if note.turn in views:
                paras.append(self.p(f"{question} “{views[note.turn]}”", "bold", 17, colour=pal.roles[0]))
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
