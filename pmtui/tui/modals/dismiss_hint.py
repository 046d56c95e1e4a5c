"""Why a coach hint is set aside: a reason the others will read."""

from __future__ import annotations

from pmtui.domain.coach import Finding
from pmtui.tui.modals.prompt import TextPromptModal


class DismissHintModal(TextPromptModal):
    """Asks why a hint is set aside; dismisses with the reason, or ``None``."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(
            f"Set aside: {finding.message}\nWhy does this hint not apply here?",
            placeholder="e.g. we are quoting the vendor's words",
            check=_needs_reason,
            ok_label="Set aside",
        )
        self.finding = finding


def _needs_reason(text: str) -> str | None:
    return None if text.strip() else "A short reason helps the others."
