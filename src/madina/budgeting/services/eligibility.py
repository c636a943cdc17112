"""Who may vote: the census list of residents (stored only as keyed hashes, each identifier claimed by one
account) and one-time voting codes for paper ballots."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from madina.accounts.rules import is_signed_in
from madina.core import audit, ratelimit
from madina.core.errors import Conflict, Invalid
from madina.core.permissions import require

from .. import rules as r
from .. import secrecy
from ..limits import budget_key, resident_key
from ..models import Budget, CensusCheck, CensusEntry, Voter, VotingCode
from ..tasks import send_eligibility_alert
from .base import locked
from .lockouts import check_not_paused

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
    # The separator used most in the first lines (a register exported from a spreadsheet uses one); csv's Sniffer
    # gives up on a whole file for one line without a separator, and each line would then be refused.
    sample = text[:4096]
    delimiter = max(",;\t", key=sample.count)
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


@transaction.atomic
def upload_census(budget: Budget, user, data: bytes) -> CensusReport:
    """Add the residents of a CSV file to the census list: first column their identifier (a CIN number), second
    column the fact the budget checks with it (`census_check`: birth date or postal code).

    Only keyed hashes are stored. A first line that is not a resident is taken for a header; any other line that
    is not one is reported by its number and nothing of the file is stored. A resident listed before with no
    second fact gets the one of this file.
    """
    budget = locked(budget)
    require(r.can_manage, user, budget, _("Seul le personnel de la municipalité peut déposer la liste."))
    report = CensusReport()
    residents: dict[str, str] = {}
    for line, row in enumerate(_census_identifiers(data), start=1):
        cell = secrecy.normalise_identifier(row[0]) if row else ""
        if not cell and not any(c.strip() for c in row):
            continue
        fact = secrecy.normalise_fact(budget.census_check, row[1]) if len(row) > 1 else None
        if not secrecy.IDENTIFIER.match(cell) or fact is None:
            if line > 1:
                report.rejected_lines.append(line)
            continue
        digest = secrecy.census_digest(budget.census_salt, cell)
        if digest in residents:
            report.already_listed += 1
        else:
            residents[digest] = secrecy.fact_digest(budget.census_salt, budget.census_check, fact)
    if report.rejected_lines:
        raise Invalid(_rejected_lines_message(budget, report.rejected_lines), field="file")
    if not residents:
        raise Invalid(_("Aucun habitant dans ce fichier."), field="file")
    existing = dict(CensusEntry.objects.filter(budget=budget, digest__in=residents)
                    .values_list("digest", "fact_digest"))
    for digest in (d for d, fact in existing.items() if not fact):
        CensusEntry.objects.filter(budget=budget, digest=digest).update(fact_digest=residents[digest])
    new = [CensusEntry(budget=budget, digest=d, fact_digest=f) for d, f in residents.items() if d not in existing]
    report.already_listed += len(existing)
    CensusEntry.objects.bulk_create(new)
    Budget.objects.filter(pk=budget.pk).update(census_size=F("census_size") + len(new))
    audit.record("budgeting.census_uploaded", user, municipality=budget.process.municipality, target=budget,
                 added=len(new), already_listed=report.already_listed)
    report.added = len(new)
    return report


def _rejected_lines_message(budget: Budget, lines: list[int]) -> str:
    what = (_("une date de naissance (2001-03-09 ou 09/03/2001)") if budget.census_check == CensusCheck.BIRTH_DATE
            else _("un code postal de 4 chiffres"))
    return ngettext(
        "Ligne %(lines)s : il faut un identifiant (4 à 20 lettres ou chiffres, dont au moins un chiffre) puis %(what)s. "
        "Rien n'a été enregistré.",
        "Lignes %(lines)s : il faut un identifiant (4 à 20 lettres ou chiffres, dont au moins un chiffre) puis "
        "%(what)s. Rien n'a été enregistré.",
        len(lines),
    ) % {"lines": ", ".join(str(n) for n in lines[:20]), "what": what}


def claim_census_entry(budget: Budget, user, identifier: str, fact: str, *,
                       address: str | None = None) -> CensusEntry:
    """A signed-in resident proves they are on the list by typing their identifier and the second fact the list
    holds for them (`budget.census_check`: birth date or postal code); it binds them to the entry once.

    Attempts are counted per account and per visitor's `address` before anything is read, outside the transaction,
    so that a wrong guess (which rolls the transaction back) still counts; each refusal is counted on the budget,
    recorded in the audit log (as each success is), and a burst of them tells the budget's staff."""
    require(is_signed_in, user, message=_("Connectez-vous pour voter."))
    check_not_paused(budget)
    too_many = _("Trop d'essais (%(count)d en %(minutes)d minutes) : réessayez plus tard ou adressez-vous à la "
                 "municipalité.")
    ratelimit.limit(resident_key(user), settings.BUDGETING_ELIGIBILITY_RATE, too_many)
    if address is not None:
        ratelimit.limit(f"eligibility:address:{address}", settings.BUDGETING_ELIGIBILITY_ADDRESS_RATE, too_many)
    try:
        return _claim(budget, user, identifier, fact)
    except (Invalid, Conflict) as refusal:
        _refused(budget, user, refusal)
        raise


