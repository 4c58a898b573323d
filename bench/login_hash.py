"""Cost of one password check per hasher setting (the work a login adds to a web worker).

python bench/login_hash.py [--runs 20]
"""

import argparse
import hashlib
import statistics
import time

from argon2 import PasswordHasher, Type

PASSWORD = "Kompetensi-Demo-2027"
ARGON2 = [
    # (label, time_cost, memory KiB, parallelism)
    ("Argon2id t=2 m=19 MiB p=1 (kita; OWASP)", 2, 19 * 1024, 1),
    ("Argon2id t=1 m=46 MiB p=1 (OWASP)", 1, 46 * 1024, 1),
    ("Argon2id t=2 m=100 MiB p=8 (bawaan Django)", 2, 100 * 1024, 8),
]


def median_ms(check, runs: int) -> tuple[float, float]:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        check()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), max(timings)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    print(f"{'hasher':<46} {'median ms':>10} {'maks ms':>8}")
    for label, time_cost, memory, lanes in ARGON2:
        hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory, parallelism=lanes, type=Type.ID)
        encoded = hasher.hash(PASSWORD)
        median, worst = median_ms(lambda h=hasher, e=encoded: h.verify(e, PASSWORD), args.runs)
        print(f"{label:<46} {median:>10.0f} {worst:>8.0f}")
    median, worst = median_ms(lambda: hashlib.pbkdf2_hmac("sha256", PASSWORD.encode(), b"garam", 1_500_000), 3)
    print(f"{'PBKDF2-SHA256 1,5 juta iterasi (sebelumnya)':<46} {median:>10.0f} {worst:>8.0f}")


if __name__ == "__main__":
    main()
