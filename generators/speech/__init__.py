"""Speech stage: chapter text → normalised Vietnamese words → audio."""
