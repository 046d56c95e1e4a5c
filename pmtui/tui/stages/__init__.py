"""The panes of the review screen, one per stage of a review.

Each pane subclasses :class:`pmtui.tui.stages.base.StagePane`; :data:`PANES`
maps a stage name (as used in templates) to the class that shows it.
"""
