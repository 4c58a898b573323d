import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from pegawai.impor import SIASN_HEADERS, import_pegawai
from pegawai.models import Pegawai, UnitKerja
from tests.factories import make_nip, siasn_row

RACE_MESSAGE = "Data pegawai berubah bersamaan oleh impor lain; tidak ada yang disimpan. Ulangi impor."


@pytest.mark.django_db(transaction=True)
def test_two_imports_of_the_same_new_employees_at_once_never_duplicate_or_crash():
    if connection.vendor != "postgresql":
        pytest.skip("Perlu PostgreSQL: SQLite mengunci seluruh basis data sehingga tidak ada balapan.")
    # Transactional tests flush the units loaded by migrations.
    UnitKerja.objects.get_or_create(kode="DINKES", defaults={"nama": "Dinas Kesehatan"})
    nips = [make_nip() for _ in range(50)]
    raw = "\n".join([",".join(SIASN_HEADERS)] + [",".join(siasn_row(nip=n)) for n in nips]).encode()
    barrier = threading.Barrier(2)

    def run():
        barrier.wait()
        try:
            return import_pegawai(raw=raw, filename="siasn.csv")
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        # result() re-raises a crash of either thread here.
        results = [future.result() for future in [pool.submit(run), pool.submit(run)]]
    assert Pegawai.objects.filter(nip__in=nips).count() == 50
    assert any(r.ditulis for r in results)
    assert all(r.ok or r.galat == [RACE_MESSAGE] for r in results)
