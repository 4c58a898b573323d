from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from privasi.models import Akses
from privasi.services import catat_akses
from sorong_asn.admin import ReadOnlyAdmin

from .models import Jabatan, Kompetensi, Pegawai, PenilaianKompetensi, StandarKompetensi, UnitKerja


@admin.register(UnitKerja)
class UnitKerjaAdmin(admin.ModelAdmin):
    list_display = ("kode", "nama", "singkatan", "jenis", "parent", "aktif")
    list_filter = ("jenis", "aktif")
    search_fields = ("kode", "nama", "singkatan")
    autocomplete_fields = ("parent",)


@admin.register(Jabatan)
class JabatanAdmin(admin.ModelAdmin):
    list_display = ("nama", "jenis", "jenjang")
    list_filter = ("jenis", "jenjang")
    search_fields = ("nama",)


@admin.register(Pegawai)
class PegawaiAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    # Employees change through their pages and the import (scope, NIP rules, supervisor rules, history).
    list_display = ("nip", "nama", "golongan", "jabatan", "unit_kerja", "status")
    list_filter = ("jenis_asn", "status")
    search_fields = ("nip", "nama")
    autocomplete_fields = ("jabatan", "unit_kerja", "atasan", "user")
    list_select_related = ("jabatan", "unit_kerja")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Opening an employee in the admin is a view of personal data like the employee page (privasi).
        response = super().change_view(request, object_id, form_url, extra_context)
        pegawai = self.get_object(request, object_id) if response.status_code == 200 else None
        if pegawai is not None:
            catat_akses(request, Akses.Jenis.PROFIL, pegawai, keterangan="Admin Django")
        return response


@admin.register(Kompetensi)
class KompetensiAdmin(admin.ModelAdmin):
    list_display = ("kode", "nama", "jenis")
    list_filter = ("jenis",)
    search_fields = ("kode", "nama")


admin.site.register(StandarKompetensi)


@admin.register(PenilaianKompetensi)
class PenilaianKompetensiAdmin(ReadOnlyAdmin):
    list_display = ("pegawai", "kompetensi", "level", "tanggal", "sumber")
    search_fields = ("pegawai__nip", "pegawai__nama")
    list_select_related = ("pegawai", "kompetensi")
