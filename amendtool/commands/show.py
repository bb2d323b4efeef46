"""`amendtool show` and `amendtool brackets`: the draft's outline and its bracket groups."""
