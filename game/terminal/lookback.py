"""Look back (terugkijken) and the debrief in the terminal, after an ending (DESIGN.md §7).

1. Alone: each human player in turn (a hand-over prompt in pair play) steps through the transcript and
   marks turns as ging goed / ging mis / twijfel with an optional note. Each mark is recorded at once.
   Nobody sees the other's marks, the other's reflection answers or the engine's annotations yet.
   Key `h` opens the kijkwijzer of the catalogue: name the heuristic you saw (`3+`) or missed (`3-`) here.
2. Together: both players' marks side by side, disagreements first, then every turn with the engine's
   annotations, how the client would hear each turn (only now, once everyone has marked), and the
   reflection answers next to each other.
3. The debrief: scores with every reason, the alignment figures, heuristics met and missed with their
   definitions and sources, and three to five questions to discuss.
4. Lessons learned, recorded on this computer; then the offer to withdraw the session.

Plain lines only, one prompt at a time, so it works piped, in tests and with a screen reader.
"""

from __future__ import annotations

from casustafel.engine.debrief import GOED, MIS, TWIJFEL, Debrief, TurnNote
from casustafel.engine.model import Scenario
from casustafel.engine.session import Session
from casustafel.game.i18n import tr
from casustafel.game.play.hints import command
from casustafel.game.play.review import Review
from casustafel.game.records.recorder import Recorder
from casustafel.game.report.debrief_data import (
    TranscriptItem,
    agreement_label,
    figure_note,
    mark_label,
    number,
    question_text,
    reason_label,
    reason_text,
    side_label,
    transcript,
)
from casustafel.game.terminal.play import Ask, Say

MARK_KEYS = {"g": GOED, "1": GOED, "m": MIS, "2": MIS, "t": TWIJFEL, "3": TWIJFEL}
KIJKWIJZER_KEYS = ("h", "kijkwijzer")
#: the look-back's own lines for the kijkwijzer while marking (nl, en)
WORDS = {
    "help": ("Kijkwijzer: typ h bij een beurt om te noemen welke heuristiek je hier zag of miste.",
             "Kijkwijzer: type h at a turn to name the heuristic you saw or missed here."),
    "title": ("Kijkwijzer: welke heuristiek zag je, of miste je hier?",
              "Kijkwijzer: which heuristic did you see, or miss, here?"),
    "pick": ("Nummer met + (gezien) of - (gemist), bijvoorbeeld 3+ (Enter = terug): ",
             "Number with + (seen) or - (missed), for instance 3+ (Enter = back): "),
    "bad": ("Dat is geen nummer uit de lijst met + of -.", "That is no number from the list with + or -."),
    "first": ("Markeer de beurt nu (g, m of t); de heuristiek wordt bij je markering bewaard.",
              "Now mark the turn (g, m or t); the heuristic is kept with your mark."),
    "none": ("Deze catalogus heeft geen kijkwijzer.", "This catalogue has no kijkwijzer."),
    "seen": ("Genoteerd: {name} gezien.", "Noted: {name} seen."),
    "missed": ("Genoteerd: {name} gemist.", "Noted: {name} missed."),
    "pair_seen": ("heuristiek gezien: {name}", "heuristic seen: {name}"),
    "pair_missed": ("heuristiek gemist: {name}", "heuristic missed: {name}"),
    "client_title": ("Zo zou de cliënt het horen (pas nu, nu iedereen gemarkeerd heeft):",
                     "How the client would hear it (only now that everyone has marked):"),
}
CLEAR_LINES = 40  # pushes the previous player's screen out of view at a hand-over


class EndOfInput(Exception):
    """Input ended (None from ask): stop quietly; every mark so far is recorded."""


