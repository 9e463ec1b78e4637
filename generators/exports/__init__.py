"""What is written from the built site, for machines: the catalogue (`catalogue.json`), OAI-PMH
and the Atom feed (`write_exports`). The e-books are a media stage of their own
(`generators.ebooks`); the JSON-LD embedded in pages belongs to the site
(`generators.site.jsonld`)."""
