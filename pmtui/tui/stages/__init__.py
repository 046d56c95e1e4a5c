"""The panes of the review screen, one per stage of a review.

Each module ``pmtui.tui.stages.<stage>`` holds one
:class:`pmtui.tui.stages.base.StagePane` subclass whose ``stage`` is that
name; the review screen finds it there (see ``screens/review.py``).
"""
