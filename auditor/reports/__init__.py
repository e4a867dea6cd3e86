"""Reports: writers that only format a finished scan result."""
