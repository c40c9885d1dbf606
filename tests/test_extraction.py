"""What the extractor finds in short texts written for these tests, one behaviour at a time."""

from __future__ import annotations

import re
from datetime import date

import pytest

from extractors.facts.extract import extract
from extractors.facts.numbers import parse_count, parse_number
from extractors.pages.text_article import article_from_text
from models import Article, Fact


def facts_of(body: str, title: str = "", published: date | None = date(2024, 3, 4)) -> list[Fact]:
    return list(extract(Article(title=title, body=body, published=published)).facts)


def keys(facts: list[Fact]) -> set[tuple[object, ...]]:
    return {(f.region_code, f.metric, f.year, f.value, f.scope) for f in facts}


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize(("text", "value"), [
    ("85,60", 85.6), ("85.60", 85.6), ("1.234,5", 1234.5), ("1.500", 1500.0), ("92", 92.0), ("3,4521", 3.4521),
])
def test_indonesian_numbers(text: str, value: float) -> None:
    assert parse_number(text) == value


def test_dot_thousands_on_a_small_scale_is_a_decimal() -> None:
    assert parse_number("3.452", small_scale=True) == 3.452


@pytest.mark.parametrize(("text", "value"), [
    ("2", 2), ("dua", 2), ("kedua", 2), ("ketiga", 3), ("ke-3", 3), ("III", 3), ("pertama", 1), ("x", None),
])
def test_counts_in_words_ordinals_and_roman(text: str, value: int | None) -> None:
    assert parse_count(text) == value


def test_scores_in_points_and_percent() -> None:
    facts = facts_of("Capaian SPM Kabupaten Kaur tahun 2023 sebesar 81,31 persen, sedangkan Kabupaten Seluma "
                     "meraih 92 poin pada penilaian Kemendagri tahun yang sama.")
    units = {(f.region_code, f.value, f.unit) for f in facts}
    assert units == {("17.04", 81.31, "percent"), ("17.05", 92.0, "points")}


def test_numbers_that_are_not_scores() -> None:
    body = ("Sesuai Permendagri Nomor 59 Tahun 2021, Kemendagri menilai penerapan SPM Kabupaten Kepahiang tahun "
            "2023 dengan skor 84,02. Pemkab menyalurkan 1.500 Kg beras untuk 55 relawan dan menganggarkan "
            "Rp 2,5 miliar, dalam rapat Senin (4/3/2024) pukul 10.30 WIB.")
    assert keys(facts_of(body)) == {("17.08", "score", 2023, 84.02, None)}


def test_changes_targets_and_averages_are_not_results() -> None:
    body = ("Nilai SPM Kabupaten Kaur tahun 2023 mencapai 80,10, naik 5,2 poin dari tahun lalu. Rata-rata "
            "nasional tercatat 71,5. Tahun depan Pemkab menargetkan nilai 90.")
    assert keys(facts_of(body)) == {("17.04", "score", 2023, 80.1, None)}


# ---------------------------------------------------------------- regions


def test_government_full_forms_and_abbreviations() -> None:
    body = ("Dalam penilaian SPM 2023 oleh Kemendagri, Pemerintah Kabupaten (Pemkab) Rejang Lebong meraih skor "
            "85,60, Pemkot Pangkalpinang meraih 81,31 dan Pemprov Sumbar memperoleh skor 79,10.")
    assert {f.region_code for f in facts_of(body)} == {"17.02", "19.71", "13"}


def test_bare_names_resolved_by_what_surrounds_them() -> None:
    body = ("Ombudsman RI menilai kepatuhan pelayanan publik tahun 2023. Kabupaten Lebong meraih nilai 92, "
            "Kabupaten Rejang Lebong 88,5, Kota Bengkulu 90,1 dan Kabupaten Bengkulu Selatan 77,3. "
            "Provinsi Bengkulu sendiri mencatat nilai 80,62.")
    assert {(f.region_code, f.value) for f in facts_of(body)} == {
        ("17.07", 92.0), ("17.02", 88.5), ("17.71", 90.1), ("17.01", 77.3), ("17", 80.62)}


def test_sumbawa_is_not_sumbawa_barat_and_a_wrong_province_is_flagged() -> None:
    body = ("Pada penilaian SPM triwulan III tahun 2023, Kabupaten Sumbawa Barat meraih skor 86,10. Skor itu di "
            "bawah Pemkab Sumbawa, Provinsi Nusa Tenggara Timur dengan skor 88,14.")
    facts = {f.region_code: f for f in facts_of(body)}
    assert set(facts) == {"52.07", "52.04"}
    assert facts["52.04"].stated_province_code == "53" and "province_mismatch" in facts["52.04"].flags
    assert facts["52.07"].flags == () and facts["52.04"].period == "Q3"


def test_same_name_kabupaten_and_kota() -> None:
    body = ("Dalam evaluasi SPM tahun 2023, Kabupaten Solok meraih nilai 87,12, sedangkan Kota Solok "
            "memperoleh nilai 85,30.")
    assert {(f.region_code, f.value) for f in facts_of(body)} == {("13.02", 87.12), ("13.72", 85.3)}


# ---------------------------------------------------------------- ranks


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Kabupaten Dharmasraya meraih peringkat 2 dari 416 kabupaten dalam penerapan SPM tahun 2023.",
     (2.0, "national", 416)),
    ("Penerapan SPM Kabupaten Kaur tahun 2023 dinilai terbaik se-Provinsi Bengkulu.", (1.0, "province", None)),
    ("Pada penilaian SPM 2023, Kabupaten Kaur menjadi nomor 3 terbaik se-Provinsi Bengkulu.", (3.0, "province", None)),
    ("Dalam penilaian SPM 2023, Kabupaten Kaur berada di posisi pertama se-Indonesia.", (1.0, "national", None)),
    ("Kabupaten Kaur meraih peringkat 100 di tingkat nasional dalam penilaian SPM 2023.", (100.0, "national", None)),
    ("Dalam penilaian SPM 2023, Kabupaten Kaur menempati urutan kelima dari 10 kabupaten/kota di Provinsi "
     "Bengkulu.", (5.0, "province", 10)),
])
def test_ranks(sentence: str, expected: tuple[object, ...]) -> None:
    ranks = [f for f in facts_of(sentence) if f.metric == "rank"]
    assert [(f.value, f.scope, f.out_of) for f in ranks] == [expected]


def test_bands_and_moves_are_not_ranks() -> None:
    body = ("Dalam penilaian SPM 2023, Kabupaten Kaur masuk 10 besar nasional dan naik dua peringkat "
            "dibanding tahun sebelumnya.")
    assert [f for f in facts_of(body) if f.metric == "rank"] == []


def test_a_ranking_list_gives_each_region_its_place() -> None:
    body = ("Hasil MCP KPK 2023 di Sumatera Selatan: peringkat pertama Kota Palembang dengan skor 96,2 persen, "
            "kedua Kabupaten Muara Enim 94,8 persen, ketiga Kota Prabumulih 93,1 persen.")
    ranks = {(f.region_code, f.value, f.scope) for f in facts_of(body) if f.metric == "rank"}
    scores = {(f.region_code, f.value) for f in facts_of(body) if f.metric == "score"}
    assert ranks == {("16.71", 1.0, "province"), ("16.03", 2.0, "province"), ("16.74", 3.0, "province")}
    assert scores == {("16.71", 96.2), ("16.03", 94.8), ("16.74", 93.1)}


# ---------------------------------------------------------------- grades


@pytest.mark.parametrize(("sentence", "grade", "program"), [
    ("Kota Bengkulu masuk zona hijau dalam penilaian Ombudsman RI tahun 2023.", "zona hijau",
     "kepatuhan_pelayanan_publik"),
    ("Ombudsman RI memberi Kota Bengkulu opini kualitas tertinggi pada penilaian 2023.", "kualitas tertinggi",
     "kepatuhan_pelayanan_publik"),
    ("Kota Bengkulu meraih predikat BB dalam evaluasi SAKIP tahun 2023.", "BB", "sakip"),
    ("BPK memberikan opini Wajar Tanpa Pengecualian (WTP) kepada Kota Bengkulu atas LKPD Tahun Anggaran 2023.",
     "WTP", "opini_bpk"),
    ("Pada penilaian kepatuhan Ombudsman 2023, Kota Bengkulu masuk kategori baik.", "baik",
     "kepatuhan_pelayanan_publik"),
])
def test_grades(sentence: str, grade: str, program: str) -> None:
    grades = [f for f in facts_of(sentence) if f.metric == "grade"]
    assert [(f.region_code, f.value, f.program, f.year) for f in grades] == [("17.71", grade, program, 2023)]


