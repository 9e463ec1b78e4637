"""The export stages: e-books (pandoc), the machine-readable catalogue, OAI-PMH and feeds."""
