"""portlint: dev-server configs beside who really listens on their ports."""

__version__ = "0.1.0"
