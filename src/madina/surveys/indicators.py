"""What a quality-of-life perception survey tells the municipality's indicators: each satisfaction question's mean
answer becomes the declared value of its national indicator (indicators migration 0003) for the year the survey
closed. Surveys sit above indicators and write through its one door, `indicators.services.record_value`, which
keeps the previous version of a corrected value and changes nothing when the same figure comes again."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

from django.utils import timezone

from madina.indicators import services as indicators
from madina.indicators.models import Confidence
from madina.questionnaires.quality_of_life import SLUG

FEEDS = {"services": "QV:SERVICES", "securite": "QV:SECURITE", "environnement": "QV:ENV",
         "mobilite": "QV:MOBILITE", "numerique": "QV:NUMERIQUE"}
"""The perception template's satisfaction questions and the indicator each one measures."""
METHOD = "survey"
"""Written in the values as is, in no language: a survey closed again in another language changes nothing."""
HUNDREDTH = Decimal("0.01")


def feeds_indicators(survey) -> bool:
    return survey.questionnaire.slug == SLUG and survey.process.municipality_id is not None


def source_of(survey) -> str:
    return f"Madina survey {survey.slug}"


def year_of(survey) -> int:
    return timezone.localtime(survey.phase.ends_at).year


def means(survey) -> dict[str, tuple[Decimal, int]]:
    """By fed question: the mean answer (to the hundredth) and how many answered it."""
    sums = dict.fromkeys(FEEDS, 0)
    counts = dict.fromkeys(FEEDS, 0)
    for answers in survey.responses.values_list("answers", flat=True).iterator(chunk_size=2000):
        for code in FEEDS:
            level = answers.get(code)
            if isinstance(level, int) and 1 <= level <= 5:
                sums[code] += level
                counts[code] += 1
    return {code: ((Decimal(sums[code]) / counts[code]).quantize(HUNDREDTH, ROUND_HALF_EVEN), counts[code])
            for code in FEEDS if counts[code]}


def record(survey, user) -> list[tuple]:
    """Each fed question's mean as its indicator's declared value; answers (value, changed) per indicator."""
    written = []
    for code, (mean, answered) in means(survey).items():
        written.append(indicators.record_value(
            user, FEEDS[code], year=year_of(survey), value=mean, municipality=survey.process.municipality,
            source=source_of(survey), method=METHOD, confidence=Confidence.DECLARED, note=f"n={answered}",
        ))
    return written
