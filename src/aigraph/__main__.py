"""``python -m aigraph``: the same command line as ``aigraph``."""

from .cli import cli

if __name__ == "__main__":
    cli()
