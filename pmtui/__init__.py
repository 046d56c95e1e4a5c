"""pmtui: blameless reviews in the terminal, and the follow-through after them."""

__version__ = "0.1.0"
