"""Parse stage: raw bytes -> Document (source, frontmatter, body, admission JSON)."""
