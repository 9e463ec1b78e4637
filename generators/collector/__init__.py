"""The collector: the small service a province runs beside the static site to receive page
feedback, survey answers and citizens' questions (interaction-format.md, "The collector").

`app` (the Starlette application), `forms` (what a post may say), `privacy` (masking),
`limits` (rate limits in memory), `storage` (tables, migrations, export, backup)."""
