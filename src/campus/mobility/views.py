from django.http import Http404


def _todo(request, pk=None):
    raise Http404


opportunity_list = opportunity_page = apply = application_page = agreement_page = _todo
agreement_pdf = queue_page = overview_page = _todo
