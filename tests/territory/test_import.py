"""The importer on the real files and on malformed ones: counts, merged parts, names, nothing written on error."""

import json

import pytest

from madina.territory.importer import TerritoryImportError, import_file
from madina.territory.models import Governorate, Municipality

from .conftest import SOURCE, read_source, write_geojson


def test_real_files_give_24_governorates_and_350_municipalities(full_territory):
    assert Governorate.objects.count() == 24
    assert Municipality.objects.count() == 350
    assert sorted(Governorate.objects.values_list("iso_code", flat=True)) == sorted(
        ["TN-11", "TN-12", "TN-13", "TN-14", "TN-21", "TN-22", "TN-23", "TN-31", "TN-32", "TN-33", "TN-34",
         "TN-41", "TN-42", "TN-43", "TN-51", "TN-52", "TN-53", "TN-61", "TN-71", "TN-72", "TN-73", "TN-81",
         "TN-82", "TN-83"]
    )
    assert sum(Governorate.objects.values_list("municipality_count", flat=True)) == 350
    # Population counted once per municipality, whatever the number of features that list it.
    source = {}
    for f in read_source("municipalities.geojson")["features"]:
        p = f["properties"]
        source[(p["gouv_name"], p["NAME_EN"])] = int(p["POP"])
    assert sum(Governorate.objects.values_list("population", flat=True)) == sum(source.values())
    # One import of the real files (about a second) serves the checks below.
    _governorate_names_and_codes()
    _parts_are_merged_and_duplicates_dropped()
    _names_in_french_arabic_and_english()


def _governorate_names_and_codes():
    kef = Governorate.objects.get(iso_code="TN-33")
    assert (kef.slug, kef.name_fr, kef.name_en, kef.name_ar) == ("le-kef", "Le Kef", "Kef", "الكاف")
    assert kef.municipality_count == 15  # the municipalities file says "Kef", the governorates file "Le Kef"
    manouba = Governorate.objects.get(iso_code="TN-14")
    assert manouba.municipality_count == 10  # "Mannouba" in the municipalities file
    for iso, name in [("TN-31", "Béja"), ("TN-81", "Gabès"), ("TN-73", "Kébili"), ("TN-82", "Médenine")]:
        assert Governorate.objects.get(iso_code=iso).name_fr == name


def _parts_are_merged_and_duplicates_dropped():
    gafsa = Governorate.objects.get(iso_code="TN-71")
    assert gafsa.municipality_count == 13  # 26 features: each municipality listed twice
    assert Municipality.objects.get(slug="gafsa").source_parts == 1
    bizerte = Municipality.objects.get(slug="bizerte")
    assert bizerte.source_parts == 8  # the town and the La Galite islands
    assert bizerte.population == 167759 and bizerte.council_seats == 36
    assert bizerte.shape.geom_type == "MultiPolygon" and bizerte.min_lon < 9.0  # La Galite, far west
    kerkennah = Municipality.objects.get(slug="kerkenah")
    assert (kerkennah.source_parts, kerkennah.population, str(kerkennah.area_km2)) == (4, 15501, "152.19")
    assert Municipality.objects.get(slug="el-assouada").source_parts == 2


def _names_in_french_arabic_and_english():
    ariana = Municipality.objects.get(slug="l-ariana-ville")
    assert (ariana.name_fr, ariana.name_ar) == ("L'Ariana Ville", "أريانة")  # ی became ي
    sakiet = Municipality.objects.get(slug="sakiet-eddaier")
    assert (sakiet.name_fr, sakiet.name_ar, sakiet.name_en) == ("Sakiet Eddaier", "ساقية الداير", "Sakiet Eddaier")
    gabes = Municipality.objects.get(slug="gabes")
    assert (gabes.name_fr, gabes.name_en, gabes.governorate.iso_code) == ("Gabès", "Gabes", "TN-81")
    assert not Municipality.objects.filter(name_ar__regex="[یک]").exists()


def test_reimport_is_idempotent(territory, subset_files):
    before = {m.slug: (m.pk, m.population, m.geometry) for m in Municipality.objects.all()}
    counts = list(Governorate.objects.order_by("pk").values_list("municipality_count", "population"))
    report = import_file(subset_files[1])
    assert report.created == 0 and report.updated == len(before)
    assert {m.slug: (m.pk, m.population, m.geometry) for m in Municipality.objects.all()} == before
    assert list(Governorate.objects.order_by("pk").values_list("municipality_count", "population")) == counts


def test_byte_order_mark_is_accepted(db, tmp_path):
    features = read_source("governorates.geojson")["features"][:2]
    report = import_file(write_geojson(tmp_path / "g.geojson", features, bom=True))
    assert report.created == 2


