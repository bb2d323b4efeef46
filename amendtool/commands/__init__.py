"""CLI commands, one module each. Each is a few lines over a library function."""

from . import show  # noqa: F401
from . import check  # noqa: F401
from . import diff  # noqa: F401
from . import compile  # noqa: F401
from . import consolidate  # noqa: F401
from . import propose  # noqa: F401
