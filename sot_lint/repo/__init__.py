"""The repository side: discovery, file access, git, the cache, hook install."""
