"""What the pages that ask (generators/site/asking.py) and the service agree on: how long
each thing a reader writes may be. The form's `maxlength` and the service's check read
these, so they cannot drift apart."""

from __future__ import annotations

FEEDBACK_TEXT = 1000
"""The optional "what were you looking for" text of page feedback."""
QUESTION_MIN, QUESTION_MAX = 10, 2000
CONTACT_MAX = 200
