"""The window's navigation through a played session, in one place: each request of the play controller has
its screen. Screens answer with `app.game.reply(...)` and then call `advance(app)`; nothing else decides
which screen comes next during a session.
"""

from __future__ import annotations

from casustafel.game.play.controller import (
    AskChoice,
    AskConsent,
    AskReflection,
    HandOver,
    PartnerMove,
    ShowAnswers,
    ShowBriefing,
    ShowEnding,
    ShowLessons,
    StartTogether,
)

SCREENS = {
    ShowLessons: "lessons",
    AskConsent: "consent",
    HandOver: "handover",
    ShowBriefing: "briefing",
    StartTogether: "together",
    AskChoice: "play",
    PartnerMove: "play",
    AskReflection: "reflect",
    ShowAnswers: "answers",
    ShowEnding: "ending",
}


def screen_for(app) -> str:
    """The screen for what the controller asks now: the ending once the session is over, the title without one."""
    game = app.game
    if game.ctl is None:
        return "title"
    request = game.request
    if request is None:
        return "ending" if game.session is not None else "title"
    return SCREENS[type(request)]


def advance(app) -> None:
    """Show the screen for the controller's next request."""
    app.show(screen_for(app))


def answer(app, value: object = None) -> None:
    """Reply to the current request and move on."""
    app.game.reply(value)
    advance(app)
