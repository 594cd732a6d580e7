"""Release candidates and (later) the DRC's official releases."""
