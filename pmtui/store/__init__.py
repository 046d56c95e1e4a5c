"""Everything that touches disk. See docs/store.md for the design."""