def test_grades_are_found_where_lower_casing_changes_the_texts_length() -> None:
    # A sentence is tried only against the grade patterns whose words it holds, found in the lower-cased
    # article; `İ` lower-cases to two characters, so there every pattern is tried instead.
    body = "Kota Bengkulu meraih predikat BB dalam evaluasi SAKIP tahun 2023. Foto: İrfan/Humas."
    grades = [f for f in facts_of(body) if f.metric == "grade"]
    assert [(f.region_code, f.value, f.program) for f in grades] == [("17.71", "BB", "sakip")]


def test_a_reform_grade_in_quotes_is_read() -> None:
    # The reform pattern is tried on sentences holding `reformasi` (any case) or `RB` (in its case).
    body = ("Kota Bengkulu meraih nilai Reformasi Birokrasi \u201cBB\u201d pada evaluasi tahun 2023, terbaik di "
            "Provinsi Bengkulu.")
    grades = [(f.value, f.program) for f in facts_of(body) if f.metric == "grade"]
    assert grades == [("BB", "reformasi_birokrasi")]


# ---------------------------------------------------------------- years and periods


def test_two_years_in_one_sentence() -> None:
    body = ("Capaian SPM Kota Pangkalpinang pada 2022 sebesar 81,31 persen sedangkan tahun 2023 turun menjadi "
            "70,20 persen.")
    assert {(f.year, f.value) for f in facts_of(body)} == {(2022, 81.31), (2023, 70.2)}


def test_a_list_of_years_gives_one_fact_each() -> None:
    body = "Pada tahun 2021 dan 2022 Kabupaten Dharmasraya juga berada pada peringkat dua nasional penerapan SPM."
    assert {(f.year, f.value) for f in facts_of(body)} == {(2021, 2.0), (2022, 2.0)}


def test_periods_belong_to_their_year_only() -> None:
    body = ("Pada penilaian SPM triwulan III tahun 2023, Kabupaten Agam meraih skor 85,40. Pada tahun 2022, "
            "skor Kabupaten Agam 80,10. Capaian semester I tahun 2024 Kabupaten Agam tercatat 86,00.")
    assert {(f.year, f.period, f.value) for f in facts_of(body, published=date(2024, 8, 1))} == {
        (2023, "Q3", 85.4), (2022, None, 80.1), (2024, "S1", 86.0)}


def test_the_year_assessed_not_the_year_published_and_relative_years() -> None:
    body = ("Ombudsman RI mengumumkan hasil penilaian kepatuhan tahun lalu: Kabupaten Kaur meraih nilai 78,5. "
            "Setahun sebelumnya nilai Kaur hanya 70,2.")
    assert {(f.year, f.value) for f in facts_of(body, published=date(2024, 1, 10))} == {(2023, 78.5), (2022, 70.2)}


def test_a_year_from_context_is_marked_as_a_guess() -> None:
    facts = facts_of("Penilaian SPM tahun 2023 sudah diumumkan. Kabupaten Kaur meraih skor 80,5.")
    assert [(f.year, f.confidence < 1) for f in facts] == [(2023, True)]


def test_an_aside_about_earlier_years_does_not_move_the_article_year() -> None:
    body = ("Kabupaten Agam meraih predikat sangat inovatif dalam IGA 2023 dengan indeks 64,07. Pada tahun 2021 "
            "dan 2022 Agam juga meraih predikat sangat inovatif. Di tingkat nasional, Agam berada di urutan ke-21.")
    rank = [f for f in facts_of(body) if f.metric == "rank"]
    assert [(f.year, f.value) for f in rank] == [(2023, 21.0)]


# ---------------------------------------------------------------- assessor and programme


@pytest.mark.parametrize(("sentence", "assessor", "program"), [
    ("Skor MCP KPK Kabupaten Batang tahun 2023 mencapai 95,12 persen.", "kpk", "mcp"),
    ("Indeks SPI Kabupaten Batang tahun 2023 sebesar 74,5.", "kpk", "spi"),
    ("Kabupaten Batang meraih nilai 88,2 dalam penilaian kepatuhan pelayanan publik Ombudsman 2023.", "ombudsman",
     "kepatuhan_pelayanan_publik"),
    ("Nilai evaluasi pelayanan publik KemenPAN-RB untuk Kabupaten Batang tahun 2023 adalah 4,12.", "kemenpan_rb",
     "ipp"),
    ("Kabupaten Batang meraih skor EPPD 3,4521 dari Kemendagri untuk kinerja tahun 2022.", "kemendagri", "eppd"),
])
def test_assessor_and_programme(sentence: str, assessor: str, program: str) -> None:
    facts = facts_of(sentence)
    assert [(f.assessor, f.program) for f in facts] == [(assessor, program)]


def test_a_programme_implies_its_assessor_with_less_confidence() -> None:
    facts = facts_of("Capaian SPM Kabupaten Batang tahun 2023 mencapai 91 persen.")
    assert [(f.assessor, f.confidence < 1) for f in facts] == [("kemendagri", True)]


# ---------------------------------------------------------------- attribution


def test_three_regions_in_one_sentence_each_get_their_own_number() -> None:
    body = ("Menurut evaluasi SPM tahun 2023 dari Kemendagri, Kabupaten Kepahiang mencapai skor 85,60, melampaui "
            "Kabupaten Seluma yang mendapat skor 74,02, dan Kabupaten Kaur dengan skor 72,55.")
    assert {(f.region_code, f.value) for f in facts_of(body)} == {("17.08", 85.6), ("17.05", 74.02), ("17.04", 72.55)}


def test_a_paragraph_continuing_about_the_same_region_keeps_it() -> None:
    body = ("Kabupaten Mukomuko dinilai Ombudsman RI pada penilaian kepatuhan 2023. Kabupaten tersebut meraih "
            "nilai 84,12 dan masuk zona hijau.")
    assert {(f.region_code, f.metric) for f in facts_of(body)} == {("17.06", "score"), ("17.06", "grade")}


def test_the_province_score_in_an_article_about_a_kabupaten() -> None:
    body = ("Kabupaten Kerinci meraih nilai SPM 80,5 pada penilaian Kemendagri tahun 2023. Sementara itu, "
            "Provinsi Jambi sendiri meraih nilai 79,2.")
    assert {(f.region_code, f.value) for f in facts_of(body, title="SPM Kerinci Naik")} == {
        ("15.01", 80.5), ("15", 79.2)}


def test_agency_scores_are_not_the_regions() -> None:
    body = ("Dalam penilaian Ombudsman RI tahun 2023, Kabupaten Alor meraih nilai 80,12. RSUD Kalabahi "
            "memperoleh nilai 91,20, sedangkan Dinas Dukcapil memperoleh 68,40.")
    assert {(f.region_code, f.value) for f in facts_of(body)} == {("53.05", 80.12)}


def test_an_article_with_no_claim() -> None:
    article = article_from_text("Pemkab Kaur Gelar Rakor SPM\n\nKAUR - Pemerintah Kabupaten Kaur menggelar rapat "
                                "koordinasi penerapan SPM, Senin (4/3/2024). Sekda Kaur, Nandar Munadi, menargetkan "
                                "capaian 100 persen pada 2025.\n")
    extraction = extract(article)
    assert extraction.facts == ()
    assert [(o.name, o.role, o.region_code) for o in extraction.officials] == [("Nandar Munadi", "Sekda", "17.04")]


def test_a_story_that_names_no_region_is_read_not_dropped() -> None:
    extraction = extract(Article(title="Rakor Penerapan SPM", body="Rapat koordinasi SPM digelar pada Senin. "
                                 "Peserta membahas capaian layanan dasar tahun lalu.", published=date(2024, 3, 4)))
    assert extraction.facts == ()


