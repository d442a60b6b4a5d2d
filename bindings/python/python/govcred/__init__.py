"""govcred: China's digital-government credentials on SM2/SM3.

The API is UniFFI's binding of the Rust library (``govcred._uniffi``, generated when the
wheel is built); this package re-exports it and carries its type stubs.
"""

from ._uniffi import *  # noqa: F401,F403
