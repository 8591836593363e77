"""The personas of the tourism pages: being written."""

from comptoir.kernel.spaces import Space

SPACES: tuple[Space, ...] = ()
