"""sot-lint: guard governance source-of-truth records before the commit lands."""

__version__ = "0.2.0"
