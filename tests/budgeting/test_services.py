"""Ballot rules, eligibility (census list, voting codes), paper ballots and the count."""

import pytest
from django.core import mail

from madina.budgeting import secrecy, services
from madina.budgeting.models import Ballot, Budget, CensusEntry, CountState, Eligibility, Voter, VotingCode
from madina.core.errors import Conflict, Invalid, NotAllowed
from madina.core.models import AuditEntry
from madina.participation.models import Notification, NotificationKind

from .conftest import BORN, CENSUS, close_vote, eligible, fresh_budget, ids, make_user, vote_phase_process

pytestmark = pytest.mark.django_db

A, B, C, D = ("Abris ombragés aux arrêts de bus", "Jardins partagés de l'oasis", "Capteurs de qualité de l'eau",
              "Éclairage solaire de la corniche")


def nothing_stored(budget):
    assert Ballot.objects.filter(budget=budget).count() == 0
    assert Voter.objects.filter(budget=budget).count() == 0
    assert Budget.objects.get(pk=budget.pk).ballot_count == 0


def test_over_budget_is_refused_with_the_total_and_nothing_is_stored(budget, people):
    citizen = eligible(budget, people["citizen"], CENSUS[0])
    with pytest.raises(Invalid) as refused:
        services.cast_ballot(budget, citizen, ids(budget, A, C, B))  # 120 000 TND
    assert "120 000 TND" in refused.value.message and "100 000 TND" in refused.value.message
    nothing_stored(budget)


def test_too_many_and_too_few_projects_are_refused(budget, people, gabes):
    citizen = eligible(budget, people["citizen"], CENSUS[0])
    with pytest.raises(Invalid, match="au plus"):
        services.cast_ballot(budget, citizen, [*ids(budget, A, B, D), budget.projects.create(title="Banc", cost_tnd=1, position=9).pk])
    with pytest.raises(Invalid, match="au moins 1 projet"):
        services.cast_ballot(budget, citizen, [])
    nothing_stored(budget)


def test_unknown_or_foreign_project_is_refused(budget, people):
    citizen = eligible(budget, people["citizen"], CENSUS[0])
    for bad in (["999999"], ["abc"]):
        with pytest.raises(Invalid, match="n'existe pas"):
            services.cast_ballot(budget, citizen, bad)
    nothing_stored(budget)


def test_vote_then_change_keeps_one_ballot(budget, people):
    citizen = eligible(budget, people["citizen"], CENSUS[0])
    first = services.cast_ballot(budget, citizen, ids(budget, A, B))
    second = services.cast_ballot(budget, citizen, ids(budget, C, D))
    assert first.pk == second.pk
    assert Ballot.objects.get().choices == sorted(ids(budget, C, D))
    assert services.my_ballot(budget, citizen).choices == sorted(ids(budget, C, D))
    assert Budget.objects.get(pk=budget.pk).ballot_count == 1
    assert Voter.objects.get().key.startswith("c:")


def test_the_ballot_row_names_nobody_and_its_link_needs_the_ballot_key(budget, people, settings):
    citizen = eligible(budget, people["citizen"], CENSUS[0])
    ballot = services.cast_ballot(budget, citizen, ids(budget, A))
    stored = {f.attname: getattr(ballot, f.attname) for f in Ballot._meta.concrete_fields}
    assert set(stored) == {"id", "budget_id", "link", "choices", "channel", "created_at", "updated_at"}
    key = Voter.objects.get().key
    assert ballot.link == secrecy.ballot_link(budget.pk, key)
    settings.SECRET_KEY = "another-key-" + "y" * 40
    assert ballot.link == secrecy.ballot_link(budget.pk, key)
    settings.MADINA_BALLOT_KEY = "another-ballot-key-" + "z" * 40
    assert ballot.link != secrecy.ballot_link(budget.pk, key)


def test_voting_needs_the_census_and_an_open_vote(budget, people):
    with pytest.raises(NotAllowed, match="liste des habitants"):
        services.cast_ballot(budget, people["citizen"], ids(budget, A))
    eligible(budget, people["citizen"], CENSUS[0])
    closed = close_vote(budget)
    with pytest.raises(NotAllowed, match="pas ouvert"):
        services.cast_ballot(closed, people["citizen"], ids(budget, A))
    nothing_stored(budget)


def test_census_claim_normalises_binds_once_and_refuses_others(budget, people):
    entry = services.claim_census_entry(budget, people["citizen"], " 08 123-456 ", "01/06/1985")
    assert entry.user == people["citizen"]
    assert services.claim_census_entry(budget, people["citizen"], "anything", "") == entry
    with pytest.raises(Conflict, match="autre compte"):
        services.claim_census_entry(budget, people["other_citizen"], CENSUS[0], BORN)
    for identifier, born in (("09999999", BORN), (CENSUS[1], "1985-06-02"), (CENSUS[1], "pas une date")):
        with pytest.raises(Invalid, match="ne correspondent à aucun habitant"):  # one answer for either mistake
            services.claim_census_entry(budget, people["other_citizen"], identifier, born)
    assert Budget.objects.get(pk=budget.pk).eligibility_failures == 4
    refused = AuditEntry.objects.filter(action="budgeting.eligibility_refused")
    assert refused.count() == 4 and {e.municipality_id for e in refused} == {budget.process.municipality_id}
    confirmed = AuditEntry.objects.get(action="budgeting.eligibility_confirmed")  # once: the second call found it
    assert confirmed.actor == people["citizen"] and CENSUS[0] not in str(confirmed.details)


