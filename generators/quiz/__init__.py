"""Quizzes and contests beyond the library model: grading, drawing an attempt, the answer
key and its commitment, rankings, and the interchange formats (GIFT, Aiken, QTI 3.0)."""
