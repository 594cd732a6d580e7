"""Server-side views of a published release and its official PDF report."""
