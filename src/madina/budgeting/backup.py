"""What a restore must keep of a budget (core.backup runs it): every voter finds their own ballot again."""

from madina.core.backup import BackupError

from . import secrecy
from .models import Ballot, Voter


def voters_find_their_ballots() -> str:
    links = set(Ballot.objects.values_list("link", flat=True))
    voters = list(Voter.objects.values_list("budget_id", "key"))
    lost = sum(1 for budget_id, key in voters if secrecy.ballot_link(budget_id, key) not in links)
    if lost:
        raise BackupError(f"{lost} of {len(voters)} voters no longer find their ballot: is MADINA_BALLOT_KEY the "
                          "one the backup was made with?")
    return f"{len(voters)} voters find their ballot"
