"""One escaping policy for every output: a hostile library (`hostile.py`) and a public XSS
corpus (`data/xss-vectors.json`) built for real, every output file read by a strict reader
(`checks.py`), and the pages opened without CSP in Chromium with alert & co. hooked
(`browser.py`)."""
