"""The app's screens: home, new review, the review itself, follow-up, insights, rounds, voting.

Screens reach the app's services through :func:`pmtui.tui.shell.shell` and
never import the app module; dialogs live in :mod:`pmtui.tui.modals`, item
forms in :mod:`pmtui.tui.forms`.
"""
