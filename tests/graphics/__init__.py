"""Tests of the shared drawing helpers (generators/graphics)."""
