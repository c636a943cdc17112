"""Companies' pages: registering the company, expressing interest in a project, reading one's interests and
their answers, answering a market-sounding round. What a company sends is shown to it and to the project's
staff and reviewers only."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from madina.core import media
from madina.core.pages import REFUSED, submit

from . import interests, queries
from .forms import AnswerForm, CompanyForm, InterestForm, SoundingAnswerForm
from .media import INTEREST_DOCUMENTS
from .media import interest_document as interest_document_served
from .models import Interest, SoundingAnswer, SoundingRound
from .rules import follows_up, reads_interest


@login_required
def company(request):
    mine = interests.company_of(request.user)
    form = CompanyForm(request.POST or None, instance=mine)
    if request.method == "POST":
        fields = {name: form.cleaned_data[name] for name in form.fields} if form.is_valid() else {}
        if submit(request, form, lambda _data: interests.register_company(request.user, **fields),
                  _("Entreprise enregistrée.")) is not REFUSED:
            return redirect(request.POST.get("next") if request.POST.get("next", "").startswith("/ppp/")
                            else "ppp:company")
    return render(request, "ppp/company.html", {
        "form": form, "company": mine, "interests": queries.company_interests(mine) if mine else [],
        "next": request.GET.get("next", ""),
    })


@login_required
@require_POST
def express(request, pk):
    screening = queries.investor_view(pk)
    form = InterestForm(request.POST, request.FILES)
    made = submit(request, form, lambda data: interests.express_interest(screening, request.user, data["message"],
                                                                         data["uploads"]),
                  _("Votre intérêt est envoyé à la municipalité et aux examinateurs PPP."))
    if made is not REFUSED:
        return redirect(made)
    return render(request, "ppp/express.html", {"screening": screening, "project": screening.project,
                                                "form": form}, status=422 if form.errors else 200)


@login_required
def interest(request, pk):
    item = get_object_or_404(Interest.objects.select_related("company", "screening__project__municipality")
                             .prefetch_related("documents"), pk=pk)
    if not reads_interest.test(request.user, item):
        raise PermissionDenied
    may_answer = follows_up.test(request.user, item.screening)
    return render(request, "ppp/interest.html", {
        "interest": item, "project": item.screening.project, "may_answer": may_answer,
        "answer_form": AnswerForm(initial={"answer": item.answer}) if may_answer else None,
    })


@login_required
def interest_document(request, pk, document):
    item = get_object_or_404(INTEREST_DOCUMENTS, pk=document, interest_id=pk)
    return media.respond(request, item.file.name, interest_document_served(request.user, item))


@login_required
def sounding(request, pk):
    """A round: an interested company answers it (until the deadline); staff and reviewers read the answers."""
    item = get_object_or_404(SoundingRound.objects.select_related("screening__project__municipality"), pk=pk)
    staff = follows_up.test(request.user, item.screening)
    mine = interests.company_of(request.user)
    if not staff and not (mine and item.screening.interests.filter(company=mine).exists()):
        raise PermissionDenied
    previous = SoundingAnswer.objects.filter(round=item, company=mine).first() if mine else None
    form = SoundingAnswerForm(request.POST or None, questions=item.questions,
                              initial_answers=previous.answers if previous else ())
    if mine and request.method == "POST" and submit(
            request, form, lambda _data: interests.answer_round(item, request.user, form.answers()),
            _("Vos réponses sont enregistrées.")) is not REFUSED:
        return redirect("ppp:sounding", pk=item.pk)
    answers = list(item.answers.select_related("company")) if staff else []
    return render(request, "ppp/sounding.html", {"round": item, "project": item.screening.project, "form": form,
                                                 "company": mine, "answers": answers, "staff": staff})
