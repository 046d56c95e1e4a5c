"""The prompt flows: a quick review, the follow-up walk and a team check-in.

They run in plain terminal prompts (questionary), so they stay quick over a
slow SSH link and never load the full-screen app. Every question can also be
answered by a command-line flag; :mod:`pmtui.prompts.ask` holds the one place
that talks to questionary, imported only when a question is really asked.
"""
