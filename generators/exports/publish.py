"""The machine-readable exports of a built site, in the one order that keeps them true:
the catalogue's schema, OAI-PMH, Atom, then `catalogue.json`, which lists the others."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from generators.exports.catalogue import Catalogue, write_catalogue, write_schema
from generators.exports.feed import write_feed
from generators.exports.oai import write_oai
from generators.library.model import Library
from generators.media import SiteMedia


def write_exports(out: Path, library: Library, media: SiteMedia, *, site_name: str,
                  site_url: str | None, rights: str | None = None,
                  admin_email: str | None = None, oai_gateway: str | None = None) -> Catalogue:
    """Write `catalogue.schema.json`, `oai-pmh.xml`, `atom.xml` and `catalogue.json` into the
    built site `out` (pages and media already there; nothing may change them afterwards, or
    the catalogue's sizes and hashes go stale).

    `rights` (e.g. mkdocs.yml's `copyright`) goes into OAI `dc:rights` and Atom `rights`;
    `admin_email` and `oai_gateway` into OAI-PMH's Identify (see `generators.exports.oai`).
    """
    write_schema(out)
    oai = write_oai(out, library, site_name=site_name, site_url=site_url,
                    admin_email=admin_email, gateway=oai_gateway, rights=rights)
    write_feed(out, library, media, site_name=site_name, site_url=site_url, rights=rights)
    catalogue = write_catalogue(out, library, media, site_name=site_name, site_url=site_url)
    return replace(catalogue, warnings=tuple(w for w in [oai.warning] if w))
