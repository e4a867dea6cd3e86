"""Sources: how paths become files, files become byte streams, and bytes become documents."""