class Lookback:
    """One look-back, from marking alone to withdrawal."""

    def __init__(self, ask: Ask, say: Say, recorder: Recorder, session_id: str, scenario: Scenario,
                 session: Session, humans: dict[str, str], lang: str, data: str | None = None,
                 workshop: str = "", review: Review | None = None) -> None:
        self._ask, self.say = ask, say
        self.data, self.workshop = data, workshop
        self.review = review or Review(scenario, session, humans, recorder, session_id, workshop)
        self.recorder, self.session_id = recorder, session_id
        self.scenario, self.session, self.lang = scenario, session, lang
        self.humans = {r: humans[r] for r in scenario.roles if r in humans} or dict(humans)
        self.items = transcript(scenario, session, lang)
        self.pending: tuple[str, bool] | None = None  # a heuristic named at the turn before its mark

    @property
    def solo(self) -> bool:
        return len(self.humans) == 1

    def t(self, key: str, **values: object) -> str:
        return tr(key, self.lang, self.solo, **values)

    def w(self, key: str, **values: object) -> str:
        return WORDS[key][1 if self.lang == "en" else 0].format(**values)

    def ask(self, prompt: str) -> str:
        answer = self._ask(prompt)
        if answer is None:
            raise EndOfInput
        return answer.strip()

    def who(self, role: str) -> str:
        name = self.scenario.speaker_name(role, self.lang)
        return self.t("lookback.who", nick=self.humans[role], role=name) if role in self.humans else name

    # -- the whole flow ---------------------------------------------------------------------------------
    def run(self) -> None:
        try:
            if not self.humans:
                return
            self.say("")
            persona = self.review.persona_line(self.lang)
            if persona:
                self.say(persona)
            self.say(self.t("lookback.intro_pair" if len(self.humans) > 1 else "lookback.intro_solo"))
            for index, role in enumerate(self.humans):
                self.mark_alone(role, first=index == 0)
            debrief = self.debrief()
            self.together(debrief)
            self.show_debrief(debrief)
            self.lessons()
            self.say(self.t("lookback.report_hint", command=self.report_command()))
            self.offer_withdrawal()
        except EndOfInput:
            self.say(self.t("lookback.stopped", command=self.report_command()))

    def report_command(self) -> str:
        report = "verslag.html" if self.lang == "nl" else "report.html"
        return command(self.data, "report", self.session_id, "-o", report)

    def debrief(self) -> Debrief:
        return self.review.debrief(self.lang)

    # -- 1. alone ---------------------------------------------------------------------------------------
    def mark_alone(self, role: str, first: bool) -> None:
        nick = self.humans[role]
        if len(self.humans) > 1:
            if not first:
                self.say("\n" * CLEAR_LINES)
            self.ask(self.t("lookback.handover", nick=nick, role=self.scenario.speaker_name(role, self.lang)))
        self.say(self.t("lookback.alone_title", nick=nick))
        self.say(self.t("lookback.alone_help"))
        if self.review.cues():
            self.say(self.w("help"))
        own = dict(self.review.marks().get(role, {}))
        turns = [i for i, it in enumerate(self.items) if it.kind == "turn"]
        position = 0
        shown_upto = -1
        while position < len(turns):
            index = turns[position]
            start = shown_upto + 1 if index > shown_upto else index
            for item in self.items[start:index]:
                self.show_context(item, role)
            shown_upto = max(shown_upto, index)
            item = self.items[index]
            self.say("")
            self.say(self.t("lookback.turn_line", turn=item.turn, speaker=item.speaker, text=item.text))
            if item.turn in own:
                mark, note = own[item.turn]
                self.say(self.t("lookback.your_mark", mark=mark_label(mark, self.lang), note=note or "-"))
            step = self.mark_turn(role, item, own)
            if step == "stop":
                break
            position = max(0, position - 1) if step == "back" else position + 1
        for item in self.items[shown_upto + 1:]:
            if item.kind == "ending" or position >= len(turns):  # after "klaar": only the ending, no stray lines
                self.show_context(item, role)
        self.review.finish_marking(role)
        self.say(self.t("lookback.alone_done", nick=nick, count=len(own)))
        if len(self.humans) > 1:
            self.ask(self.t("lookback.alone_done_enter"))

    def show_context(self, item: TranscriptItem, role: str) -> None:
        """Lines, a reflection pause (only this player's own answer) and the ending, between the turns."""
        if item.kind == "line":
            self.say(f"  {item.speaker}: {item.text}")
        elif item.kind == "reflect":
            self.say(self.t("lookback.pause", question=item.text))
            if role in item.answers:
                self.say(self.t("lookback.your_answer", answer=item.answers[role]))
        elif item.kind == "ending":
            self.say(self.t("lookback.ending_line", title=item.speaker, text=item.text))

    def mark_turn(self, role: str, item: TranscriptItem, own: dict[int, tuple[str, str]]) -> str:
        """Ask for this turn's mark; returns next, back or stop."""
        self.pending = None
        while True:
            answer = self.ask(self.t("lookback.mark_prompt")).lower()
            if answer in ("", "v", "verder", "n", "next"):
                return "next"
            if answer in ("b", "terug", "back"):
                return "back"
            if answer in ("k", "klaar", "s", "stop", "q", "done"):
                return "stop"
            if answer in KIJKWIJZER_KEYS:
                self.name_heuristic(role, item, own)
                continue
            if answer in ("w", "wis", "clear") and item.turn in own:
                self.review.clear_mark(role, item.turn or 0)
                del own[item.turn]
                self.say(self.t("lookback.cleared"))
                return "next"
            mark = MARK_KEYS.get(answer)
            if mark is None:
                self.say(self.t("lookback.mark_unknown"))
                continue
            note = self.ask(self.t("lookback.note_prompt"))
            self.review.set_mark(role, item.turn or 0, mark, note)
            if self.pending is not None:
                self.review.set_heuristic(role, item.turn or 0, *self.pending)
                self.pending = None
            own[item.turn or 0] = (mark, note)
            self.say(self.t("lookback.marked", mark=mark_label(mark, self.lang)))
            return "next"

    def cue_name(self, heuristic_id: str) -> str:
        return next((name for cue, name in self.review.cues() if cue.id == heuristic_id), heuristic_id)

    def name_heuristic(self, role: str, item: TranscriptItem, own: dict[int, tuple[str, str]]) -> None:
        """The kijkwijzer while marking: list the cues, then store the heuristic seen or missed with the mark."""
        cues = self.review.cues()
        if not cues:
            self.say(self.w("none"))
            return
        self.say(self.w("title"))
        for number_, (cue, name) in enumerate(cues, 1):
            signs = "; ".join(sign.get(self.lang) for sign in cue.look_for)
            self.say(f"  {number_:>2}. {name}: {signs}")
        while True:
            answer = self.ask(self.w("pick")).replace(" ", "")
            if not answer:
                return
            digits, sign = answer[:-1], answer[-1:]
            if sign in "+-" and digits.isdigit() and 1 <= int(digits) <= len(cues):
                cue, name = cues[int(digits) - 1]
                self.say(self.w("seen" if sign == "+" else "missed", name=name))
                if item.turn in own:
                    self.review.set_heuristic(role, item.turn or 0, cue.id, seen=sign == "+")
                else:  # kept until the mark is made, then stored with it
                    self.pending = (cue.id, sign == "+")
                    self.say(self.w("first"))
                return
            self.say(self.w("bad"))

    # -- 2. together ------------------------------------------------------------------------------------
    def together(self, d: Debrief) -> None:
        self.say("\n" * (CLEAR_LINES // 4))
        self.say(self.t("lookback.together_title"))
        if not d.comparison:
            self.say(self.t("lookback.no_marks"))
        named = self.review.heuristics_marked()
        for row in d.comparison:
            note = d.turn(row.turn)
            self.say("")
            self.say(self.t("lookback.compare_head", turn=row.turn, speaker=note.speaker if note else "",
                            agreement=agreement_label(row.agreement, self.lang)))
            if note:
                self.say(f"    “{note.text}”")
            for role, mark in row.marks.items():
                text = f"{mark_label(mark[0], self.lang)}" + (f": {mark[1]}" if mark and mark[1] else "") \
                    if mark else mark_label(None, self.lang)
                self.say(f"    {self.who(role)}: {text}")
                seen = named.get(role, {}).get(row.turn)
                if seen is not None:
                    self.say("      " + self.w("pair_seen" if seen[1] else "pair_missed", name=self.cue_name(seen[0])))
            if note:
                self.say("    " + self.t("lookback.engine_saw", what=self.engine_summary(note)))
        self.ask(self.t("lookback.enter_annotations"))
        self.say(self.t("lookback.annotations_title"))
        views = self.review.client_views(self.lang)
        if views:
            self.say(self.w("client_title"))
        for note in d.turns:
            self.say("")
            self.say(self.t("lookback.turn_line", turn=note.turn, speaker=note.speaker, text=note.text))
            for line in self.annotation_lines(note):
                self.say("    " + line)
            if note.turn in views:
                self.say(f"    {self.review.client_view_question(self.lang)} “{views[note.turn]}”")
        if d.answers:
            self.say("")
            self.say(self.t("lookback.answers_title"))
            for pair in d.answers:
                self.say(self.t("lookback.pause", question=pair.question))
                for role, text in pair.answers.items():
                    self.say(f"    {self.who(role)}: {text}")

    def engine_summary(self, note: TurnNote) -> str:
        if not note.reasons:
            return self.t("lookback.engine_nothing")
        return ", ".join(f"{reason_label(r, self.lang)} {number(r.points, self.lang, signed=True)}"
                         for r in note.reasons)

    def annotation_lines(self, note: TurnNote) -> list[str]:
        lines = [self.t("lookback.engine_saw", what=self.engine_summary(note))]
        if note.frames:
            frames = ", ".join(name for _f, name, _w in note.frames)
            lines.append(self.t("lookback.frames", frames=frames, side=side_label(note.frame_side, self.lang)))
        if note.feedback:
            lines.append(self.t("lookback.feedback", feedback=note.feedback))
        if note.alternative:
            lines.append(self.t("lookback.alternative", value=note.alternative[2], text=note.alternative[1]))
        return lines

    # -- 3. the debrief ---------------------------------------------------------------------------------
    def show_debrief(self, d: Debrief) -> None:
        self.ask(self.t("lookback.enter_debrief"))
        self.say(self.t("lookback.debrief_title"))
        for role in d.roles:
            player = d.players[role]
            who = self.who(role)
            share = self.t("lookback.share", share=round(player.share * 100)) if player.maximum > 0 else ""
            if self.solo and role not in self.humans:
                # the computer colleague's part: shown apart, never added to the learner's score
                self.say(self.t("lookback.partner_apart", who=who, points=number(player.points, self.lang)))
                continue
            key = "lookback.your_score" if self.solo else "lookback.player_score"
            self.say(self.t(key, who=who, points=number(player.points, self.lang), share=share))
            for reason in player.reasons:
                self.say("    " + reason_text(reason, self.lang))
        if not self.solo:  # the session score adds both players' points: a pair's figure, not a learner's
            self.say(self.t("lookback.session_score", score=number(d.session_score, self.lang)))
            for reason in d.session_reasons:
                if reason.kind == "alignment":
                    self.say("    " + reason_text(reason, self.lang))
        if d.alignment_start is not None:
            self.say(self.t("lookback.alignment", start=number(d.alignment_start, self.lang),
                            end=number(d.alignment_end or 0.0, self.lang),
                            change=number(d.alignment_change, self.lang, signed=True)))
            self.say("    " + " ".join(f"{t}:{number(a, self.lang)}" for t, a in d.alignment_curve))
        self.say(self.t("lookback.anchor", anchor=number(d.client_anchor, self.lang), client=d.client))
        if note := figure_note(d, "anchor", self.lang):
            self.say("    " + note)
        for role in d.roles:
            self.say(self.t("lookback.movement", name=d.players[role].name,
                            movement=number(d.players[role].movement, self.lang)))
        self.say("")
        self.say(self.t("lookback.met_title"))
        for e in d.met:
            turns = ", ".join(str(t) for t, _ in e.turns)
            self.say(self.t("lookback.met_line", name=e.name, turns=turns))
        for e in d.red_flags:
            turns = ", ".join(str(t) for t, _ in e.turns)
            self.say(self.t("lookback.flag_line", name=e.name, turns=turns, definition=e.definition))
        self.say(self.t("lookback.missed_title"))
        for e in d.missed:
            where = self.t("lookback.on_offer", turns=", ".join(str(t) for t in e.on_offer)) if e.on_offer else ""
            self.say(self.t("lookback.missed_line", name=e.name, where=where))
            self.say("    " + e.definition)
            for marker in e.markers:
                self.say("    - " + marker)
            self.say("    " + self.t("lookback.source", source=e.source))
        self.say("")
        self.say(self.t("lookback.questions_title"))
        for number_, q in enumerate(d.questions, 1):
            self.say(f"  {number_}. {question_text(q, self.lang, self.solo)}")

    # -- 4. lessons and withdrawal ------------------------------------------------------------------------
    def lessons(self) -> None:
        self.say("")
        self.say(self.t("lookback.lessons_prompt"))
        count = 0
        while True:
            text = self.ask(self.t("lookback.lesson_line"))
            if not text:
                break
            count += self.review.add_lesson(text)
        lessons = ["lessons", *(["--workshop", self.workshop] if self.workshop else [])]
        self.say(self.t("lookback.lessons_saved", count=count, command=command(self.data, *lessons)))

    def offer_withdrawal(self) -> None:
        answer = self.ask(self.t("lookback.withdraw_prompt")).lower()
        if answer not in ("intrekken", "withdraw"):
            self.say(self.t("lookback.kept", id=self.session_id,
                            command=command(self.data, "delete", self.session_id)))
            return
        gone = self.review.withdraw()
        self.say(self.t("lookback.withdrawn" if gone else "lookback.withdraw_failed",
                        id=self.session_id, command=command(self.data, "delete", self.session_id)))


def run_lookback(ask: Ask, say: Say, recorder: Recorder, session_id: str, scenario: Scenario, session: Session,
                 humans: dict[str, str], lang: str, data: str | None = None, workshop: str = "",
                 review: Review | None = None) -> None:
    """The look-back, together view, debrief, lessons and withdrawal offer, after an ending."""
    Lookback(ask, say, recorder, session_id, scenario, session, humans, lang, data, workshop, review).run()
