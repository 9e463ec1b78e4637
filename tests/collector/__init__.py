"""Tests of generators/collector."""
