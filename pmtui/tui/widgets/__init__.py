"""Reusable widgets of the app (the stepper, the save indicator)."""
