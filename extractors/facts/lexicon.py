"""Who assesses regional governments, under which programme, and the words reporters use for them."""

from __future__ import annotations

# Surface forms (matched case-insensitively, token by token) -> assessor code.
ASSESSORS: dict[str, tuple[str, ...]] = {
    "kemendagri": (
        "Kemendagri", "Kemdagri", "Kementerian Dalam Negeri", "Mendagri", "Menteri Dalam Negeri",
        "Ditjen Bina Pembangunan Daerah", "Direktorat Jenderal Bina Pembangunan Daerah", "Ditjen Bina Bangda",
        "Bina Bangda", "Ditjen Bangda", "Ditjen Otonomi Daerah", "Ditjen Otda", "BSKDN",
        "Badan Strategi Kebijakan Dalam Negeri", "Kemendagri RI",
    ),
    "ombudsman": ("Ombudsman", "Ombudsman RI", "Ombudsman Republik Indonesia"),
    "kemenpan_rb": (
        "KemenPAN-RB", "KemenPANRB", "Kemenpan RB", "KemenPAN RB", "Kementerian PANRB", "Kementerian PAN-RB",
        "Kementerian PAN RB", "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi",
        # the ministry's name, also after `Menteri`/`Kemen`: its `Reformasi Birokrasi` is not the programme
        "Pendayagunaan Aparatur Negara dan Reformasi Birokrasi",
        "MenPAN-RB", "MenPANRB", "Menpan RB", "Menteri PANRB", "Menteri PAN-RB", "PAN-RB", "PANRB",
    ),
    "kpk": ("KPK", "Komisi Pemberantasan Korupsi", "KPK RI"),
    "bpk": ("BPK", "BPK RI", "Badan Pemeriksa Keuangan", "BPK Perwakilan"),
}

# Surface forms -> programme code. `pelayanan_publik` is not a programme of its own: it is resolved by
# the assessor named with it (Ombudsman: kepatuhan, KemenPAN-RB: ipp).
PROGRAMS: dict[str, tuple[str, ...]] = {
    "spm": ("SPM", "Standar Pelayanan Minimal", "Standar Pelayanan Minimum", "penerapan SPM", "capaian SPM"),
    "kepatuhan_pelayanan_publik": (
        "kepatuhan standar pelayanan publik", "kepatuhan pelayanan publik", "penilaian kepatuhan",
        "kepatuhan terhadap standar pelayanan publik", "opini Ombudsman", "Opini Pengawasan",
        "standar pelayanan publik", "tingkat kepatuhan", "kepatuhan",
    ),
    "sakip": (
        "SAKIP", "AKIP", "Sistem Akuntabilitas Kinerja Instansi Pemerintah", "akuntabilitas kinerja",
        "LHE SAKIP", "evaluasi SAKIP",
    ),
    "reformasi_birokrasi": ("reformasi birokrasi", "indeks RB", "Indeks Reformasi Birokrasi", "evaluasi RB"),
    "ipp": (
        "Indeks Pelayanan Publik", "IPP", "evaluasi pelayanan publik", "PEKPPP",
        "Pemantauan dan Evaluasi Kinerja Penyelenggaraan Pelayanan Publik", "evaluasi kinerja pelayanan publik",
    ),
    "mcp": ("MCP", "Monitoring Center for Prevention", "Monitoring Centre for Prevention", "MCP KPK", "MCP-KPK"),
    "spi": ("SPI", "Survei Penilaian Integritas", "Survey Penilaian Integritas", "indeks integritas"),
    "eppd": (
        "EPPD", "EKPPD", "LPPD", "Evaluasi Penyelenggaraan Pemerintahan Daerah",
        "Evaluasi Kinerja Penyelenggaraan Pemerintahan Daerah", "kinerja penyelenggaraan pemerintahan daerah",
        "Laporan Penyelenggaraan Pemerintahan Daerah",
    ),
    "iga": ("IGA", "Innovative Government Award", "indeks inovasi daerah", "inovasi daerah", "indeks inovasi",
            "indek inovasi", "IID"),
    "opini_bpk": (
        "opini BPK", "LKPD", "Laporan Keuangan Pemerintah Daerah", "laporan keuangan", "WTP", "WDP",
        "Wajar Tanpa Pengecualian", "Wajar Dengan Pengecualian",
    ),
    "pelayanan_publik": ("pelayanan publik", "layanan publik"),
}

# The assessor a programme implies when the text names none, and the programme an assessor implies.
PROGRAM_ASSESSOR: dict[str, str] = {
    "spm": "kemendagri", "eppd": "kemendagri", "iga": "kemendagri",
    "kepatuhan_pelayanan_publik": "ombudsman",
    "sakip": "kemenpan_rb", "reformasi_birokrasi": "kemenpan_rb", "ipp": "kemenpan_rb",
    "mcp": "kpk", "spi": "kpk", "opini_bpk": "bpk",
}
ASSESSOR_PROGRAM: dict[str, str] = {
    "ombudsman": "kepatuhan_pelayanan_publik", "bpk": "opini_bpk",
}
# Programmes that several assessors run under the same words.
GENERIC_PROGRAM_BY_ASSESSOR: dict[str, dict[str, str]] = {
    "pelayanan_publik": {"ombudsman": "kepatuhan_pelayanan_publik", "kemenpan_rb": "ipp"},
}

# Acronyms that must match in upper case only (so `spi` in running text is not the KPK survey).
CASE_SENSITIVE = frozenset({
    "SPM", "IPP", "MCP", "SPI", "EPPD", "EKPPD", "LPPD", "IGA", "IID", "LKPD", "WTP", "WDP", "KPK", "BPK", "AKIP",
    "SAKIP", "PEKPPP", "BSKDN", "PANRB", "BPK RI", "KPK RI",
})
