"""Table interpretation: the catalog of table kinds, header parsing, row parsing, value placement."""
