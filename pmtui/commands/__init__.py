"""One module per command; see :mod:`pmtui.cli` for the contract."""
