"""What the pages that ask (generators/site/asking.py and contests.py) and the service agree
on: how long each thing a reader writes may be. The form's `maxlength` and the service's
check read these, so they cannot drift apart."""

from __future__ import annotations

FEEDBACK_TEXT = 1000
"""The optional "what were you looking for" text of page feedback."""
QUESTION_MIN, QUESTION_MAX = 10, 2000
CONTACT_MAX = 200

# A contest's participant (generators/collector/contests.py checks, the contest page asks).
NAME_MIN, NAME_MAX = 2, 100
UNIT_MIN, UNIT_MAX = 2, 200
ADDRESS_MIN, ADDRESS_MAX = 5, 300
EMAIL_MAX = 200
PREDICTION_MAX = 10**9
BIRTH_YEAR_MIN, YOUNGEST = 1920, 6
"""A participant is born in BIRTH_YEAR_MIN or later and is at least YOUNGEST years old."""
