"""The talent portal (/talent/): talents' own pages, for phones first."""
