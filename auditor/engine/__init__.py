"""Engine: runs the detectors over every document of every file, then the corpus-wide pass."""
