"""Small dialogs: a yes/no confirmation and a one-line text prompt."""

from pmtui.tui.modals.confirm import ConfirmModal
from pmtui.tui.modals.prompt import TextPromptModal

__all__ = ["ConfirmModal", "TextPromptModal"]
