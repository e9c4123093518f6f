from django.http import HttpResponse


def institution_list(request):
    return HttpResponse("todo")


institution_detail = organisation_list = organisation_detail = governance = institution_list
