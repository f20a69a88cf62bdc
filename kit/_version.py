"""The kit's version, in one place: `pyproject.toml` reads it (setuptools dynamic version) and
`kit.__version__`, the cache fingerprint and the briefings import it from here, never from the
`kit` facade (which would be an import back up)."""

__version__ = "0.1.0"

__all__ = ["__version__"]
