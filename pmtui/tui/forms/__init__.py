"""The item forms the stage panes open: one modal per fact, cause, commitment or entry."""