def test_drivers_compliance_is_not_the_ombudsman_assessment() -> None:
    title = "Tingkat Kepatuhan Pengendara di Kota Bengkulu Capai 85 Persen"
    body = ("Satlantas Polresta Bengkulu mencatat tingkat kepatuhan pengendara selama operasi Zebra 2023 "
            "mencapai 85 persen, naik dari 78 persen tahun sebelumnya.")
    assert facts_of(body, title) == []


def test_a_text_longer_than_the_pipeline_limit_is_read_in_pieces() -> None:
    from extractors.facts.nlp import default_pipeline

    claim = "Dalam penilaian Ombudsman RI tahun 2023, Kabupaten Alor meraih nilai 80,12."
    filler = "\n\n".join(["Warga memadati pasar pada pagi hari untuk berbelanja kebutuhan pokok."] * 40)
    short = facts_of(claim)
    nlp = default_pipeline()
    limit = nlp.max_length
    nlp.max_length = len(filler) // 3
    try:
        long = facts_of(f"{filler}\n\n{claim}\n\n{filler}", title="")
    finally:
        nlp.max_length = limit
    assert [(f.region_code, f.value) for f in long] == [(f.region_code, f.value) for f in short] == [("53.05", 80.12)]
    body = f"{filler}\n\n{claim}\n\n{filler}"
    assert body[long[0].quote_start:long[0].quote_end] == long[0].quote


def test_a_grade_followed_by_the_list_of_its_holders() -> None:
    body = ("BPK menyerahkan LHP atas LKPD tahun anggaran 2019. Sebanyak 3 kabupaten yang mendapat opini WDP "
            "antara lain kabupaten Kaur, Seluma dan Lebong, sedangkan Kota Bengkulu meraih opini WTP.")
    got = {(f.region_code, f.value, f.year) for f in facts_of(body, published=date(2020, 6, 2))}
    assert got == {("17.04", "WDP", 2019), ("17.05", "WDP", 2019), ("17.07", "WDP", 2019), ("17.71", "WTP", 2019)}


def test_a_list_after_adalah_and_counts_after_a_grade() -> None:
    body = ("Ombudsman merilis hasil penilaian kepatuhan 2023 di Provinsi Bengkulu. Zona hijau sebanyak 2 "
            "kabupaten, zona kuning ada 5, dan zona merah terdapat 2 kabupaten yaitu Kabupaten Kaur dan Kabupaten "
            "Seluma. Dua daerah yang masuk zona hijau adalah Pemkab Lebong (skor 91,20) dan Pemkot Bengkulu "
            "(88,75).")
    got = {(f.region_code, f.value) for f in facts_of(body)}
    assert got == {("17.04", "zona merah"), ("17.05", "zona merah"), ("17.07", "zona hijau"), ("17.07", 91.2),
                   ("17.71", "zona hijau"), ("17.71", 88.75)}


def test_regions_a_count_stood_for_are_named_in_the_next_sentence() -> None:
    body = ("Ombudsman RI mengumumkan hasil penilaian kepatuhan 2023 di Bengkulu. Tiga kabupaten masih berada "
            "di zona merah, sedangkan dua kabupaten di zona kuning. Ketiga kabupaten tersebut adalah Kabupaten "
            "Kaur, Seluma dan Lebong. Pemerintah daerah diminta berbenah.")
    got = {(f.region_code, f.value, f.year) for f in facts_of(body)}
    assert got == {("17.04", "zona merah", 2023), ("17.05", "zona merah", 2023), ("17.07", "zona merah", 2023)}


def test_a_count_of_regions_not_named_after_gives_nothing() -> None:
    body = ("Ombudsman RI mengumumkan hasil penilaian kepatuhan 2023 di Bengkulu. Tiga kabupaten masih berada "
            "di zona merah. Kabupaten Kaur, Seluma dan Lebong menggelar rapat evaluasi pekan depan.")
    assert facts_of(body) == []


def test_a_region_said_to_be_one_of_a_counted_group_holds_its_grade() -> None:
    body = ("Ombudsman RI merilis penilaian kepatuhan 2023 di hadapan Bupati Kaur. Di Sumatera, hanya tujuh pemkab "
            "yang masuk zona hijau. Pemkab Lebong termasuk tujuh pemkab tersebut.")
    assert {(f.region_code, f.value) for f in facts_of(body)} == {("17.07", "zona hijau")}


def test_a_count_with_its_list_before_the_grade() -> None:
    body = ("Hasil penilaian kepatuhan Ombudsman 2023 di Bengkulu membaik, kecuali dua kabupaten yakni Kaur dan "
            "Seluma yang masih berada di zona kuning.")
    assert {(f.region_code, f.value) for f in facts_of(body)} == {("17.04", "zona kuning"), ("17.05", "zona kuning")}


def test_regions_in_general_and_the_scale_explained_hold_no_grade() -> None:
    body = ("Ombudsman RI menyerahkan hasil penilaian kepatuhan 2023 kepada Pemkab Lebong. Lebong meraih zona "
            "hijau. Zona kuning diberikan untuk tingkat kepatuhan sedang (nilai 51-80). Ombudsman mengapresiasi "
            "kab/kota yang berada pada zona hijau. Ada juga kabupaten yang nyaris turun ke zona merah.")
    assert {(f.region_code, f.value) for f in facts_of(body)} == {("17.07", "zona hijau")}


def test_an_assessment_named_a_few_words_before_its_year_dates_the_article() -> None:
    body = ("Ombudsman RI merilis hasil penilaian kepatuhan pelayanan publik Pemerintah Daerah (Pemda) se-Provinsi "
            "Bengkulu tahun 2023. Kepala perwakilan mengatakan, pada tahun 2022 lalu, nilai kepatuhan rata-rata "
            "masih di kualitas sedang. Kabupaten Lebong kini meraih nilai 92,10.")
    assert {(f.region_code, f.value, f.year) for f in facts_of(body)} == {("17.07", 92.1, 2023)}


def test_a_grade_heading_a_list_of_lines() -> None:
    text = ("BPK Serahkan LHP atas LKPD 2023 kepada Pemda di Bengkulu\n\n"
            "BPK Perwakilan Bengkulu menyerahkan LHP atas LKPD tahun anggaran 2023 kepada empat pemerintah daerah.\n"
            "Daerah dengan opini WTP:\nKabupaten Rejang Lebong\nKabupaten Bengkulu Utara\nKota Bengkulu\n"
            "Daerah dengan opini WDP:\nKabupaten Kaur\n"
            "Kepala perwakilan meminta rekomendasi pemeriksaan segera ditindaklanjuti.")
    got = {(f.region_code, f.value, f.year) for f in extract(article_from_text(text)).facts}
    assert got == {("17.02", "WTP", 2023), ("17.03", "WTP", 2023), ("17.71", "WTP", 2023), ("17.04", "WDP", 2023)}


def test_a_list_introduced_with_yakni_and_a_comma() -> None:
    body = ("Kemendagri merilis Indeks Inovasi Daerah 2023. Adapun daerah yang dinilai kurang inovatif seperti "
            "diumumkan Kamis (2/2) yakni, Kaur, Seluma dan Lebong.")
    assert {f.region_code for f in facts_of(body)} == {"17.04", "17.05", "17.07"}


def test_a_list_after_the_sentence_turns_is_not_the_first_grades() -> None:
    body = ("BPK menyerahkan LHP atas LKPD tahun anggaran 2023. Tiga daerah menerima opini WTP, sementara satu "
            "daerah, yakni Kabupaten Kaur, menerima opini WDP.")
    assert {(f.region_code, f.value) for f in facts_of(body)} == {("17.04", "WDP")}


def test_ranks_in_a_story_about_one_province_are_places_in_it() -> None:
    body = ("Ombudsman RI Perwakilan Bengkulu mengumumkan penilaian kepatuhan 2023 di Provinsi Bengkulu. "
            "Pemkab Lebong menduduki peringkat pertama, posisi kedua diisi oleh Pemkab Kaur.\n\n"
            "Pemprov Bengkulu sendiri berada di peringkat 7.")
    got = {(f.region_code, f.value, f.scope) for f in facts_of(body)}
    assert got == {("17.07", 1.0, "province"), ("17.04", 2.0, "province"), ("17", 7.0, "national")}


