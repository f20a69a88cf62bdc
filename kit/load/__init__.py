"""Loading: files -> Documents (one file walk, decoding, formats, metadata)."""
