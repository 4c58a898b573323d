import pytest

from tests.factories import PegawaiFactory, UnitKerjaFactory


@pytest.fixture
def unit():
    return UnitKerjaFactory()


@pytest.fixture
def atasan(unit):
    return PegawaiFactory(unit_kerja=unit, user__email="atasan@example.go.id")


@pytest.fixture
def bawahan(atasan):
    """The owner: a subordinate of `atasan`, with an email address."""
    return PegawaiFactory(unit_kerja=atasan.unit_kerja, atasan=atasan, user__email="bawahan@example.go.id")


@pytest.fixture
def rekan(atasan):
    """A colleague under the same Atasan."""
    return PegawaiFactory(unit_kerja=atasan.unit_kerja, atasan=atasan, user__email="rekan@example.go.id")


@pytest.fixture
def orang_luar():
    """An outsider in another OPD with their own Atasan."""
    boss = PegawaiFactory(user__email="boss@example.go.id")
    return PegawaiFactory(unit_kerja=boss.unit_kerja, atasan=boss, user__email="luar@example.go.id")