def test_a_rank_beyond_the_provinces_size_is_national() -> None:
    body = ("Hasil EPPD 2023 diumumkan di Provinsi Bengkulu. Kabupaten Kaur menduduki peringkat ke-37.")
    assert {(f.value, f.scope) for f in facts_of(body)} == {(37.0, "national")}


def test_a_list_after_terdiri_atas() -> None:
    body = ("Ombudsman RI merilis penilaian kepatuhan 2023. Tiga pemda yang masuk zona merah terdiri atas "
            "Kabupaten Kaur (45,10), Kabupaten Seluma (40,02) dan Kabupaten Lebong (38,75).")
    got = {(f.region_code, f.value) for f in facts_of(body) if f.metric == "grade"}
    assert got == {("17.04", "zona merah"), ("17.05", "zona merah"), ("17.07", "zona merah")}


def test_a_grade_for_the_regions_just_listed() -> None:
    body = ("Kemendagri merilis Indeks Inovasi Daerah 2023. Nilai terendah di Sumatera dicatat Provinsi "
            "Bengkulu, Jambi dan Lampung. Ketiga provinsi tersebut masuk kategori kurang inovatif.")
    got = {(f.region_code, f.value) for f in facts_of(body)}
    assert got == {("17", "kurang inovatif"), ("15", "kurang inovatif"), ("18", "kurang inovatif")}


def test_a_year_told_as_before_is_not_the_year_the_article_is_about() -> None:
    body = ("Ombudsman RI menyerahkan hasil penilaian kepatuhan kepada Kabupaten Kaur. Kaur meraih nilai 88,10, "
            "padahal sebelumnya pada tahun 2022 hanya mendapat nilai 70,05.")
    got = {(f.value, f.year) for f in facts_of(body, published=date(2024, 1, 20))}
    assert got == {(88.1, 2023), (70.05, 2022)}


def test_grades_in_brackets_after_each_government() -> None:
    body = ("Hasil evaluasi SAKIP 2023 diserahkan kepada Pemprov Bengkulu (BB), Pemkab Kaur (B), "
            "dan Pemkot Bengkulu (A).")
    assert {(f.region_code, f.value) for f in facts_of(body)} == {("17", "BB"), ("17.04", "B"), ("17.71", "A")}


def test_a_count_of_regions_and_a_band_of_the_scale_are_not_results() -> None:
    body = ("Dalam evaluasi SAKIP 2023, Kabupaten Kaur meraih predikat B. Secara nasional 7 pemda meraih "
            "predikat A, 21 dengan predikat BB. Predikat B diberikan untuk nilai 60 sampai 70.")
    assert {(f.region_code, f.value) for f in facts_of(body)} == {("17.04", "B")}


def test_a_year_that_leads_the_next_value_in_a_list_is_that_values() -> None:
    body = ("Pada tahun 2020 nilai SAKIP Kabupaten Kaur di angka 60,03, tahun 2021 mencapai 61,46, "
            "tahun 2022 mendapat 62,63.")
    assert {(f.value, f.year) for f in facts_of(body)} == {(60.03, 2020), (61.46, 2021), (62.63, 2022)}


def test_an_evaluation_year_reads_the_report_of_the_year_before() -> None:
    body = ("Kabupaten Kaur meraih skor 3,1020 dalam Evaluasi Penyelenggaraan Pemerintahan Daerah (EPPD) Tahun "
            "2023. Penilaian itu didasarkan pada Laporan Penyelenggaraan Pemerintahan Daerah (LPPD) Tahun 2022.")
    assert {(f.value, f.year) for f in facts_of(body)} == {(3.102, 2022)}


def test_a_year_compared_with_is_not_the_year_of_the_story() -> None:
    body = ("Ombudsman menetapkan Kabupaten Kaur masuk zona hijau dengan nilai 88,10. Pembandingnya, hasil "
            "survei 2019 lebih rendah.")
    assert {(f.value, f.year) for f in facts_of(body, published=date(2021, 12, 20))} == {
        ("zona hijau", 2021), (88.1, 2021)}


def test_results_told_in_january_without_a_year_are_last_years() -> None:
    body = "Nilai MCP KPK Kabupaten Kaur naik ke angka 55 persen."
    assert [f.year for f in facts_of(body, published=date(2020, 1, 27))] == [2019]


def test_stories_that_name_a_programme_and_state_no_result_of_a_region() -> None:
    bodies = [
        "Dalam lomba inovasi daerah 2024 di Kabupaten Kaur, Juara II diraih Dinas Kesehatan dan Peringkat VII "
        "diraih Bagian Organisasi.",
        "Kota Bengkulu menerima piagam atas capaian SPM tertinggi bidang pendidikan se-Provinsi Bengkulu 2024.",
        "Ombudsman mendampingi Pemkab Kaur untuk mencapai predikat zona hijau pada 2024.",
        "Hasil penilaian Ombudsman dari tahun 2019 hingga 2023 belum pernah memberikan predikat zona hijau "
        "kepada Kabupaten Kaur.",
    ]
    for body in bodies:
        assert facts_of(body, published=date(2024, 5, 2)) == [], body


# ---------------------------------------------------------------- shapes of real reporting (issue 13)


def test_a_category_heading_grades_every_region_ranked_under_it() -> None:
    body = ("Ombudsman RI Perwakilan Bengkulu menyerahkan hasil penilaian kepatuhan pelayanan publik 2023.\n\n"
            "Pada kategori pemerintah kota dengan zona hijau, Kota Bengkulu berada di peringkat pertama dengan "
            "nilai 91,20.\n\nDi posisi kedua, Kabupaten Kaur dengan nilai 88,10.\n\n"
            "Untuk kategori kabupaten dengan zona kuning, Kabupaten Seluma meraih peringkat pertama dengan nilai "
            "70,05.")
    grades = {(f.region_code, f.value) for f in facts_of(body) if f.metric == "grade"}
    assert grades == {("17.71", "zona hijau"), ("17.04", "zona hijau"), ("17.05", "zona kuning")}


def test_a_paragraph_that_only_goes_on_with_a_list_keeps_its_grade() -> None:
    body = ("Ombudsman menilai kepatuhan pelayanan publik tahun 2023. Empat pemda yang masuk zona merah terdiri "
            "atas Kabupaten Kaur (40,10), Kabupaten Seluma (38,00).\n\nKabupaten Lebong (35,50), Kabupaten Mukomuko "
            "(30,25).")
    red = {f.region_code for f in facts_of(body) if f.value == "zona merah"}
    assert red == {"17.04", "17.05", "17.07", "17.06"}


def test_some_of_a_counted_group_named_hold_its_grade() -> None:
    body = ("Dari 10 daerah yang dinilai Ombudsman tahun 2023, 6 di antaranya meraih opini kualitas tertinggi. "
            "Beberapa daerah dengan skor tertinggi antara lain Kabupaten Kaur (97,10) dan Kota Bengkulu (95,40).")
    best = {f.region_code for f in facts_of(body) if f.value == "kualitas tertinggi"}
    assert best == {"17.04", "17.71"}


def test_a_grade_held_over_a_run_of_years_is_one_fact_a_year() -> None:
    facts = facts_of("Sejak tahun 2019-2021, Pemkab Kaur hanya memperoleh opini WDP dari BPK.")
    assert sorted(f.year for f in facts if f.value == "WDP") == [2019, 2020, 2021]
    facts = facts_of("Periode RPJMD 2021-2026 menargetkan Pemkab Kaur meraih opini WTP.")
    assert [f.year for f in facts] != [2021, 2022, 2023, 2024, 2025, 2026]


def test_roman_ranks_zonasi_and_an_index_that_could_not_be_assessed() -> None:
    facts = facts_of("Pada EPPD tahun 2022, peringkat ke III nasional ditempati Kabupaten Kaur.")
    assert {(f.region_code, f.value) for f in facts} == {("17.04", 3.0)}
    facts = facts_of("Hasil penilaian Ombudsman 2023, Kabupaten Seluma masuk zonasi kuning.")
    assert {(f.region_code, f.value) for f in facts} == {("17.05", "zona kuning")}
    facts = facts_of("Kemendagri mencatat Kabupaten Lebong sebagai daerah dengan indeks inovasi daerah tidak dapat "
                     "dinilai pada IGA 2023.")
    assert {(f.region_code, f.value, f.program) for f in facts} == {("17.07", "tidak dapat dinilai", "iga")}


