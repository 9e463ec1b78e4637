"""Tests of generators/translations: status, PO export/import, the translator's commands."""
