"""auditor: a multilingual artifact and encoding auditor for scraped text corpora."""
__version__ = "0.1.0"