def test_a_related_links_box_inside_the_story_does_not_end_it() -> None:
    text = ("Kaur Raih Peringkat Pertama EPPD\n\nKAUR - Kabupaten Kaur meraih peringkat pertama EPPD tahun 2023 "
            "se-Provinsi Bengkulu.\n\nBerita Lainnya\n\nKabupaten Kaur juga mendapat skor 3,41 dalam evaluasi yang "
            "sama dari Kemendagri tahun 2023.\n\nTag\nEPPD\n")
    article = article_from_text(text)
    assert "skor 3,41" in article.body and "Berita Lainnya" not in article.body and "EPPD\n" not in article.body


def test_what_real_stories_say_beside_results_is_not_a_result() -> None:
    bodies = [
        # a point of the scale explained, a gap, another index, a count of opinions
        "Survei SPI 2023 memakai rentang 0-100, dengan angka 100 sebagai kondisi paling terjaga di Kabupaten Kaur.",
        "Nilai MCP Kota Bengkulu 2023 hanya terpaut tipis 0,5 poin dari Kabupaten Kaur.",
        "Pada 2023 IPM Kabupaten Kaur berada di angka 70,39 menurut evaluasi Kemendagri.",
        "Hingga 2023 Kabupaten Kaur telah mengoleksi 9 opini WTP dari BPK.",
        # regions counted, not named; a grade for whoever holds it; a run of years not dated; a plan
        "Ombudsman menilai 10 daerah di Provinsi Bengkulu tahun 2023: tujuh kabupaten masuk zona hijau.",
        "Penilaian Ombudsman 2023 di Provinsi Bengkulu: sementara 4 kabupaten/kota lainnya masuk zona kuning.",
        "Dalam evaluasi SAKIP 2023 Provinsi Bengkulu, bagi yang masih berpredikat B diminta berbenah.",
        "Selama tujuh tahun LAKIP Provinsi Bengkulu selalu mendapat nilai rendah (kategori CC).",
        "Pemprov Bengkulu mengupayakan IID 2023 naik dari peringkat 20 ke peringkat 10 nasional.",
    ]
    for body in bodies:
        assert facts_of(body, published=date(2024, 1, 20)) == [], body


def test_a_year_that_leads_its_own_value_is_not_part_of_a_list() -> None:
    body = "Indeks pelayanan publik Kabupaten Kaur naik jadi 4,27 pada 2022, dan 2023 tercatat 4,03."
    assert {(f.year, f.value) for f in facts_of(body)} == {(2022, 4.27), (2023, 4.03)}


def test_values_told_respectively_go_to_the_regions_in_order() -> None:
    facts = facts_of("Pada survei SPI 2023, Kabupaten Kaur dan Kota Bengkulu meraih skor masing-masing 78,10 dan "
                     "76,45.")
    assert {(f.region_code, f.value) for f in facts} == {("17.04", 78.1), ("17.71", 76.45)}
    facts = facts_of("Dalam IGA 2023, Kabupaten Seluma dan Lebong berada diurutan 29 dan 30 nasional.")
    assert {(f.region_code, f.value, f.metric) for f in facts} == {("17.05", 29.0, "rank"), ("17.07", 30.0, "rank")}


def test_one_sentence_two_programmes_with_the_same_grade_are_two_facts() -> None:
    body = ("Pada evaluasi RB 2023 Kabupaten Kaur memperoleh nilai 61,36 dengan predikat B. Sementara itu, "
            "berdasarkan indeks SAKIP 2023 Kabupaten Kaur memperoleh nilai 63,22 dengan predikat B.")
    assert {(f.program, f.value) for f in facts_of(body) if f.metric == "grade"} == {
        ("reformasi_birokrasi", "B"), ("sakip", "B")}


def test_grades_named_with_their_programme_and_the_scales_of_spm_and_eppd() -> None:
    facts = facts_of("Tahun 2023 Kabupaten Kaur mendapatkan nilai Sakip \u201dB\u201d dan Reformasi Birokrasi "
                     "\u201cCC\u201d.")
    assert {(f.program, f.value) for f in facts} == {("sakip", "B"), ("reformasi_birokrasi", "CC")}
    facts = facts_of("Pada penerapan SPM 2023, Kabupaten Seluma mendapat kategori Tuntas Utama.")
    assert {(f.program, f.value) for f in facts} == {("spm", "tuntas utama")}
    facts = facts_of("Pada SPM 2023 Kota Bengkulu meraih capaian tertinggi bidang pendidikan, predikat Tuntas Utama.")
    assert [f for f in facts if f.metric == "grade"] == []
    facts = facts_of("Berdasarkan EPPD atas LPPD tahun 2022, Kabupaten Lebong meraih prestasi sangat tinggi.")
    assert {(f.program, f.value, f.year) for f in facts} == {("eppd", "sangat tinggi", 2022)}


def test_the_years_and_fields_real_stories_attach_to_values() -> None:
    # the years a grade was held, told after it; the assessor's office is where, not who
    body = ("Wali Kota Bengkulu, Dedy Wahyudi, usai menyerahkan LKPD 2023 di BPK Bengkulu mengaku opini WTP sudah "
            "diperoleh selama tiga tahun yakni 2020, 2021 dan 2022.")
    assert {(f.region_code, f.year) for f in facts_of(body)} == {("17.71", 2020), ("17.71", 2021), ("17.71", 2022)}
    # a province right after a rank is its field when a kabupaten of it was named before
    facts = facts_of("Pada penilaian LPPD tahun 2021, Kaur berada di peringkat ke-7 Bengkulu.")
    assert {(f.region_code, f.scope, f.value) for f in facts} == {("17.04", "province", 7.0)}
    # a year said again as `satu tahun sebelumnya` is that year
    facts = facts_of("Untuk penilaian LPPD tahun 2021 atau satu tahun sebelumnya, Kaur meraih peringkat keempat di "
                     "Bengkulu.")
    assert [f.year for f in facts] == [2021]


def test_a_report_evaluated_two_years_on_dates_the_news_from_further_down() -> None:
    body = ("Kabupaten Kaur meraih peringkat pertama EPPD se-Provinsi Bengkulu.\n\nHal itu disampaikan Kabag "
            "Pemerintahan Kaur, Senin (13/5/2024).\n\nMenurut dia, tim terus berbenah.\n\nPeringkat itu merupakan "
            "hasil penilaian LPPD tahun 2022 dan diumumkan pada 2024. Sedangkan hasil LPPD tahun 2023 masih dalam "
            "proses.")
    assert [f.year for f in facts_of(body, published=date(2024, 5, 13))] == [2022]


def test_whose_value_when_a_story_compares_hands_over_or_goes_on_in_a_year() -> None:
    facts = facts_of("Evaluasi SAKIP 2023 di Bengkulu. Sementara Kabupaten Seluma, yang kerap dibandingkan dengan Kaur "
                     "dalam hal kinerja, hanya berada di peringkat 9 dengan predikat CC.")
    assert {f.region_code for f in facts} == {"17.05"}
    facts = facts_of("Penghargaan Ombudsman 2023 diterima Bupati Kaur pada peringkat kedua, serta Bupati Seluma yang "
                     "turut hadir menerima penghargaan pada peringkat ketiga se-Provinsi Bengkulu.")
    assert {(f.region_code, f.value) for f in facts} == {("17.04", 2.0), ("17.05", 3.0)}
    body = ("Evaluasi RB Kabupaten Kaur dari tahun ke tahun.\n\nTahun 2021 Kaur mencatat skor 62,30 poin. Meski nilai "
            "membaik, peringkat Kaur turun ke posisi ke-6 di Bengkulu.\n\nPada 2023 Kaur meraih skor 70,15 poin.")
    assert {(f.metric, f.year) for f in facts_of(body)} == {("score", 2021), ("rank", 2021), ("score", 2023)}


