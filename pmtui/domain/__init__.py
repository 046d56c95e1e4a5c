"""The domain of pmtui: reviews, their items and the rules about them.

Nothing in this package imports a UI toolkit or the storage engine, so the
rules can be tested and reused by the app, the prompts and the command line.
"""
