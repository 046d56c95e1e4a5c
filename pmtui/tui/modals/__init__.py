"""Dialogs, one per module (frogmouth's model): a yes/no confirmation, a one-line
text prompt, the help, kept texts, a private round's section, why a hint is set
aside. Item forms have their own package, :mod:`pmtui.tui.forms`."""
