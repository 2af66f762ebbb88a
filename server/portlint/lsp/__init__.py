"""The language server: the only layer that knows LSP. It converts the core's findings."""
