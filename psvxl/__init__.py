"""psvxl: programstatusvurdering (PSV) fra Excel-arbeidsbok til Word-rapport."""

__version__ = "0.1.0"
