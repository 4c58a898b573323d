from django.contrib import admin

from sorong_asn.admin import ReadOnlyAdmin

from .models import EvaluasiPascaPelatihan, EvaluasiProgres, KeputusanProgram, Pengingat, SiklusEvaluasi

# Cycles, evaluations and programme decisions are kept through the evaluasi pages (rules, reminders).


@admin.register(SiklusEvaluasi)
class SiklusEvaluasiAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "tanggal_mulai", "batas_penilaian_diri", "batas_penilaian_atasan"]


@admin.register(EvaluasiProgres)
class EvaluasiProgresAdmin(ReadOnlyAdmin):
    list_display = ["pegawai", "siklus", "status", "predikat"]
    list_filter = ["siklus", "status"]
    search_fields = ["pegawai__nama", "pegawai__nip"]
    raw_id_fields = ["rencana", "pegawai", "penilai"]


@admin.register(EvaluasiPascaPelatihan)
class EvaluasiPascaPelatihanAdmin(ReadOnlyAdmin):
    list_display = ["peserta", "perubahan_perilaku", "penerapan", "dinilai_pada"]
    raw_id_fields = ["peserta", "penilai"]


@admin.register(KeputusanProgram)
class KeputusanProgramAdmin(ReadOnlyAdmin):
    list_display = ["pelatihan", "keputusan", "oleh", "waktu"]
    raw_id_fields = ["pelatihan"]


@admin.register(Pengingat)
class PengingatAdmin(ReadOnlyAdmin):
    # The send-once guarantee depends on rows changing only through the service.
    list_display = ["judul", "penerima", "jenis", "status", "percobaan", "dibuat"]
    list_filter = ["jenis", "status"]
    search_fields = ["penerima__username", "judul"]
