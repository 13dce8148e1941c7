"""Local mode: the whole product on one machine, with moto standing in for AWS.

Importing this package hands its adapters (the embedded index, the local embedding model, dev
sign-in) to the factory, so every local entry point and test sees them.
"""

from .adapters import install

install()
