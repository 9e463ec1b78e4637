"""The mirror's exceptions: wrong input (catalogue, target) and a failing store."""

from __future__ import annotations

from generators.errors import ConfigError, EngineError


class UsageError(ConfigError):
    """The command line is wrong (a target that is not file:// or s3://, …): exit 2."""


class CatalogueError(ConfigError):
    """catalogue.json is missing, malformed, or does not match the files of the site."""


class UnsafeKey(CatalogueError):
    """A key built from the catalogue (a path, the date) would leave the mirror's target."""


class StoreError(EngineError):
    """The repository could not be read or written; the message names the target."""


class CredentialsError(StoreError):
    """The server refused the access key or its secret (the message never shows either)."""


class BucketMissing(StoreError):
    """The bucket named in the s3:// target does not exist."""


class Unreachable(StoreError):
    """The endpoint did not answer."""


class VerifyError(StoreError):
    """An object read back from the repository is not what was sent."""