def test_census_stores_only_salted_hashes(budget, people):
    digests = list(CensusEntry.objects.filter(budget=budget).values_list("digest", flat=True))
    assert len(digests) == len(CENSUS) == Budget.objects.get(pk=budget.pk).census_size
    assert not any(cin in d for d in digests for cin in CENSUS)
    other = services.create_budget(
        vote_phase_process(budget.process.municipality, slug="autre"),
        people["municipal_staff"], title="Autre", amount_tnd=10,
    )
    services.upload_census(other, people["municipal_staff"], f"{CENSUS[0]};{BORN}".encode())
    assert CensusEntry.objects.get(budget=other).digest not in digests  # a salt per budget


@pytest.mark.parametrize(("data", "message"), [
    (b"", "vide"),
    (b"\xff\xfe\x00\x41\x00", "UTF-8"),
    (b"\x00\x01\x02binary", "UTF-8"),
    (b"cin;naissance\n08123456;1985-06-01\nnot a cin!;1985-06-01\n12;1985-06-01\n08123457\n08123458;31/02/1985\n",
     "Lignes 3, 4, 5, 6"),
    (b"cin\n\n", "Aucun habitant"),
])
def test_malformed_census_files_are_refused_and_nothing_is_added(budget, people, data, message):
    before = CensusEntry.objects.count()
    with pytest.raises(Invalid, match=message):
        services.upload_census(budget, people["municipal_staff"], data)
    assert CensusEntry.objects.count() == before


def test_census_upload_counts_new_and_known_and_reads_semicolons(budget, people):
    report = services.upload_census(
        budget, people["municipal_staff"],
        "identifiant;naissance\n08123456;1985-06-01\n09000001;09/03/1990\n09000001;09/03/1990\n".encode("utf-8-sig")
    )
    assert (report.added, report.already_listed) == (1, 2)
    assert Budget.objects.get(pk=budget.pk).census_size == len(CENSUS) + 1


def test_only_the_municipality_manages_the_census_and_codes(budget, people):
    for who in ("citizen", "foreign_staff"):
        with pytest.raises(NotAllowed):
            services.upload_census(budget, people[who], b"08999999;1985-06-01")
        with pytest.raises(NotAllowed):
            services.generate_codes(budget, people[who], 5)


def test_voting_codes_are_hashed_and_serve_once(budget, people):
    staff = people["municipal_staff"]
    codes = services.generate_codes(budget, staff, 3)
    assert len(set(codes)) == 3 and VotingCode.objects.filter(budget=budget).count() == 3
    assert not VotingCode.objects.filter(digest__in=codes).exists()
    services.enter_paper_ballot(budget, staff, ids(budget, A, B), code=codes[0].lower().replace("-", " "))
    with pytest.raises(Conflict, match="déjà servi"):
        services.enter_paper_ballot(budget, staff, ids(budget, C), code=codes[0])
    with pytest.raises(Invalid, match="n'existe pas"):
        services.enter_paper_ballot(budget, staff, ids(budget, C), code="AAAA-BBBB-CCCC")
    assert Budget.objects.get(pk=budget.pk).ballot_count == 1
    assert Ballot.objects.get().channel == "paper"


def test_paper_ballot_with_a_census_id_and_online_vote_exclude_each_other(budget, people):
    staff = people["municipal_staff"]
    citizen = eligible(budget, people["citizen"], CENSUS[0])
    services.cast_ballot(budget, citizen, ids(budget, A))
    with pytest.raises(Conflict, match="déjà été déposé"):
        services.enter_paper_ballot(budget, staff, ids(budget, B), identifier=CENSUS[0])
    services.enter_paper_ballot(budget, staff, ids(budget, B), identifier=CENSUS[1])
    with pytest.raises(Conflict, match="bulletin papier"):
        services.claim_census_entry(budget, people["other_citizen"], CENSUS[1], BORN)
    with pytest.raises(Invalid, match="soit le code"):
        services.enter_paper_ballot(budget, staff, ids(budget, B), identifier=CENSUS[2], code="X")
    with pytest.raises(NotAllowed):
        services.enter_paper_ballot(budget, people["citizen"], ids(budget, B), identifier=CENSUS[2])
    assert Budget.objects.get(pk=budget.pk).ballot_count == 2


def test_any_verified_account_votes_when_the_budget_says_so(gabes, people):
    from .conftest import make_budget

    budget = make_budget(vote_phase_process(gabes, "ouvert"), people["municipal_staff"],
                         eligibility=Eligibility.ACCOUNT)
    services.cast_ballot(budget, people["citizen"], ids(budget, A))
    assert Voter.objects.get().key == f"u:{people['citizen'].pk}"