def test_the_provincial_government_unnamed_is_the_storys_province() -> None:
    body = ("Ombudsman menyerahkan penghargaan kepatuhan 2023 kepada Kabupaten Kaur. Berdasarkan penilaian tahun "
            "2023, Pemerintah Provinsi masih berada pada zona kuning.")
    assert ("17", "zona kuning") in {(f.region_code, f.value) for f in facts_of(body)}


def test_the_highest_score_is_first_place_but_not_a_best_ever_or_a_sector() -> None:
    facts = facts_of("Pada evaluasi SAKIP 2023 se-Provinsi Bengkulu, nilai tertinggi diraih Kabupaten Kaur.")
    assert {(f.region_code, f.metric, f.value, f.scope) for f in facts} == {("17.04", "rank", 1.0, "province")}
    for body in ("Pada SAKIP 2023, Kabupaten Kaur meraih nilai tertinggi sepanjang sejarahnya.",
                 "Dari indikator LPPD 2023, Kabupaten Kaur mendapatkan nilai tertinggi dalam 13 aspek.",
                 "Pada SAKIP 2023, Kabupaten Kaur masuk lima besar peraih nilai tertinggi."):
        assert [f for f in facts_of(body) if f.metric == "rank"] == [], body


def test_undated_copies_take_the_year_of_the_decree_they_report() -> None:
    body = ("Kemendagri menetapkan Indeks Inovasi Daerah berdasarkan SK nomor 002.6-5848 tahun 2021. Kabupaten "
            "Kaur meraih skor indeks inovasi 54,04.")
    assert [(f.year, f.value) for f in facts_of(body, published=None)] == [(2021, 54.04)]


def test_the_earlier_grade_of_a_change_dated_before_it_is_the_year_before() -> None:
    facts = facts_of("Kota Bengkulu dalam evaluasi SAKIP tahun 2023 naik dari predikat B menjadi BB.")
    assert {(f.value, f.year) for f in facts} == {("B", 2022), ("BB", 2023)}


def test_a_grade_every_government_of_a_province_holds_goes_to_each_one_with_a_result() -> None:
    body = ("Ombudsman menilai kepatuhan pelayanan publik 2023 di Provinsi Bengkulu. Seluruh pemerintah daerah di "
            "Bengkulu berhasil meraih predikat zona hijau. Kabupaten Kaur meraih nilai 97,10 dan Kota Bengkulu "
            "95,40.")
    assert {f.region_code for f in facts_of(body) if f.value == "zona hijau"} == {"17.04", "17.71"}
    body = body.replace("Seluruh pemerintah daerah", "Hampir seluruh pemerintah daerah")
    assert {f.region_code for f in facts_of(body) if f.value == "zona hijau"} == set()


def test_names_typed_with_a_lower_case_later_word_are_still_names() -> None:
    facts = facts_of("Penilaian Ombudsman 2023: Kabupaten Rejang lebong dengan nilai 81,20.")
    assert {(f.region_code, f.value) for f in facts} == {("17.02", 81.2)}
    facts = facts_of("Penilaian Ombudsman 2023: ibu Kota baru itu belum dinilai, Kabupaten Kaur meraih nilai 81,20.")
    assert {f.region_code for f in facts} == {"17.04"}


def test_a_grade_said_again_as_its_letter_and_a_score_beside_a_national_rank() -> None:
    facts = facts_of("Pada SAKIP 2023 Pemprov Bengkulu memperoleh nilai 71,22 dengan predikat sangat baik atau BB.")
    assert {f.value for f in facts if f.metric == "grade"} == {"BB"}
    facts = facts_of("Pada IPP 2023 Kota Bengkulu menduduki peringkat ketiga nasional, dengan predikat A dan indeks "
                     "4,67 dari skala 5.")
    assert 4.67 in {f.value for f in facts if f.metric == "score"}
    facts = facts_of("Pada penilaian Ombudsman 2023 Pemprov Bengkulu berada di grade A.")
    assert {f.value for f in facts} == {"A"}


# ---------------------------------------------------------------- officials


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Sekretaris Daerah (Sekda) Kabupaten Rejang Lebong, Yusran Fauzi, ST mengatakan hal itu.",
     ("Yusran Fauzi", "Sekda", "17.02")),
    ("Sekda Lebong, H Mustarani Abidin SH MSi mengatakan hal itu.", ("Mustarani Abidin", "Sekda", "17.07")),
    ("Bupati Dharmasraya, Sutan Riska Tuanku Kerajaan meninjau lokasi.",
     ("Sutan Riska Tuanku Kerajaan", "Bupati", "13.10")),
    ("Walikota Bengkulu Dr. Hj. Dewi Lestari, M.Pd, membuka acara.", ("Dewi Lestari", "Wali Kota", "17.71")),
    ("Wakil Bupati Agam, Ir Rinaldi Syahputra MT, hadir.", ("Rinaldi Syahputra", "Wakil Bupati", "13.06")),
    ("Pj Gubernur Bengkulu Drs. Hamdan Sani, M.Si membuka rapat.", ("Hamdan Sani", "Pj Gubernur", "17")),
    ("Kepala Dinas Kesehatan Kabupaten Kaur, dr. Rina Wati, M.Kes menjelaskan.",
     ("Rina Wati", "Kepala Dinas Kesehatan", "17.04")),
    ("Hal itu disampaikan Anton Wijaya, S.Sos, Sekda Kaur, kemarin.", ("Anton Wijaya", "Sekda", "17.04")),
    # shapes found on real pages: a descriptor between office and region, a bracket or a province after the
    # region, `selaku`, a lower-case honorific, initials with their full stop, glued and acting titles
    ("Asisten II Bidang Perekonomian dan Pembangunan, Rudi Hartono menyerahkan laporan.",
     ("Rudi Hartono", "Asisten II", None)),
    ("Piagam diterima Asisten I Sekretaris Daerah Kabupaten Kaur, Joni Saputra, di Jakarta.",
     ("Joni Saputra", "Asisten I", "17.04")),
    ("Menurut Wakil Bupati Bengkulu Selatan (BS) Rifai Tajudin, nilai itu naik.",
     ("Rifai Tajudin", "Wakil Bupati", "17.01")),
    ("Bupati Seluma, Bengkulu, Dr. Erwin Octavian menerima piagam.", ("Erwin Octavian", "Bupati", "17.05")),
    ("Piagam diterima Dedi Ermansyah selaku Plt Sekda Provinsi Bengkulu.", ("Dedi Ermansyah", "Plt Sekda", "17")),
    ("Penjabat Gubernur pak Rohidin Mersyah memberi arahan di Bengkulu.", ("Rohidin Mersyah", "Pj Gubernur", "17")),
    ("Wakil Wali Kota Bengkulu Dedy W. Hardiansyah hadir.", ("Dedy W. Hardiansyah", "Wakil Wali Kota", "17.71")),
    ("PJs Bupati Kaur, Budi Hartono menerima piagam.", ("Budi Hartono", "Pjs Bupati", "17.04")),
    ("Piagam diterima Kadisdukcapil Kota Bengkulu, Rini Astuti.",
     ("Rini Astuti", "Kepala Dinas Kependudukan dan Pencatatan Sipil", "17.71")),
    ("Bupati Badung AA Ngurah Bagus Wirawan hadir.", ("AA Ngurah Bagus Wirawan", "Bupati", "51.03")),
    ("Hal ini disampaikan Kepala Dinas Sosial Kabupaten Kaur Rina Wati, SSos, di kantornya",
     ("Rina Wati", "Kepala Dinas Sosial", "17.04")),
])
def test_officials_in_their_common_shapes(sentence: str, expected: tuple[str, str, str]) -> None:
    officials = extract(Article(title="", body=sentence)).officials
    assert [(o.name, o.role, o.region_code) for o in officials] == [expected]


