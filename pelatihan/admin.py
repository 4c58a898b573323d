from django.contrib import admin

from sorong_asn.admin import ReadOnlyAdmin

from .models import CatatanJP, Mitra, Pelatihan, PertanyaanUmpanBalik, Peserta


@admin.register(Mitra)
class MitraAdmin(admin.ModelAdmin):
    list_display = ("nama", "jenis", "kontak_nama", "mou_selesai")
    list_filter = ("jenis",)
    search_fields = ("nama",)


@admin.register(Pelatihan)
class PelatihanAdmin(ReadOnlyAdmin):
    # Status, quota and completion drive seats and the JP ledger: only the catalog pages change them.
    list_display = ("judul", "bentuk", "mitra", "tanggal_mulai", "jp", "kuota", "status")
    list_filter = ("status", "bentuk")
    search_fields = ("judul",)
    autocomplete_fields = ("mitra",)
    filter_horizontal = ("kompetensi",)
    list_select_related = ("mitra",)


@admin.register(Peserta)
class PesertaAdmin(ReadOnlyAdmin):
    # Seats change only through the services (kuota lock, JP ledger).
    list_display = ("pegawai", "pelatihan", "status", "hadir")
    list_filter = ("status",)
    search_fields = ("pegawai__nip", "pegawai__nama", "pelatihan__judul")
    list_select_related = ("pegawai", "pelatihan")


@admin.register(CatatanJP)
class CatatanJPAdmin(ReadOnlyAdmin):
    # The JP ledger is written by completions, mentoring and verified external records only.
    list_display = ("pegawai", "judul", "tahun", "jp", "sumber", "terverifikasi")
    list_filter = ("sumber", "terverifikasi", "tahun")
    search_fields = ("pegawai__nip", "pegawai__nama", "judul")
    autocomplete_fields = ("pegawai",)
    raw_id_fields = ("peserta",)
    list_select_related = ("pegawai",)
    readonly_fields = ("diverifikasi_oleh", "diverifikasi_pada", "dicatat_oleh")


@admin.register(PertanyaanUmpanBalik)
class PertanyaanUmpanBalikAdmin(admin.ModelAdmin):
    """The configurable feedback questions; "relevansi" drives the "perlu ditinjau" flag."""

    list_display = ("urutan", "kode", "teks", "aktif")
    list_display_links = ("kode",)
    list_editable = ("urutan", "teks", "aktif")