def test_projects_are_frozen_once_ballots_exist(budget, people, sector):
    staff = people["municipal_staff"]
    citizen = eligible(budget, people["citizen"], CENSUS[0])
    process = budget.process
    services.cast_ballot(budget, citizen, ids(budget, A))
    from madina.participation.models import Proposal

    proposal = Proposal.objects.create(process=process, author=citizen, title="Un banc", body="<p>x</p>",
                                       sector=sector, latitude=33.88, longitude=10.1)
    with pytest.raises(Conflict, match="ne peut plus changer"):
        services.add_proposal(budget, staff, proposal, cost_tnd=5_000)


def test_count_publishes_votes_selection_and_mails_voters(budget, people, django_capture_on_commit_callbacks):
    staff = people["municipal_staff"]
    for user, cin, choice in [(people["citizen"], CENSUS[0], (A, B)), (people["other_citizen"], CENSUS[1], (A, D))]:
        services.cast_ballot(budget, eligible(budget, user, cin), ids(budget, *choice))
    services.enter_paper_ballot(budget, staff, ids(budget, C), identifier=CENSUS[2])
    with pytest.raises(NotAllowed, match="vote clos"):
        services.request_count(budget, staff)
    budget = close_vote(budget)
    with pytest.raises(NotAllowed):
        services.request_count(budget, people["citizen"])
    with django_capture_on_commit_callbacks(execute=True):
        services.request_count(budget, staff)  # immediate task backend in tests
    budget.refresh_from_db()
    assert budget.count_state == CountState.DONE and budget.outcome["rule"].startswith("mes")
    votes = {p.title: (p.vote_count, p.is_selected) for p in budget.projects.all()}
    assert votes[A][0] == 2 and votes[B][0] == 1 and votes[C][0] == 1 and votes[D][0] == 1
    assert {t for t, (_, chosen) in votes.items() if chosen} == {budget.projects.get(pk=int(p)).title
                                                              for p in budget.outcome["selected"]}
    assert budget.outcome["cost"] <= budget.amount_tnd
    assert sorted(m.to[0] for m in mail.outbox) == sorted([people["citizen"].email, people["other_citizen"].email])
    assert "Résultats du budget participatif" in mail.outbox[0].subject
    notified = Notification.objects.filter(kind=NotificationKind.RESULTS, process=budget.process)
    assert sorted(notified.values_list("recipient__email", flat=True)) == sorted(
        [people["citizen"].email, people["other_citizen"].email]
    )
    with pytest.raises(Conflict, match="déjà fait"):
        services.request_count(fresh_budget(budget), staff)


def test_paper_ballots_can_be_entered_after_close_until_the_count(budget, people,
                                                                 django_capture_on_commit_callbacks):
    staff = people["municipal_staff"]
    budget = close_vote(budget)
    services.enter_paper_ballot(budget, staff, ids(budget, A), identifier=CENSUS[0])
    with django_capture_on_commit_callbacks(execute=True):
        services.request_count(budget, staff)
    with pytest.raises(NotAllowed, match="jusqu'au dépouillement"):
        services.enter_paper_ballot(fresh_budget(budget), staff, ids(budget, A), identifier=CENSUS[1])


def test_create_budget_checks_role_and_limits(gabes, people):
    process = vote_phase_process(gabes, "limites")
    with pytest.raises(NotAllowed):
        services.create_budget(process, people["citizen"], title="x", amount_tnd=10)
    with pytest.raises(Invalid, match="maximum"):
        services.create_budget(process, people["municipal_staff"], title="x", amount_tnd=10, min_projects=3,
                               max_projects=2)
    make_user("unused@example.tn")


def test_the_vote_phase_cannot_be_deleted_once_the_budget_has_ballots(budget, people):
    from madina.participation import services as participation_services
    from madina.participation.phases import PhaseKind

    staff = people["municipal_staff"]
    vote_phase = budget.process.phases.get(kind=PhaseKind.BUDGET_VOTE)
    services.cast_ballot(budget, eligible(budget, people["citizen"], CENSUS[0]), ids(budget, A))
    with pytest.raises(Conflict, match="déjà reçu des bulletins"):
        participation_services.delete_phase(vote_phase, staff)
    assert budget.process.phases.filter(pk=vote_phase.pk).exists()


def test_the_vote_phase_can_be_deleted_before_any_ballot(budget, people):
    from madina.participation import services as participation_services
    from madina.participation.phases import PhaseKind

    vote_phase = budget.process.phases.get(kind=PhaseKind.BUDGET_VOTE)
    participation_services.delete_phase(vote_phase, people["municipal_staff"])
    assert not budget.process.phases.filter(pk=vote_phase.pk).exists()


def test_arabic_indic_digits_read_as_the_registers_digits(budget, people):
    entry = services.claim_census_entry(budget, people["citizen"], "٠٨١٢٣٤٥٦", "۱۹۸۵-۰۶-۰۱")
    assert entry.user == people["citizen"]
