"""The app's screens: home, new review, the review itself, help."""
