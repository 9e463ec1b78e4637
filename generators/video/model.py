"""The video stage's results: `generators.media.Video` (the stage's report is a StageReport)."""