def test_officials_named_together_share_a_region_and_offices_without_names_are_not_people() -> None:
    body = ("Hadir Inspektur Daerah Kota Bengkulu Yunita Sari, Kadinsos Heru Pratama dan Kepala BPBD Yandri Kusuma. "
            "Hasilnya dilaporkan kepada Sekretaris Daerah, Kabag. Organisasi dan Kepala Inspektorat, Kepala Badan "
            "Kepegawaian Daerah, Kepala Bappeda.")
    officials = extract(Article(title="", body=body)).officials
    assert [(o.name, o.role, o.region_code) for o in officials] == [
        ("Yunita Sari", "Inspektur", "17.71"), ("Heru Pratama", "Kepala Dinas Sosial", "17.71"),
        ("Yandri Kusuma", "Kepala BPBD", "17.71")]
    body = "Laporan diserahkan Bupati Kaur, Gusril Pausi, didampingi Kepala BPBD Yandri Kusuma di Bengkulu."
    assert [(o.name, o.role, o.region_code) for o in extract(Article(title="", body=body)).officials] == [
        ("Gusril Pausi", "Bupati", "17.04"), ("Yandri Kusuma", "Kepala BPBD", "17.04")]


def test_an_official_told_again_by_a_short_name_is_the_same_person() -> None:
    body = ("Bupati Kaur, Gusril Pausi, menerima piagam. Bupati Gusril berharap capaian itu terjaga.")
    officials = extract(Article(title="", body=body)).officials
    assert [(o.name, o.role, o.region_code) for o in officials] == [("Gusril Pausi", "Bupati", "17.04")]


def test_national_officials_and_offices_as_things_are_not_listed() -> None:
    body = ("Kepala Perwakilan Ombudsman RI Provinsi Bengkulu, Yudi Harahap, menyerahkan piagam di Kantor Bupati "
            "Kaur sesuai Peraturan Bupati Nomor 9 Tahun 2022.")
    assert extract(Article(title="", body=body)).officials == ()


# ---------------------------------------------------------------- only the article, and its date


def test_related_links_tails_and_credits_are_not_the_article() -> None:
    text = ("Skor SPM Kaur Naik\n\nSekda Kaur, Nandar Munadi.-foto: Rian/wartakaur.test-\n\nKAUR - Capaian SPM "
            "Kabupaten Kaur tahun 2023 mencapai 80,5 persen, kata Sekda, Selasa (26/12).\n\nBACA JUGA:Kabupaten Seluma "
            "Raih Skor SPM 90,5\n\nTag\nShare\nBerita Terkini\nBupati Seluma Erwin Octavian Raih Penghargaan\n")
    article = article_from_text(text)
    assert "Seluma" not in article.body and "foto:" not in article.body
    extraction = extract(article)
    assert keys(list(extraction.facts)) == {("17.04", "score", 2023, 80.5, None)}
    assert "Nandar Munadi" not in article.body          # the caption above the dateline is not the story


@pytest.mark.parametrize(("text", "published"), [
    ("Judul berita ini cukup panjang\n\nBENGKULU - Ia berkata demikian, Sabtu (2/3/2024).", date(2024, 3, 2)),
    ("Judul berita ini cukup panjang\n\nLEBONG - Di tahun 2023 ini nilai naik, ujarnya, Selasa (26/12).",
     date(2023, 12, 26)),
    ("Judul berita ini cukup panjang\n\nKOTA MANNA - Rapat digelar 12 Maret 2024 di aula.", date(2024, 3, 12)),
    ("Judul berita ini cukup panjang\n\nKOTA MANNA - Tidak ada tanggal di sini.", None),
])
def test_publication_date_from_the_text(text: str, published: date | None) -> None:
    assert article_from_text(text).published == published


def test_every_fact_points_at_its_evidence() -> None:
    article = Article(title="SPM Kaur Terbaik se-Provinsi Bengkulu",
                      body="KAUR - Penerapan SPM Kabupaten Kaur tahun 2023 dinilai terbaik se-Provinsi Bengkulu "
                           "dengan skor 88,1.", published=date(2024, 1, 5))
    extraction = extract(article)
    assert extraction.facts
    for fact in extraction.facts:
        field = article.body if fact.quote_field == "body" else article.title
        assert field[fact.quote_start:fact.quote_end] == fact.quote
        assert fact.sentence_start <= fact.quote_start < fact.quote_end <= fact.sentence_end
        assert fact.extractor_version == extraction.extractor_version != ""


def test_a_list_that_goes_on_for_another_tier_takes_the_grade_of_the_sentence_before() -> None:
    body = ("KemenPAN-RB mengumumkan hasil evaluasi SAKIP tahun 2024. Predikat BB diraih Provinsi Jambi dan "
            "Bengkulu. Untuk kabupaten/kota meliputi Kabupaten Kerinci, Merangin dan Kota Sungai Penuh.")
    facts = extract(Article(title="", body=body)).facts
    assert {(f.region_code, f.value, f.year) for f in facts} == {
        ("15", "BB", 2024), ("17", "BB", 2024), ("15.01", "BB", 2024), ("15.02", "BB", 2024), ("15.72", "BB", 2024)}
    # Only right after the grade, and only where the sentence gives none of its own.
    later = body.replace("Untuk", "Rapat evaluasi digelar di Jambi. Untuk")
    assert {f.region_code for f in extract(Article(title="", body=later)).facts} == {"15", "17"}


@pytest.mark.parametrize("body", [
    "Nilai IGA Kabupaten Kaur tahun 2024 hampir mencapai predikat Sangat Inovatif.",
    "Skor MCP Kabupaten Kaur tahun 2024 masih dibawah 75 menurut KPK.",
])
def test_a_grade_or_score_barely_missed_is_no_result(body: str) -> None:
    assert extract(Article(title="", body=body)).facts == ()


def test_a_field_named_again_in_brackets_is_still_the_field() -> None:
    body = ("Pemkab Kaur meraih nilai tertinggi se-Provinsi Bengkulu (Bengkulu) dalam EPPD tahun 2023, dengan skor "
            "3,05 dan status kinerja tinggi.")
    facts = extract(Article(title="", body=body)).facts
    assert {f.region_code for f in facts} == {"17.04"}


def test_masing_masing_without_its_hyphen_still_opens_the_list() -> None:
    body = ("Ombudsman RI menilai kepatuhan pelayanan publik tahun 2024: tercatat 2 kabupaten masuk Zona Hijau, "
            "masing masing Kabupaten Kaur dengan nilai 88,10 dan Kabupaten Seluma dengan nilai 86,40.")
    facts = extract(Article(title="", body=body)).facts
    assert {(f.region_code, f.value) for f in facts if f.metric == "grade"} == {("17.04", "zona hijau"),
                                                                              ("17.05", "zona hijau")}


def test_a_list_with_each_score_in_brackets_shares_the_grade_that_follows() -> None:
    body = ("Hasil evaluasi pelayanan publik KemenPAN-RB tahun 2025 menempatkan Kota Bengkulu (4,71), Kabupaten "
            "Kaur (4,60), dan Kabupaten Seluma (4,55) yang masuk kategori A.")
    facts = extract(Article(title="", body=body)).facts
    assert {f.region_code for f in facts if f.metric == "grade"} == {"17.71", "17.04", "17.05"}


def test_a_grade_named_as_a_threshold_is_no_result() -> None:
    body = ("Skor SPI Kabupaten Kaur tahun 2024 sebesar 71,50, belum mencapai ambang batas minimal kategori "
            "waspada menurut KPK.")
    facts = extract(Article(title="", body=body)).facts
    assert [(f.metric, f.value) for f in facts] == [("score", 71.5)]


