"""Running extraction over many files: local process pool, Dask, cache, safe outputs."""
