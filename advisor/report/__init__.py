"""The PDF report: typst layout, data passed as JSON (user text is data, never markup)."""
