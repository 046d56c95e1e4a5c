"""The full-screen Textual app. Imported lazily: only ``pmtui`` / ``pmtui app`` pay for Textual."""
