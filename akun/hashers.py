"""Password hashing: Argon2id with parameters sized for this deployment (bench/login_hash.py)."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    """Argon2id at OWASP's first recommended setting: 19 MiB, 2 passes, 1 lane.

    Django's default (100 MiB, 2 passes, 8 lanes) and PBKDF2 at 1.5 M iterations each take
    several hundred milliseconds of a web worker on these 2-core machines; this takes tens
    (docs/deploy.md), so a morning's logins do not queue behind each other. Existing hashes
    (PBKDF2, or Argon2 with other parameters) are rehashed with these on the next login.
    """

    time_cost = 2
    memory_cost = 19 * 1024
    parallelism = 1