def test_invalid_geometry_is_repaired_and_reported(db, tmp_path):
    feature = next(f for f in read_source("governorates.geojson")["features"] if f["properties"]["NAME_EN"] == "Gabes")
    bowtie = [[[10.0, 33.8], [10.2, 34.0], [10.2, 33.8], [10.0, 34.0], [10.0, 33.8]]]
    feature["geometry"] = {"type": "Polygon", "coordinates": bowtie}
    report = import_file(write_geojson(tmp_path / "g.geojson", [feature]))
    assert "feature 0 (Gabes)" in str(report)
    assert Governorate.objects.get(iso_code="TN-81").shape.is_valid


def _municipalities_with(tmp_path, change):
    features = [f for f in read_source("municipalities.geojson")["features"] if f["properties"]["gouv_name"] == "Tunis"]
    features.insert(3, features.pop(next(i for i, f in enumerate(features) if f["properties"]["NAME_EN"] == "LA MARSA")))
    change(features[3])
    return write_geojson(tmp_path / "m.geojson", features)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda f: f["properties"].pop("POP"), "feature 3 (LA MARSA): missing property POP"),
        (lambda f: f["properties"].update(POP="many"), "feature 3 (LA MARSA): POP is not a number"),
        (lambda f: f["properties"].update(gouv_name="Atlantis"), "feature 3 (LA MARSA): unknown governorate 'Atlantis'"),
        (lambda f: f["properties"].update(state="ancient"), "feature 3 (LA MARSA): unknown state 'ancient'"),
        (lambda f: f.update(geometry={"type": "Polygon", "coordinates": [[[36.8, 10.3], [36.9, 10.3], [36.9, 10.4]]]}),
         "feature 3 (LA MARSA): geometry: "),
        (lambda f: f.update(geometry={"type": "Polygon", "coordinates": [[[10.3, 36.8], [10.4, 36.9], [10.3, 36.8]]]}),
         "feature 3 (LA MARSA): geometry: "),
        (lambda f: f.update(geometry={"type": "Point", "coordinates": [10.3, 36.8]}),
         "feature 3 (LA MARSA): geometry: expected polygon (Polygon) or multipolygon (MultiPolygon), found point (Point)"),
        (lambda f: f.update(geometry=None), "feature 3 (LA MARSA): geometry: expected polygon (Polygon) or multipolygon (MultiPolygon), found nothing"),
    ],
)
def test_malformed_feature_stops_the_import_and_writes_nothing(territory, tmp_path, change, message):
    Municipality.objects.filter(governorate__iso_code="TN-11").delete()
    path = _municipalities_with(tmp_path, change)
    with pytest.raises(TerritoryImportError) as error:
        import_file(path)
    assert message in str(error.value)
    assert not Municipality.objects.filter(governorate__iso_code="TN-11").exists()  # the 3 valid ones before it too


def test_municipalities_need_their_governorate_first(db):
    with pytest.raises(TerritoryImportError, match=r"governorate .* is not imported yet"):
        import_file(SOURCE / "municipalities.geojson")
    assert not Municipality.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("this is not json", "not JSON"),
        ('{"type": "Feature"}', "expected a GeoJSON FeatureCollection"),
        ('{"type": "FeatureCollection", "features": []}', "has no features"),
        ('{"type": "FeatureCollection", "features": [42]}', "feature 0: not a GeoJSON Feature"),
        ('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"x": 1}, "geometry": null}]}',
         "neither municipality properties"),
    ],
)
def test_malformed_file(db, tmp_path, content, message):
    path = tmp_path / "bad.geojson"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TerritoryImportError, match=message):
        import_file(path)
    assert not Governorate.objects.exists()


def test_missing_file_and_non_utf8(db, tmp_path):
    with pytest.raises(TerritoryImportError, match="cannot read"):
        import_file(tmp_path / "nothing.geojson")
    latin = tmp_path / "latin.geojson"
    latin.write_bytes(json.dumps({"name": "Gabès"}, ensure_ascii=False).encode("latin-1"))
    with pytest.raises(TerritoryImportError, match="not UTF-8"):
        import_file(latin)


def test_parts_that_disagree_are_refused(territory, tmp_path):
    features = [f for f in read_source("municipalities.geojson")["features"] if f["properties"]["NAME_EN"] == "KERKENAH"]
    features[2]["properties"]["POP"] = "1"
    with pytest.raises(TerritoryImportError, match="feature 2 \\(KERKENAH\\): this part of KERKENAH disagrees"):
        import_file(write_geojson(tmp_path / "k.geojson", features))


def test_cli_reports_and_fails_cleanly(territory, subset_files, tmp_path, capsys):
    from madina.cli import main

    assert main(["import-territory", str(subset_files[0])]) == 0
    assert "governorates: 4 features read, 0 created, 4 updated" in capsys.readouterr().out
    bad = tmp_path / "bad.geojson"
    bad.write_text("{", encoding="utf-8")
    assert main(["import-territory", str(bad)]) == 2
    assert "not JSON" in capsys.readouterr().err
