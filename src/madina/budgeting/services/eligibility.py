"""Who may vote: the census list of residents (stored only as keyed hashes, each identifier claimed by one
account) and one-time voting codes for paper ballots."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from madina.accounts.rules import is_signed_in
from madina.core.errors import Conflict, Invalid
from madina.core.permissions import require

from .. import rules as r
from .. import secrecy
from ..models import Budget, CensusEntry, Voter, VotingCode
from .base import locked

CENSUS_MAX_BYTES = 5 * 1024 * 1024
CODES_PER_BATCH_MAX = 2000


@dataclass
class CensusReport:
    added: int = 0
    already_listed: int = 0
    rejected_lines: list[int] = field(default_factory=list)


def _census_identifiers(data: bytes):
    """(line number, identifier) for each row of a CSV whose first column holds identifiers; a header is allowed."""
    if not data.strip():
        raise Invalid(_("Le fichier est vide."))
    if len(data) > CENSUS_MAX_BYTES:
        raise Invalid(_("Le fichier dépasse 5 Mo ; découpez la liste en plusieurs fichiers."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Invalid(_("Le fichier n'est pas un texte UTF-8 (CSV).")) from None
    if "\x00" in text:
        raise Invalid(_("Le fichier n'est pas un texte UTF-8 (CSV)."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    yield from csv.reader(io.StringIO(text, newline=""), dialect)


@transaction.atomic
def upload_census(budget: Budget, user, data: bytes) -> CensusReport:
    """Add the identifiers of a CSV file (first column: CIN numbers or other identifiers) to the census list.

    Only keyed hashes are stored. A first line that is not an identifier is taken for a header; any other line
    that is not one is reported by its number and nothing of it is stored.
    """
    budget = locked(budget)
    require(r.can_manage, user, budget, _("Seul le personnel de la municipalité peut déposer la liste."))
    report = CensusReport()
    digests: dict[str, int] = {}
    for line, row in enumerate(_census_identifiers(data), start=1):
        cell = secrecy.normalise_identifier(row[0]) if row else ""
        if not cell and not any(c.strip() for c in row):
            continue
        if not secrecy.IDENTIFIER.match(cell):
            if line > 1:
                report.rejected_lines.append(line)
            continue
        digest = secrecy.census_digest(budget.census_salt, cell)
        if digest in digests:
            report.already_listed += 1
        else:
            digests[digest] = line
    existing = set(CensusEntry.objects.filter(budget=budget, digest__in=digests).values_list("digest", flat=True))
    new = [d for d in digests if d not in existing]
    report.already_listed += len(existing)
    if report.rejected_lines:
        raise Invalid(
            ngettext(
                "Ligne %(lines)s : ce n'est pas un identifiant (4 à 20 lettres ou chiffres, dont au moins un chiffre). Rien n'a été enregistré.",
                "Lignes %(lines)s : ce ne sont pas des identifiants (4 à 20 lettres ou chiffres, dont au moins un chiffre). Rien n'a été enregistré.",
                len(report.rejected_lines),
            ) % {"lines": ", ".join(str(n) for n in report.rejected_lines[:20])}
        )
    if not digests:
        raise Invalid(_("Aucun identifiant dans ce fichier."))
    CensusEntry.objects.bulk_create(CensusEntry(budget=budget, digest=d) for d in new)
    Budget.objects.filter(pk=budget.pk).update(census_size=F("census_size") + len(new))
    report.added = len(new)
    return report


@transaction.atomic
def claim_census_entry(budget: Budget, user, identifier: str) -> CensusEntry:
    """A signed-in resident proves they are on the list by typing their identifier; it binds them to it once."""
    require(is_signed_in, user, message=_("Connectez-vous pour voter."))
    budget = locked(budget)
    mine = CensusEntry.objects.filter(budget=budget, user=user).first()
    if mine is not None:
        return mine
    digest = secrecy.census_digest(budget.census_salt, identifier)
    entry = CensusEntry.objects.select_for_update().filter(budget=budget, digest=digest).first()
    if entry is None:
        raise Invalid(_("Cet identifiant n'est pas sur la liste des habitants. Vérifiez-le ou adressez-vous "
                        "à la municipalité."), field="identifier")
    if entry.user_id is not None:
        raise Conflict(_("Cet identifiant est déjà utilisé par un autre compte. Adressez-vous à la municipalité."))
    if Voter.objects.filter(budget=budget, key=f"c:{entry.pk}").exists():
        raise Conflict(_("Un bulletin papier a déjà été déposé avec cet identifiant."))
    entry.user = user
    entry.save(update_fields=["user"])
    return entry


@transaction.atomic
def generate_codes(budget: Budget, user, how_many: int) -> list[str]:
    """A batch of one-time codes, returned in clear once (for printing) and stored only as keyed hashes."""
    budget = locked(budget)
    require(r.can_manage, user, budget, _("Seul le personnel de la municipalité peut émettre des codes."))
    if not 1 <= how_many <= CODES_PER_BATCH_MAX:
        raise Invalid(_("Entre 1 et %(max)d codes par lot.") % {"max": CODES_PER_BATCH_MAX}, field="how_many")
    batch = budget.code_batches + 1
    codes: dict[str, str] = {}
    while len(codes) < how_many:
        code = secrecy.new_code()
        codes[secrecy.code_digest(budget.census_salt, code)] = code
    VotingCode.objects.bulk_create(VotingCode(budget=budget, digest=d, batch=batch) for d in codes)
    Budget.objects.filter(pk=budget.pk).update(code_count=F("code_count") + how_many, code_batches=batch)
    return list(codes.values())
