"""One module per command; see :mod:`pmtui.cli` for the contract."""

import argparse
from typing import TypeAlias

Subcommands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
"""What each command's ``register`` adds its parser to."""
