"""Tests of the infographics stage."""
