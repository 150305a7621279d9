"""reecheck: find where news sources disagree about the same figure."""

__version__ = "0.1.0"