@transaction.atomic
def _claim(budget: Budget, user, identifier: str, fact: str) -> CensusEntry:
    budget = locked(budget)
    mine = CensusEntry.objects.filter(budget=budget, user=user).first()
    if mine is not None:
        return mine
    digest = secrecy.census_digest(budget.census_salt, identifier)
    entry = CensusEntry.objects.select_for_update().filter(budget=budget, digest=digest).first()
    known = secrecy.normalise_fact(budget.census_check, fact)
    expected = entry.fact_digest if entry is not None else ""
    given = secrecy.fact_digest(budget.census_salt, budget.census_check, known) if known else "-"
    if entry is None or not constant_time_compare(expected, given):
        # One answer whichever of the two is wrong: a guess learns nothing about the identifier alone.
        raise Invalid(_("Ces informations ne correspondent à aucun habitant de la liste. Vérifiez-les ou "
                        "adressez-vous à la municipalité."), field="identifier")
    if entry.user_id is not None:
        raise Conflict(_("Cet identifiant est déjà utilisé par un autre compte. Adressez-vous à la municipalité."))
    if Voter.objects.filter(budget=budget, key=f"c:{entry.pk}").exists():
        raise Conflict(_("Un bulletin papier a déjà été déposé avec cet identifiant."))
    entry.user = user
    entry.save(update_fields=["user"])
    audit.record("budgeting.eligibility_confirmed", user, municipality=budget.process.municipality, target=budget,
                 budget=budget.pk)
    return entry


def _refused(budget: Budget, user, refusal) -> None:
    """Count a refused attempt on the budget and audit it; the first attempt past the burst threshold in its
    window is audited as a burst and e-mailed to the budget's staff; at BUDGETING_ELIGIBILITY_PAUSE the budget's
    checks pause until the window ends (lockouts.py)."""
    municipality = budget.process.municipality
    with transaction.atomic():
        Budget.objects.filter(pk=budget.pk).update(eligibility_failures=F("eligibility_failures") + 1)
        audit.record("budgeting.eligibility_refused", user, municipality=municipality, target=budget,
                     budget=budget.pk, status=refusal.status)
    count, minutes = settings.BUDGETING_ELIGIBILITY_BURST
    refused = ratelimit.attempts(budget_key(budget), minutes)
    if refused == settings.BUDGETING_ELIGIBILITY_PAUSE:
        audit.record("budgeting.eligibility_paused", None, municipality=municipality, target=budget,
                     budget=budget.pk, refused=refused, minutes=minutes)
    if refused == count + 1:
        audit.record("budgeting.eligibility_burst", None, municipality=municipality, target=budget,
                     refused=count + 1, minutes=minutes)
        transaction.on_commit(lambda: send_eligibility_alert.enqueue(budget.pk, count + 1, minutes))


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
    audit.record("budgeting.codes_issued", user, municipality=budget.process.municipality, target=budget,
                 batch=batch, count=how_many)
    return list(codes.values())
