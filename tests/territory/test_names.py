import pytest

from madina.territory.names import french_title


@pytest.mark.parametrize(
    ("source", "title"),
    [
        ("L'ARIANA VILLE", "L'Ariana Ville"),
        ("SAKIET EDDAIER", "Sakiet Eddaier"),
        ("EL  KRIB", "El Krib"),
        ("BEN GUERDANE", "Ben Guerdane"),
        ("BOU ARGOUB", "Bou Argoub"),
        ("EN-NADHOUR", "En-Nadhour"),
        ("M'SAKEN", "M'Saken"),
        ("JEHINAt", "Jehinat"),
    ],
)
def test_french_title_case_keeps_particles(source, title):
    assert french_title(source) == title
