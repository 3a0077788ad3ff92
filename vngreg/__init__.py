"""vngreg: publishes the VNG register of Gemeentelijke Standaarden as validated linked data."""

__version__ = "0.1.0"
