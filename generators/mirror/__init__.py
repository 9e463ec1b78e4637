"""Mirror the built bookshelf into a repository (a folder or an S3 bucket), or a BagIt bag.

    python build.py mirror --to file:///srv/kho | s3://bucket/prefix
                           [--site-dir DIR] [--dry-run] [--delete [--keep N]] [--jobs N]
    python build.py mirror --to file:///media/usb/tu-sach --bagit

Repository layout (the same for `file://` and `s3://`, through `store.Store`):

    manifest.json                     the committed state, written last; readers go by it only
    manifests/<date>-<sha12>.json     every committed manifest (date: the catalogue's)
    objects/<sha[:2]>/<sha256>        immutable content, one object per distinct content
    incoming/<sha256>                 uploads in progress: verified, then copied to objects/

A reader GETs manifest.json, then for each `files[path]` GETs
`objects/<sha256[:2]>/<sha256>` (and may check its sha256). A reader holding an older
manifest (or one from manifests/) still finds its objects: objects are never replaced, and
only --delete removes them, keeping those of the newest --keep manifests (at least 2: the
current one and the one before it).

A run reads catalogue.json and checks every file of the site against it
(`plan.read_payload`: nothing is sent if one differs), reads the repository's state
(`plan.scan`: manifest.json and a listing of objects/ and incoming/), plans
(`plan.make_plan`) and carries the plan out (`sync.mirror`): upload each new content to
incoming/, verify it (size, and sha256 from the server's ChecksumSHA256, else read back),
copy it to objects/ (server-side), verify again, delete the incoming key; then write the
manifest into manifests/ and, last, to manifest.json. Until manifest.json is replaced
readers see the previous bookshelf, whole. An interrupted run leaves objects/ (verified) and
incoming/ keys; the next run reuses the first, re-verifies and promotes the second, and
sends only the rest. An object already in objects/ with the right size is trusted (it was
verified when promoted). Without --delete the only deletions are incoming/ keys of contents
that reached objects/; --delete also removes manifests beyond --keep, objects none of the
kept manifests references, stale incoming/ keys and interrupted temporary files.
One writer at a time: two mirror runs into one repository at once are not supported.

--bagit writes the payload as a BagIt bag (data/<site path>, sha256) to a file:// target
instead, built beside it and renamed into place (`bag.py`).
"""

from __future__ import annotations

from generators.mirror.errors import (
    BucketMissing,
    CatalogueError,
    CredentialsError,
    StoreError,
    Unreachable,
    UsageError,
    VerifyError,
)
from generators.mirror.plan import Payload, Plan, make_plan, read_payload, scan
from generators.mirror.sync import MirrorReport, mirror

__all__ = [
    "BucketMissing",
    "CatalogueError",
    "CredentialsError",
    "MirrorReport",
    "Payload",
    "Plan",
    "StoreError",
    "Unreachable",
    "UsageError",
    "VerifyError",
    "make_plan",
    "mirror",
    "read_payload",
    "scan",
]
