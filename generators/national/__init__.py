"""The national portal (`python build.py national --repository URL`): a static portal built
from every bookshelf mirrored into the national repository, each under its own prefix.

    repository.py  read the repository through the mirror's Store (file:// and s3://)
    directory.py   what the portal says about each province (counts, fields, latest)
    pages.py       the pages: directory, one page per province, the national search
    search.py      the portal's own Pagefind bundle (the provinces' are merged in the browser)
    exports.py     catalogue.json, oai-pmh.xml and atom.xml across provinces
    policy.py      _headers and the CSP, which names the provinces' origins in connect-src
    portal.py      all of it, staged and swapped into place in one step
"""

from __future__ import annotations

from generators.national.portal import NoProvince, PortalReport, build_portal

__all__ = ["NoProvince", "PortalReport", "build_portal"]
