"""Allow ``python -m pmtui``."""

from pmtui.cli import main

raise SystemExit(main())
