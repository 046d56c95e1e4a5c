"""The pmtui Textual app: routing between screens, the store, the clock, the user, the theme.

Screens do the work; the app only knows where each request goes. Build it
with :func:`make_app` (the CLI and every test do), so a test can hand it a
store in ``tmp_path`` and a frozen clock.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import importlib
import os
import sys
import time
from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import cached_property, partial
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on, work
from textual.app import App, ScreenStackError
from textual.binding import Binding
from textual.command import Provider
from textual.driver import Driver
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme
from textual.timer import Timer
from textual.widget import Widget

from pmtui import locations
from pmtui.domain.text import shown
from pmtui.store.errors import IncidentReviewedError, StoreError
from pmtui.store.layout import Layout
from pmtui.store.opener import StoreOpener
from pmtui.tui import messages, styles
from pmtui.tui.commands import PaletteCommand, PmtuiCommands
from pmtui.tui.keys import TypingGuard, is_text_entry
from pmtui.tui.memory import give_back_freed_memory
from pmtui.tui.sync import AUTO_EVERY, AppSync, SyncOutcome, outcome_words
from pmtui.tui.turns import KeyTurns

if TYPE_CHECKING:
    from concurrent.futures import Future

    from pmtui.domain.incidents import Incident
    from pmtui.domain.model import Review
    from pmtui.domain.policy import IncidentLists, Logged, Policy
    from pmtui.domain.settings import Settings, SettingsError
    from pmtui.domain.summary import ListedReview, OpenDigest
    from pmtui.domain.templates import Template
    from pmtui.store.keys import KeyRing
    from pmtui.store.repository import Store

READY_ENV = "PMTUI_READY_LOG"
BLINK_FOR = 10.0
"""Seconds a text cursor blinks after the last key; then it stays still, so an app
left open redraws nothing until someone types. Over SSH, or with ``blink = false``
in config.toml, it never blinks (:meth:`Settings.cursor_blinks`)."""
if TYPE_CHECKING:  # the team's policy is read once the first frame is painted
    HomeLists = tuple[list[ListedReview], OpenDigest, IncidentLists[Logged] | None, int | None]
    """The home screen's summaries, carry-over and incidents (None: none logged, read
    without the store), and with only the first rows read (from the first-screen file)
    how many reviews there are in all."""
    ReadAhead = Future[HomeLists]


class PmtuiApp(App[None]):
    """Routes between the home screen, the new-review picker, reviews and other views."""

    TITLE = "pmtui"
    SUB_TITLE = "blameless reviews and their follow-through"
    CSS_PATH: ClassVar[list[str | PurePath]] = list(styles.sheets(*styles.STARTUP))
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {PmtuiCommands}
    """pmtui's own actions only: the theme is one of them, Textual's others are not for users."""
    BINDINGS = [
        Binding("question_mark", "help", "Help"),
        # In a text field `?` is typed, not a key, and leaves the key line: F1 shows there.
        # Both come first (priority): a dialog's keys stop at the dialog, and F1 is help
        # in dialogs too.
        Binding("f1", "help_in_field", "Help", key_display="F1", priority=True),
        Binding("f1", "help", "Help", show=False, priority=True),  # F1 where `?` is a key
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    VIEWS: dict[str, tuple[str, str, str]] = {
        "followup": ("pmtui.tui.screens.followup", "FollowUpScreen", "Follow-up: what is due"),
        "insights": ("pmtui.tui.screens.insights", "InsightsScreen", "Insights: follow-through"),
        "incidents": (
            "pmtui.tui.screens.incidents",
            "IncidentsScreen",
            "Incidents: logged, and their reviews",
        ),
    }
    """Other views by name: ``(module, screen class, palette title)``.

    A view module registers itself here (the follow-up board, insights...);
    the home screen shows a key for every registered view and the palette
    lists them. The screen class is built as ``cls()`` and reads
    ``self.app.store``, ``self.app.today`` and ``self.app.user``.
    """

    def __init__(
        self,
        store: Store | StoreOpener,
        clock: Callable[[], datetime],
        user: str,
        *,
        config_dir: Path | None = None,
        read_ahead: ReadAhead | None = None,
        via: str = "",
    ) -> None:
        super().__init__()
        self._store = store if isinstance(store, StoreOpener) else StoreOpener.of(store)
        self.clock = clock
        self.user = user
        self.via = via
        """How this person reached pmtui when not a terminal: ``browser`` (``pmtui serve``)."""
        self.config_dir = config_dir or locations.config_dir()
        self._read_ahead = read_ahead
        self._ready_logged = False
        self._last_key = time.monotonic()
        self._resting: Widget | None = None
        self._rest_timer: Timer | None = None
        self.blink = True
        """Whether text cursors blink (for ``BLINK_FOR`` seconds after a key); read on load."""
        self._settings: Settings | SettingsError | None = None
        """config.toml as read on load (what could not be read is said on mount)."""
        self.turns = KeyTurns(self, self.on_event)
        """Keys that arrive together go on in turn, each once the one before is done."""
        self.typing = TypingGuard()
        """Keeps typing that left a text field away from ticks, choices and commands."""
        self.sync = AppSync(self._store, user)
        """The store's sync through git (``pmtui sync``), when it is set up."""

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver, but one whose key thread sleeps while nobody types (Linux)."""
        from textual import constants

        if constants.DRIVER is None and sys.platform.startswith("linux"):
            from pmtui.tui.driver import QuietLinuxDriver

            return QuietLinuxDriver
        return super().get_driver_class()

    @property
    def store(self) -> Store:
        """The store, opened when first used: ``pmtui`` paints the first frame without it
        (:mod:`pmtui.store.opener`), and the first thing after that frame opens it."""
        return self._store()

    @property
    def store_layout(self) -> Layout:
        """Where the store's files are (asking opens nothing)."""
        return self._store.layout

    @property
    def today(self) -> date:
        return self.clock().date()

    @cached_property
    def templates(self) -> dict[str, Template]:
        """The packaged templates and the team's; an unreadable team file is reported once
        (read when first needed: the home screen shows none)."""
        from pmtui.domain.templates import TemplateError, load_templates

        try:
            return load_templates(self.config_dir)
        except TemplateError as exc:
            self.notify(
                f"{exc}. Using the built-in templates.", severity="error", timeout=15, markup=False
            )
            return load_templates(self.config_dir / "nonexistent")

    @cached_property
    def policy(self) -> Policy:
        """The team's review policy; an unreadable policy file is reported once."""
        from pmtui.domain.policy import policy_or_default

        policy, problem = policy_or_default(self.config_dir)
        if problem:
            self.notify(f"{problem}. Using the built-in policy.", severity="error", timeout=15)
        return policy

    @cached_property
    def keys(self) -> KeyRing:
        """This account's private-round keys (``$PMTUI_KEY_DIR``, else the data dir)."""
        from pmtui.store.keys import KeyRing

        return KeyRing()

    @cached_property
    def ground_rule(self) -> str:
        from pmtui.domain.templates import TemplateError, ground_rule

        try:
            return ground_rule(self.config_dir)
        except TemplateError as exc:
            self.notify(str(exc), severity="error", timeout=15, markup=False)
            return ground_rule(self.config_dir / "nonexistent")

    def template_for(self, review: Review) -> Template:
        """The template a review was started from, or its kind's default."""
        found = self.templates.get(review.template) or self.templates.get(review.kind.value)
        return found or next(iter(self.templates.values()))

    # -- lifecycle -------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        """The home screen is the first screen (not pushed over Textual's empty one, which
        was styled, with its notification rack, for nothing before the first frame)."""
        from pmtui.tui.screens.home import HomeScreen

        return HomeScreen()

    def on_load(self) -> None:
        """The theme and the settings, read before the home screen is built and styled."""
        theme = styles.saved_theme(self.config_dir)
        if theme and theme in self.available_themes:
            self.theme = theme  # the home screen is styled once, in it
        self._settings = self._read_settings()

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self._apply_settings()

    async def on_event(self, event: events.Event) -> None:
        if self.blink and isinstance(event, events.Key | events.MouseDown):
            self._last_key = time.monotonic()
            resting, self._resting = self._resting, None
            if resting is not None and resting.is_attached:
                resting.cursor_blink = True  # type: ignore[attr-defined]
            self._rest_later()
        if isinstance(event, events.Key | events.Paste) and not event.is_forwarded:
            await self._in_turn(event)
            return
        await super().on_event(event)

    async def _in_turn(self, event: events.Key | events.Paste) -> None:
        """Hand ``event`` on in its turn (:mod:`pmtui.tui.turns`): text typed into a text
        field at once, any other key once the text before it is handled, and the keys after
        it once it is."""
        if self.turns.keep(event):
            return
        focused = self.focused
        text = is_text_entry(focused) and (isinstance(event, events.Paste) or event.is_printable)
        if not text and self.turns.wait_for_text(event):
            return
        if isinstance(event, events.Key) and self._still_typing(event):
            return
        if text and focused is not None:
            self.turns.typed(focused)
            await super().on_event(event)
            return
        try:
            target: Widget | Screen[Any] | None = focused or self.screen
        except ScreenStackError:  # no screen yet
            target = None
        await super().on_event(event)
        if target is not None:
            self.turns.wait_for(target)

    @property
    def holding_keys(self) -> bool:
        """Whether keys that came together wait for the one before them to be handled."""
        return self.turns.holding

    def _still_typing(self, event: events.Key) -> bool:
        """Whether ``event`` is the rest of a sentence whose field lost the focus (dropped)."""
        focused = self.focused
        bound = False
        try:
            screen: Screen[object] | None = self.screen
        except ScreenStackError:  # no screen yet
            screen = None
        if screen is not None and event.is_printable and not is_text_entry(focused):
            active = screen.active_bindings.get(event.key)
            bound = active is not None and active.enabled
        if not self.typing.swallows(event, focused, bound=bound, screen=screen):
            return False
        if self.typing.first_swallowed():
            self.notify(
                "The cursor is not in a text field, so what you typed was not used here. "
                "Tab or shift+tab moves to a field; wait a moment to use a key as a command.",
                title="Still typing?",
                timeout=6,
            )
        return True

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if not self.blink:
            if getattr(event.widget, "cursor_blink", False):
                event.widget.cursor_blink = False  # type: ignore[attr-defined]
        else:
            self._rest_later()

    def _rest_later(self) -> None:
        """Have :meth:`_rest_cursor` run ``BLINK_FOR`` seconds after the last key (one timer)."""
        if self._rest_timer is None:
            self._rest_timer = self.set_timer(BLINK_FOR, self._rest_cursor)

    def _rest_cursor(self) -> None:
        """Stop the focused field's cursor blinking once nobody has typed for a while.

        A one-shot timer, set again only while keys keep coming: an app nobody
        touches has no timer waking it.
        """
        self._rest_timer = None
        left = BLINK_FOR - (time.monotonic() - self._last_key)
        if left > 0:
            self._rest_timer = self.set_timer(left, self._rest_cursor)
            return
        try:
            focused = self.focused
        except ScreenStackError:  # closing
            return
        if focused is not None and getattr(focused, "cursor_blink", False):
            focused.cursor_blink = False  # type: ignore[attr-defined]
            self._resting = focused

    def _remember_theme(self, theme: Theme) -> None:
        try:
            styles.save_theme(self.config_dir, theme.name)
        except OSError as exc:
            self.notify(f"could not remember the theme: {exc}", severity="warning", markup=False)

    def take_read_ahead(self) -> HomeLists | None:
        """The home screen's lists if they were read while the app started, once."""
        ahead, self._read_ahead = self._read_ahead, None
        if ahead is None or not ahead.done() or ahead.exception() is not None:
            return None  # the home screen reads them itself (and reports any error)
        return ahead.result()

    def mark_ready(self) -> None:
        """The first interactive frame is painted: called once it is.

        If the collector was turned off for the start (``pmtui app`` does),
        what was built so far is set aside from it for good (it lives as long
        as the app) and it is turned back on. From then on, large blocks freed
        go back to the system (:mod:`pmtui.tui.memory`). The frame is logged for
        benchmarks when ``$PMTUI_READY_LOG`` names a file.
        """
        if self._ready_logged:
            return
        self._ready_logged = True
        if not gc.isenabled():
            gc.freeze()
            gc.enable()
        give_back_freed_memory()
        path = os.environ.get(READY_ENV)
        if path:
            with open(path, "a", encoding="utf-8") as fh:
                fh.write(f"ready {time.monotonic()} {time.process_time()}\n")

    async def action_quit(self) -> None:
        """Quit, asking first when typed text would be lost.

        A screen or form holding typed text that is not saved (a form not yet
        saved, a field whose text pmtui cannot read as it is) says so with an
        ``unsaved_work()`` method; everything else is saved as it is typed, so
        quitting waits for the last save and asks only if it fails.
        """
        losing = [
            what
            for screen in reversed(self.screen_stack)
            if (what := _unsaved_work(screen)) is not None
        ]
        if losing:
            from pmtui.tui.modals.confirm import ConfirmModal

            self.push_screen(
                ConfirmModal(
                    f"Quitting now loses {' and '.join(dict.fromkeys(losing))}. Quit anyway?",
                    yes="Quit, losing it",
                    no="Stay",
                ),
                self._quit_checked,
            )
            return
        await self._quit_saved()

    async def _quit_checked(self, answer: bool | None) -> None:
        if answer:
            await self._quit_saved()

    async def _quit_saved(self) -> None:
        """Quit once every open review's last save is done (asks if one fails)."""
        from pmtui.tui.screens.review import ReviewScreen

        for screen in self.screen_stack:
            if not isinstance(screen, ReviewScreen):
                continue
            # Waiting for the last save happens off the event loop, so the screen stays live.
            saved = await asyncio.to_thread(screen.close_session, 5.0)
            if not saved:
                self.push_screen(screen.unsaved_quit_modal(), self._quit_anyway)
                return
        self.exit()

    def _quit_anyway(self, answer: bool | None) -> None:
        if answer:
            self.exit()

    # -- routing ---------------------------------------------------------------

    @on(messages.ChooseTemplate)
    def _choose_template(self) -> None:
        from pmtui.tui.screens.new_review import NewReviewScreen

        self.push_screen(NewReviewScreen())

    @on(messages.StartReview)
    def _start_review(self, message: messages.StartReview) -> None:
        template = self.templates.get(message.template)
        if template is None:
            self.notify(f"no template named {message.template!r}", severity="error", markup=False)
            return
        from pmtui.domain.model import Review

        now = self.clock()
        review = Review(
            kind=template.kind,
            template=template.name,
            created=now,
            updated=now,
            author=self.user,
            facilitator=self.user,
            participants=[self.user],
        )
        self._add_review(review)

    @work(thread=True, group="store-write")
    def _add_review(self, review: Review) -> None:
        try:
            saved = self.store.add(review)
        except StoreError as exc:
            self.call_from_thread(self.show_store_error, exc, "The review was not created.")
            return
        self.call_from_thread(self._open, saved, None, replace_picker=True, new=True)

    @on(messages.LogIncident)
    def _log_incident(self) -> None:
        from pmtui.tui.forms.incident import IncidentForm

        self.push_screen(IncidentForm(now=self.clock(), user=self.user), self._incident_logged)

    def _incident_logged(self, incident: Incident | None) -> None:
        if incident is not None:
            self.save_incident(incident)

    @work(thread=True, group="store-write")
    def save_incident(self, incident: Incident) -> None:
        """Log an incident, then say what the policy asks for."""
        from pmtui.domain.policy import status

        try:
            saved = self.store.add_incident(incident)
        except StoreError as exc:
            self.call_from_thread(self.show_store_error, exc, "The incident was not saved.")
            return
        st = status(saved, self.policy, self.today)
        due = f", by {st.due.isoformat()}" if st.due else ""
        self.call_from_thread(
            self.notify, f"Logged {saved.title}: {st.rule.describe()}{due}.", title="Incident"
        )
        self.call_from_thread(self.post_message, messages.StoreChanged())

    @on(messages.ReviewIncident)
    def _review_incident(self, message: messages.ReviewIncident) -> None:
        self._open_incident_review(message.incident_id, self.templates, self.policy)

    @work(thread=True, group="store-write")
    def _open_incident_review(
        self, incident_id: str, templates: dict[str, Template], policy: Policy
    ) -> None:
        """The review of an incident: the one started already, or a new one in one step."""
        from pmtui.domain.incidents import review_from
        from pmtui.domain.policy import PolicyError, review_template

        try:
            link = self.store.incident_links().get(incident_id)
            if link is None:
                incident = self.store.incident(incident_id)
                template = review_template(policy, incident, templates)
                review = self.store.review_incident(
                    incident_id,
                    lambda i: review_from(
                        i, template.name, template.kind, now=self.clock(), user=self.user
                    ),
                )
            else:
                review = self.store.get(link.review_id)
        except IncidentReviewedError as exc:
            self.call_from_thread(self.post_message, messages.OpenReview(exc.review_id))
            return
        except (StoreError, PolicyError) as exc:
            self.call_from_thread(self.show_store_error, exc, "The review was not opened.")
            return
        self.call_from_thread(self._open, review, None)

    @on(messages.OpenReview)
    def _open_review(self, message: messages.OpenReview) -> None:
        self._load_review(message.review_id, message.stage)

    @work(thread=True, group="store-read")
    def _load_review(self, review_id: str, stage: str | None) -> None:
        try:
            review = self.store.get(review_id)
        except StoreError as exc:
            self.call_from_thread(self.show_store_error, exc, "The review was not opened.")
            return
        self.call_from_thread(self._open, review, stage)

    def _open(
        self, review: Review, stage: str | None, *, replace_picker: bool = False, new: bool = False
    ) -> None:
        from pmtui.tui.screens.new_review import NewReviewScreen
        from pmtui.tui.screens.review import ReviewScreen

        if replace_picker and isinstance(self.screen, NewReviewScreen):
            self.pop_screen()
        self.push_screen(ReviewScreen(review, self.template_for(review), stage=stage, new=new))

    @on(messages.StoreChanged)
    def _store_changed(self) -> None:
        from pmtui.tui.screens.home import HomeScreen

        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen) and screen.data is not None:
                screen.load()

    @on(messages.ShowView)
    def _show_view(self, message: messages.ShowView) -> None:
        entry = self.VIEWS.get(message.name)
        if entry is None:
            self.notify(f"no view named {message.name!r}", severity="error", markup=False)
            return
        module, cls, _title = entry
        screen: Screen[object] = getattr(importlib.import_module(module), cls)()
        self.push_screen(screen)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification of the app (widgets' ``notify`` comes here too), shown safely.

        Notifications quote store text (a facilitator's name, a replaced
        text, a store error naming a file): it is never markup, and passes
        the output boundary, :func:`pmtui.domain.text.shown`.
        """
        super().notify(
            shown(message, multiline=True),
            title=shown(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def action_help_in_field(self) -> None:
        self.action_help()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """F1 shows in the key line only where ``?`` is typed (it opens help everywhere);
        not for a field of a dialog (the palette's), whose screen has no key line."""
        if action == "help_in_field":
            focused = self.focused
            if focused is None or self.screen.is_modal:
                return False
            return focused.check_consume_key("question_mark", "?")
        return True

    def action_help_quit(self) -> None:
        """Ctrl+C (which does not quit) says how to quit, in plain words: Textual's own
        text is markup, and pmtui shows every notice as plain text."""
        for key, active in self.active_bindings.items():
            if active.binding.action in ("quit", "app.quit"):
                self.notify(f"Press {key} to quit the app", title="Do you want to quit?")
                return

    def show_store_error(self, exc: Exception, consequence: str = "") -> None:
        """Tell the user what went wrong with the store and what to do."""
        self.notify(
            f"{consequence} {exc}".strip(),
            title="Store problem",
            severity="error",
            timeout=20,
            markup=False,
        )

    # -- syncing ---------------------------------------------------------------

    def _read_settings(self) -> Settings | SettingsError:
        """config.toml, read as the app starts: whether the cursor blinks is set at once
        (before any field has the focus); what cannot be read is said once mounted."""
        from pmtui.domain.settings import Settings, SettingsError, load_settings

        try:
            settings = load_settings(self.config_dir)
        except SettingsError as exc:
            self.blink = Settings().cursor_blinks(os.environ)
            return exc
        self.blink = settings.cursor_blinks(os.environ)
        return settings

    def _apply_settings(self) -> None:
        """config.toml: the cursor's blinking, and with ``sync = "auto"`` a sync now and
        about every minute."""
        from pmtui.domain.settings import Settings

        settings = self._settings if self._settings is not None else self._read_settings()
        if not isinstance(settings, Settings):
            self.notify(
                f"{settings}. Syncing stays manual; the cursor blinks as by default.",
                severity="warning",
                markup=False,
            )
            return
        if settings.auto_sync and self.sync.configured():
            self.set_interval(AUTO_EVERY, partial(self.sync_now, auto=True))
            self.call_after_refresh(self.sync_now, auto=True)

    def sync_now(self, *, auto: bool = False) -> None:
        """Sync the store with its git remote in a worker; the user keeps typing."""
        if not self.sync.configured():
            if not auto:
                self.notify(
                    "This store does not sync yet. In a terminal, run "
                    "`pmtui sync --init REMOTE` (a git URL or a bare repository); "
                    "see docs/sync.md.",
                    title="No sync set up",
                    timeout=12,
                    markup=False,
                )
            return
        if self.sync.running:
            if not auto:
                self.notify("A sync is already running.", markup=False)
            return
        self.sync.running = True
        self._show_sync_marks(syncing=True)
        self._sync_worker(auto)

    @work(thread=True, group="sync")
    def _sync_worker(self, auto: bool) -> None:
        self.sync.run(auto=auto, done=self._sync_done)

    def _sync_done(self, outcome: SyncOutcome) -> None:
        # The app may have closed while it synced; the next sync picks up from there.
        with contextlib.suppress(RuntimeError):
            self.call_from_thread(self._sync_finished, outcome)

    def _sync_finished(self, outcome: SyncOutcome) -> None:
        said = outcome_words(outcome, self.sync.last_problem)
        report = outcome.report
        self.sync.last_problem = outcome.error or (report.problem if report else None)
        if said is not None:
            title, text = said
            trouble = title != "Synced"
            self.notify(
                text,
                title=title,
                severity="warning" if trouble else "information",
                timeout=15 if trouble else 8,
                markup=False,
            )
        self.post_message(messages.StoreChanged())
        self._show_sync_marks()

    def _show_sync_marks(self, *, syncing: bool = False) -> None:
        from pmtui.tui.screens.home import HomeScreen

        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.refresh_sync_mark(syncing=syncing)

    # -- help and palette ------------------------------------------------------

    def action_help(self) -> None:
        """The open screen's help; a dialog's says its keys (``dialog_help``)."""
        from pmtui.tui.modals.help import HelpScreen, dialog_help  # Markdown: on first use

        screen = self.screen
        if isinstance(screen, HelpScreen):
            return
        text = getattr(screen, "help_text", None)
        own: str = getattr(screen, "HELP", None) or ""
        if callable(text):
            body = text()
        elif own:
            body = own
        else:
            body = dialog_help(screen) if screen.is_modal else "# pmtui"
        self.push_screen(HelpScreen(body))

    def palette_commands(self) -> Iterable[PaletteCommand]:
        yield PaletteCommand(
            "New review", "pick a kind of review and start it", self.action_new_review, "n"
        )
        yield PaletteCommand(
            "Quick review",
            "a five-minute review of a small incident",
            self.action_quick_review,
            "q",
        )
        yield PaletteCommand(
            "Log an incident",
            "record what went wrong now; its review follows the team's policy",
            self.action_log_incident,
        )
        for name, (_module, _cls, title) in self.VIEWS.items():
            yield PaletteCommand(
                title,
                f"open the {name} view",
                partial(self.post_message, messages.ShowView(name)),
            )
        yield PaletteCommand(
            "Sync now",
            "exchange reviews with the team's git remote, as `pmtui sync` does",
            self.sync_now,
        )
        yield PaletteCommand("Help", "keys and what this screen is for", self.action_help, "?")
        yield PaletteCommand("Theme", "change the colours of the app", self.action_change_theme)
        yield PaletteCommand(
            "Quit",
            "leave pmtui (asks first if something would be lost)",
            self._palette_quit,
            "ctrl+q",
        )

    def action_new_review(self) -> None:
        self.post_message(messages.ChooseTemplate())

    def action_quick_review(self) -> None:
        self.post_message(messages.StartReview("quick"))

    def action_log_incident(self) -> None:
        self.post_message(messages.LogIncident())

    def _palette_quit(self) -> None:
        self.run_worker(self.action_quit())


def make_app(
    store: Store | StoreOpener,
    clock: Callable[[], datetime],
    user: str,
    *,
    config_dir: Path | None = None,
    read_ahead: ReadAhead | None = None,
    via: str = "",
) -> PmtuiApp:
    """Build the app on ``store``; tests pass a store in tmp_path and a frozen clock.

    ``pmtui`` passes a :class:`StoreOpener`, which opens the store when first used.

    ``read_ahead`` holds the store's summaries and open commitments being read
    while Textual loads (``pmtui app`` starts it first).
    """
    return PmtuiApp(store, clock, user, config_dir=config_dir, read_ahead=read_ahead, via=via)


def _unsaved_work(screen: Screen[Any]) -> str | None:
    """What quitting would lose on ``screen`` (its ``unsaved_work()``), or None."""
    unsaved = getattr(screen, "unsaved_work", None)
    return unsaved() if callable(unsaved) else None
