"""Irreversible or heavy actions ask first, with what will happen, with or without JavaScript.

A view that acts is decorated with ``confirm_first(describe)``. ``describe(request, *args,
**kwargs)`` looks the object up and checks the permission exactly as the view does (so a
person who may not act gets the view's 403 or 404, not a question), and returns a
``Confirmation`` saying what will happen, or ``None`` when there is nothing to ask (bad input,
which the view answers with its own message, or a harmless choice among several buttons).

- A GET, or a POST without ``confirmed=1``, shows the confirmation page (``web/confirm.html``)
  and changes nothing; its form carries the POST's fields back with ``confirmed=1``.
- Only the confirmed POST reaches the view.
- With JavaScript, ``campus/confirm.js`` posts the same form without ``confirmed`` in the
  background, marked with the ``X-Campus-Confirm: ask`` header, reads the confirmation from the
  page the server answers, and asks in a native ``<dialog>``; so the dialog shows exactly the
  words of the confirmation page. When there is nothing to ask, that request is answered with
  204 and the view is not called: asking never acts. Buttons that ask first are drawn by
  ``web/_confirm_button.html``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import wraps

from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

CONFIRMED_FIELD = "confirmed"
ASK_HEADER = "X-Campus-Confirm"
#: Fields the confirmation page never carries back (it writes its own token and answer).
NOT_CARRIED = {"csrfmiddlewaretoken", CONFIRMED_FIELD}


@dataclass(frozen=True)
class Confirmation:
    """The question before an action: a title, what will happen, and the button that acts."""

    title: str
    text: str
    button: str
    cancel_url: str
    consequences: Sequence[str] = field(default_factory=tuple)
    danger: bool = True


def is_confirmed(request) -> bool:
    return request.method == "POST" and request.POST.get(CONFIRMED_FIELD) == "1"


def back_url(request, fallback: str) -> str:
    """Where "Cancel" leads: the safe ``next`` the form carried, or the fallback."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def confirmation_page(request, confirmation: Confirmation):
    """The confirmation page: the question, and a form that posts the same fields, confirmed."""
    data = request.POST if request.method == "POST" else request.GET
    carried = [
        (name, value) for name in data if name not in NOT_CARRIED for value in data.getlist(name)
    ]
    return render(
        request,
        "web/confirm.html",
        {"confirmation": confirmation, "carried": carried, "action_url": request.path},
    )


def confirm_first(describe: Callable[..., Confirmation | None]):
    """Decorate a view that acts so that it acts only on a confirmed POST (see the module)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "POST"):
                return HttpResponseNotAllowed(["GET", "POST"])
            if is_confirmed(request):
                return view(request, *args, **kwargs)
            confirmation = describe(request, *args, **kwargs)
            if confirmation is not None:
                return confirmation_page(request, confirmation)
            if request.headers.get(ASK_HEADER) == "ask":
                return HttpResponse(status=204)  # nothing to ask; the form is sent for real
            if request.method == "GET":
                return HttpResponseNotAllowed(["POST"])
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
