"""Editing a review: the session that applies edits at once and saves them in order.

Every change anyone makes to an open review goes through here: the
:class:`~pmtui.editing.session.ReviewSession` applies an edit to its local
copy at once and saves it on its own thread through the store, and
:mod:`pmtui.editing.changes` turns what a person does in one step (a form
saved, an item deleted, a hint set aside) into edits undone in one step.
The review screen, its stages, dot voting, private rounds and the follow-up
review all write this way: no screen calls the store's ``update`` itself.

Between the UI and the store: it imports the domain and the store, never
Textual or questionary, so it can be driven from tests and benchmarks alone.
"""
