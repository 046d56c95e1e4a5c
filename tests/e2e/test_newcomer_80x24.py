"""What a newcomer met in the installed pmtui at 80x24, keys only: choices drawn as chosen
when they were not, and one category offered under two names."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from pmtui.domain.model import Commitment, Review
from pmtui.store.repository import Store
from tests.e2e.terminal import Terminal, app_env, pmtui_command, requires_tmux

pytestmark = [pytest.mark.slow]

TITLE = "Checkout errors after the deploy"


@requires_tmux()
def test_the_paste_s_choice_for_lines_without_a_time_shows_which_one_is_chosen(
    tmp_path: Path,
) -> None:
    """Both buttons were drawn as ``●``, told apart by colour alone."""
    store = tmp_path / "store" / "pmtui.json"
    Store(store).add(Review(title=TITLE))
    with Terminal([pmtui_command(), "--store", str(store)], env=app_env(tmp_path)) as term:
        term.wait_for(TITLE, timeout=60)
        term.keys("Enter")
        term.wait_for(lambda s: "1 Frame" in s and "Edit fields" in s.splitlines()[-1])
        term.keys("2")
        term.wait_for("No facts yet")
        term.keys("p")
        screen = term.wait_for("without a time")
        (row,) = [line for line in screen.splitlines() if "without a time" in line]
        assert "(•) attach to the fact before" in row and "( ) skip" in row, row
        assert "●" not in row
        term.keys("Tab", "Tab")  # past the text and the file name, to the choice
        term.keys("Right", "Space")
        screen = term.wait_for(lambda s: "(•) skip" in s)
        assert "( ) attach to the fact before" in screen
        term.keys("Escape")
        term.wait_for("No facts yet")
        term.keys("C-q")
        assert term.exit_status() == 0


def test_the_obstacle_categories_name_tooling_once(tmp_path: Path) -> None:
    """``pmtui followup`` offered ``tooling`` and ``tools``, one from the lessons-learned
    templates: the list names each category once."""
    store = tmp_path / "store" / "pmtui.json"
    review = Store(store).add(
        Review(
            title=TITLE,
            commitments=[Commitment(deliverable="add a canary limit", owner="ana")],
        )
    )
    commitment = review.commitments[0].id

    def not_kept(category: str) -> subprocess.CompletedProcess[str]:
        """The installed ``pmtui followup``: not kept, what got in the way, ``category``."""
        argv = [pmtui_command(), "--store", str(store), "followup", "--no-input"]
        argv += ["--commitment", commitment, "--outcome", "not-kept", "--in-the-way", "no time"]
        argv += ["--category", category, "--new-due", "+2w"]
        return subprocess.run(
            argv,
            capture_output=True,
            text=True,
            env=app_env(tmp_path),
            check=False,
        )

    done = not_kept("bogus")
    assert done.returncode == 2, done.stderr
    choices = done.stderr.split("one of ", 1)[1].strip().split(", ")
    assert choices.count("tooling") == 1 and "tools" not in choices, choices
    kept = not_kept("tools")
    assert kept.returncode == 0, kept.stderr
    (com,) = Store(store).get(review.id).commitments
    assert com.in_the_way_category == "tooling"


@requires_tmux()
def test_b_goes_back_where_the_review_was_opened_and_the_header_says_where(
    tmp_path: Path,
) -> None:
    """Opened from insights, the review's header said ``◀ Home (b)`` while ``b`` went back to
    insights; every view's footer now shows ``b Back`` (insights showed ``esc``)."""
    store = tmp_path / "store" / "pmtui.json"
    Store(store).add(Review(title=TITLE, happened="2026-11-20 09:00"))
    with Terminal([pmtui_command(), "--store", str(store)], env=app_env(tmp_path)) as term:
        term.wait_for(TITLE, timeout=60)
        term.keys("i")
        screen = term.wait_for("Blame or hindsight wording")
        assert "b Back" in screen.splitlines()[-1]
        term.keys("5")
        term.wait_for("small incidents")
        term.keys("Enter")  # the reviews behind the first figure
        term.wait_for(lambda s: "Behind" in s and TITLE in s)
        term.keys("Enter")  # open it
        screen = term.wait_for("1 Frame")
        assert screen.splitlines()[0].lstrip().startswith("◀ Insights (b)")
        term.wait_for(lambda s: "Edit fields" in s.splitlines()[-1])
        term.keys("b")
        term.wait_for(lambda s: "Behind" in s and "1 Frame" not in s)  # insights, as left
        term.keys("b")  # the list behind the figure closes first
        term.wait_for(lambda s: "Behind" not in s)
        term.keys("b")
        term.wait_for("1 of 1 reviews")
        term.keys("Enter")  # opened from the list of reviews, the header says Home
        screen = term.wait_for("1 Frame")
        assert screen.splitlines()[0].lstrip().startswith("◀ Home (b)")
        term.keys("C-q")
        assert term.exit_status() == 0


@requires_tmux()
def test_the_key_lines_say_what_the_keys_do(tmp_path: Path) -> None:
    """F1 and esc in a field, esc with a menu open, enter on the follow-up view, and
    ctrl+c's notice without markup, in the installed pmtui at 80x24."""
    store = tmp_path / "store" / "pmtui.json"
    Store(store).add(
        Review(title=TITLE, commitments=[Commitment(deliverable="add a canary", owner="ana")])
    )

    def key_line(screen: str) -> str:
        return screen.splitlines()[-1]

    with Terminal([pmtui_command(), "--store", str(store)], env=app_env(tmp_path)) as term:
        term.wait_for(TITLE, timeout=60)
        term.keys("f")
        screen = term.wait_for(lambda s: "⏎ Open" in key_line(s))
        assert "^q Quit" in key_line(screen)
        term.keys("Enter")
        term.wait_for(lambda s: "What became of it?" in s and "esc Back" in key_line(s))
        term.keys("Enter")  # the outcome's menu
        screen = term.wait_for(lambda s: "esc Dismiss menu" in key_line(s))
        assert "^w" not in key_line(screen)
        term.keys("Escape")
        term.wait_for(lambda s: "esc Back" in key_line(s))
        term.keys("Escape")
        term.wait_for(lambda s: "⏎ Open" in key_line(s))
        term.keys("Escape")
        term.wait_for(TITLE)
        term.keys("Enter")
        term.wait_for(lambda s: "Edit fields" in key_line(s))
        term.keys("Enter")  # into the title
        screen = term.wait_for(lambda s: "F1 Help" in key_line(s))
        assert "esc Leave the field" in key_line(screen)
        term.keys("Escape")
        term.wait_for(lambda s: "? Help" in key_line(s))
        term.keys("C-c")
        screen = term.wait_for("to quit the app")
        assert "Press ctrl+q to quit the app" in screen and "[b]" not in screen
        term.keys("3")
        screen = term.wait_for(lambda s: "e Edit" in key_line(s))
        assert "e or enter edit" in screen
        term.keys("C-q")
        assert term.exit_status() == 0
