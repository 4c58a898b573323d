import threading

import pytest
from django.db import connection

from pelatihan.models import Pelatihan, Peserta
from pelatihan.services import register_peserta
from tests.factories import PegawaiFactory, PelatihanFactory, PesertaFactory, admin_bkpsdm


@pytest.mark.django_db(transaction=True)
def test_two_registrations_racing_for_the_last_seat_give_it_to_exactly_one():
    if connection.vendor != "postgresql":
        pytest.skip("Uji balapan kuota butuh PostgreSQL (SQLite menyerialkan penulisan); CI memakai PostgreSQL.")
    pelatihan = PelatihanFactory(kuota=2, status=Pelatihan.Status.PENDAFTARAN)
    PesertaFactory(pelatihan=pelatihan)  # one seat already taken: one left
    admin = admin_bkpsdm()
    pelamar = PegawaiFactory.create_batch(2)
    barrier = threading.Barrier(2)
    hasil, galat = [], []

    def register(pegawai):
        try:
            barrier.wait()
            hasil.append(register_peserta(pelatihan=pelatihan, pegawai=pegawai, by=admin))
        except Exception as error:  # noqa: BLE001 — any error in the thread must fail the test
            galat.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(p,)) for p in pelamar]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert galat == []
    assert sorted(h.dapat_kursi for h in hasil) == [False, True]
    assert Peserta.objects.filter(pelatihan=pelatihan, status=Peserta.Status.TERDAFTAR).count() == 2
    kalah = next(h for h in hasil if not h.dapat_kursi)
    assert "Kuota penuh" in kalah.pesan