def test_the_fast_tokenizer_splits_every_text_as_spacy_blank_id_does() -> None:
    """The pipeline keeps hyphenated words whole by a set lookup instead of 15,600 exceptions (a start of about
    0.1 s instead of 2.5 s); the tokens must be exactly spaCy's own, on every text the tests hold and on words
    with punctuation glued on every side."""
    from pathlib import Path

    import spacy

    from extractors.facts.nlp import blank_indonesian

    reference, fast = spacy.blank("id"), blank_indonesian()
    root = Path(__file__).parent
    texts = [p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.txt"))]
    texts.append("(anak-anak), masing-masing. \"Berturut-turut\"; se-Provinsi, Anak-Anak? ANAK-ANAK! "
                 "kupu-kupu's dll. Prof. Dr. H. 84,23 % -anak-anak- [masing-masing] 5°C. www.contoh-situs.id")
    assert len(texts) > 100
    for text in texts:
        assert [(t.idx, t.text) for t in fast(text)] == [(t.idx, t.text) for t in reference(text)]


def test_sentences_start_where_spacys_sentencizer_starts_them_and_at_line_breaks() -> None:
    """`sentence_starts` reads the sentencizer's rule from token arrays instead of running the component; on
    every text the tests hold, its starts are the component's, plus one after each line break and each
    grade letter's full stop, and nothing else."""
    from pathlib import Path

    from spacy.pipeline import Sentencizer

    from extractors.facts.nlp import _grade_stops, default_pipeline, sentence_starts

    nlp = default_pipeline()
    root = Path(__file__).parent
    texts = [p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.txt"))]
    texts += ["Nilai A. Lalu? Ya!! \"Benar.\" (Kata dia.) Selesai… Tamat。 Lagi؟ x", "", ".", "?! a", "a\n\nb. c"]
    assert len(texts) > 100
    for text in texts:
        doc = nlp.make_doc(text)
        component = Sentencizer()(nlp.make_doc(text))
        theirs = {t.i for t in component if t.is_sent_start}
        breaks = [m.end() for m in re.finditer(r"\n\s*", text)] + _grade_stops(text)
        marked = {t.i for t in doc if t.idx in breaks and t.i > 0}
        assert set(sentence_starts(doc, text).tolist()) == theirs | marked


def test_a_score_dated_by_tahun_and_a_year_is_not_a_duration() -> None:
    [fact] = facts_of("Kabupaten Rejang Lebong meraih nilai SPM 85,60 tahun 2023.")
    assert (fact.region_code, fact.program, fact.year, fact.value) == ("17.02", "spm", 2023, 85.6)
    assert facts_of("Masa jabatan 5 tahun di Kabupaten Lebong berakhir.") == []


def test_a_grade_of_a_whole_group_goes_to_no_single_region() -> None:
    body = ("BENGKULU – BPK Perwakilan Provinsi Bengkulu menyerahkan laporan hasil pemeriksaan kepada sepuluh "
            "pemerintah daerah tahun 2024. Seluruh entitas berhasil meraih opini WTP. Seluruh pemda di Provinsi "
            "Bengkulu juga meraih opini WTP pada tahun sebelumnya.")
    assert [(f.region_code, f.value) for f in facts_of(body)] == []


def test_a_grade_explained_is_not_awarded() -> None:
    body = ("Kabupaten Kaur kembali meraih opini WTP atas LKPD tahun 2023. \"WTP menandakan bahwa laporan "
            "keuangan disajikan wajar, meski ada catatan,\" kata Kepala BPK Perwakilan Provinsi Bengkulu.")
    assert [(f.region_code, f.value) for f in facts_of(body)] == [("17.04", "WTP")]


def test_a_year_stated_only_far_below_an_undated_lead_is_history() -> None:
    lead = ("Ombudsman RI menetapkan Kabupaten Kaur masuk zona hijau kepatuhan pelayanan publik dengan nilai 88,10, "
            "kata kepala perwakilan, Jumat (13/12/2024).")
    filler = "\n\n".join(f"Paragraf {n} membahas langkah perbaikan layanan di kantor dinas." for n in range(3))
    history = "Sebelumnya Kabupaten Seluma pernah masuk zona hijau kepatuhan pada tahun 2019."
    facts = facts_of(f"{lead}\n\n{filler}\n\n{history}", published=date(2024, 12, 14))
    assert {(f.region_code, f.year) for f in facts} == {("17.04", 2024), ("17.05", 2019)}


@pytest.mark.parametrize(("text", "excluded"), [
    ("Rapat digelar 12/3/2024 di aula.", ["12/3/2024"]),
    ("Kode a12/3 bukan tanggal.", []),                       # a number glued to a word is no date
    ("Skor 1,5-3 adalah rentang.", ["1,5-3"]),
    ("Kode 1234-5 bukan rentang.", []),                      # a band starts at a first digit, not inside a number
    ("RPJMD 2019-2024 disusun.", ["2019-2024"]),
    ("Kode x2019-2024 bukan periode.", []),
    ("Anggaran Rp 7,5 juta cair.", ["Rp 7,5 juta", "7,5 juta"]),
])
def test_dates_bands_periods_and_money_are_not_values(text: str, excluded: list[str]) -> None:
    from extractors.facts.values import excluded_spans

    assert sorted(text[s:e] for s, e in excluded_spans(text)) == sorted(excluded)


def test_a_grade_word_typed_with_a_dotless_i_is_still_a_grade() -> None:
    # `(?i)` matching takes `ı` for `i`; the sentence prefilter must not drop what the pattern would read.
    body = "Pada penilaian kepatuhan Ombudsman 2023, Kota Bengkulu masuk kategor\u0131 baik."
    assert [(f.region_code, f.value) for f in facts_of(body) if f.metric == "grade"] == [("17.71", "baik")]


def test_patterns_tried_only_at_their_lead_words_find_what_they_find_everywhere() -> None:
    """Word-led patterns (excluded spans, grades) are tried only where one of their lead words starts; on
    every text the tests hold, in every sentence, and on strings built to sit on the edges (a lead word glued
    to another, case, `ı`, `İ`), they must find exactly what `finditer` finds. A lead word missing from a
    list fails here."""
    import random
    from pathlib import Path

    from extractors.common.triggers import matches_from
    from extractors.facts.values import _EXCLUDED, _EXCLUDED_LEADS, _GRADE_LEADS, _GRADE_PATTERNS

    pairs = [(rx, leads) for rx, leads in zip(_EXCLUDED, _EXCLUDED_LEADS, strict=True) if leads]
    pairs += [(rx, leads) for (rx, _), leads in zip(_GRADE_PATTERNS, _GRADE_LEADS, strict=True) if leads]
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(__file__).parent.rglob("*.txt"))]
    rng = random.Random(17)
    pieces = ["predikat", "BERPREDIKAT", "dipredikat", "berstatus", "nilai", "xnilai", "Meraih", "juga",
              "sama-sama", "kualifikasi", "pukul 10.30", "jam 9", "Nomor 5 Tahun 2020", "no. 3/2021", "UU 23/2014",
              "Undang-undang", "(Permendagri) 86", "Pasal 5", "Rp 5 juta", "rp.7", "+62 812", "0812-3456-7890",
              "https://a.id", "www.b", "ke-3 kali", "kali ke 2", "skala 0 sampai 4", "dari 1,00 hingga 5",
              "A", "BB", "“B”", "menjadi", "ke", "sangat baik", ":", ",", ".", "ı", "İ", " ", "  "]
    texts += ["".join(rng.choice(pieces) + rng.choice(["", " "]) for _ in range(rng.randint(1, 9)))
              for _ in range(3000)]
    for text in texts:
        cuts = [0, len(text), *(m.end() for m in re.finditer(r"[.\n]", text))]
        for rx, leads in pairs:
            for start, end in (sorted(rng.sample(cuts, 2)) if len(cuts) > 2 else (0, len(text)),
                               (0, len(text))):
                expected = [m.span() for m in rx.finditer(text, start, end)]
                assert [m.span() for m in matches_from(rx, text, leads, start, end)] == expected


def test_sentences_left_unread_hold_no_rank_and_no_score() -> None:
    """Ranks are looked for only in sentences holding a rank word, scores only in sentences holding a digit;
    on every text the tests hold, no sentence left out has a match of the rank or number patterns."""
    from itertools import pairwise
    from pathlib import Path

    from extractors.common.triggers import holds, holds_digit
    from extractors.facts.values import _NUMBER, _RANK_LEADS, _RANK_RE, _SUPERLATIVE_RE

    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(__file__).parent.rglob("*.txt"))]
    texts += ["Diperingkat 3.", "RANGKING 2 nasional", "Juara I se-Provinsi", "TERBAIK ke-2", "nilai ٨٥", "x"]
    checked = 0
    for text in texts:
        cuts = sorted({0, len(text), *(m.end() for m in re.finditer(r"[.\n]", text))})
        for start, end in pairwise(cuts):
            if not holds(text, _RANK_LEADS, start, end):
                assert not _RANK_RE.search(text, start, end) and not _SUPERLATIVE_RE.search(text, start, end)
            if not holds_digit(text, start, end):
                assert not _NUMBER.search(text, start, end)
            checked += 1
    assert checked > 1000
