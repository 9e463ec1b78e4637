"""Commune-loudspeaker bulletins: scripts fitted to a length, audio per profile, and the
files a station or a provincial source system takes (JSON, M3U, iCalendar, ZIP, feeds)."""
