"""Professional accounts: sign up, sign in by link or password, profile, sign out."""

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.contrib.auth.views import LoginView
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wijkactie.accounts.forms import (
    EmailForm,
    PasswordLoginForm,
    ProfileForm,
    SignUpForm,
    StaffLoginForm,
)
from wijkactie.accounts.queries import organisation_names, pending_members
from wijkactie.accounts.services import (
    MembershipError,
    approve_membership,
    refresh_membership,
    save_profile,
    sign_up,
)
from wijkactie.accounts.signin import queue_signin_mail, user_from_link
from wijkactie.core.ratelimit import (
    count_failed_guess,
    guessing_blocked,
    public_limit,
    rate_limited_response,
)
from wijkactie.core.redirects import local_target

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def safe_next(request, default: str = "") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    return local_target(request, target) or default or reverse("actie:home")


def professional_required(view):
    """Signed in, with a profile (organisation). Otherwise: to sign-in, or to complete the profile."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(
                reverse("accounts:signin") + "?" + urlencode({"next": request.get_full_path()})
            )
        if not hasattr(request.user, "professional"):
            return redirect(
                reverse("accounts:profile") + "?" + urlencode({"next": request.get_full_path()})
            )
        return view(request, *args, **kwargs)

    return wrapper


def facilitator_required(view):
    """A professional, or a staff member (who facilitates the afternoon groups of an event)."""
    professional_view = professional_required(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated and request.user.is_staff:
            return view(request, *args, **kwargs)
        return professional_view(request, *args, **kwargs)

    return wrapper


@require_http_methods(["GET", "POST"])
@public_limit(method="POST")
def signin(request):
    form = EmailForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            user = (
                get_user_model()
                .objects.filter(username=form.cleaned_data["email"], is_active=True)
                .first()
            )
            if user is not None:
                with transaction.atomic():
                    queue_signin_mail(user, next_url=safe_next(request))
            # Same answer whether or not the address is known: no one learns who has an account.
            return render(request, "accounts/link_sent.html", {"email": form.cleaned_data["email"]})
        status = 400
    return render(
        request, "accounts/signin.html", {"form": form, "next": safe_next(request)}, status=status
    )


@require_http_methods(["GET", "POST"])
@public_limit(method="POST")
def signup(request):
    form = SignUpForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            email = form.cleaned_data["email"]
            with transaction.atomic():
                user = sign_up(
                    email=email,
                    name=form.cleaned_data["name"],
                    organisation=form.cleaned_data["organisation"],
                )
                if user.is_active:
                    queue_signin_mail(user, next_url=safe_next(request))
            return render(request, "accounts/link_sent.html", {"email": email})
        status = 400
    return render(
        request,
        "accounts/signup.html",
        {"form": form, "next": safe_next(request), "organisations": organisation_names()},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def signin_link(request, uidb64: str, token: str):
    if guessing_blocked(request, "signin-link"):
        return rate_limited_response(request)
    user = user_from_link(uidb64, token)
    if user is None:
        count_failed_guess(request, "signin-link")
        return render(request, "accounts/link_invalid.html", status=400)
    if request.method == "POST":
        login(request, user, backend=MODEL_BACKEND)
        if hasattr(user, "professional"):
            # The link proved the address: a work address at the organisation's domain makes
            # the person a member.
            refresh_membership(user.professional)
        messages.success(request, _("Je bent ingelogd."))
        return redirect(safe_next(request))
    return render(
        request, "accounts/link_confirm.html", {"link_user": user, "next": safe_next(request)}
    )


class PasswordLogin(LoginView):
    template_name = "accounts/password_login.html"
    authentication_form = PasswordLoginForm

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response

    def get_default_redirect_url(self):
        return reverse("actie:home")


class StaffLogin(PasswordLogin):
    """The staff workspace's own sign-in (`/beheer/inloggen/`), throttled like every sign-in."""

    authentication_form = StaffLoginForm

    def get_default_redirect_url(self):
        return reverse("staff:dashboard")


@require_http_methods(["GET", "POST"])
def profile(request):
    if not request.user.is_authenticated:
        return redirect(
            reverse("accounts:signin") + "?" + urlencode({"next": request.get_full_path()})
        )
    professional = getattr(request.user, "professional", None)
    initial = (
        {"name": professional.name, "organisation": professional.organisation.name}
        if professional
        else {"name": request.user.get_full_name()}
    )
    form = ProfileForm(request.POST or None, initial=initial)
    password_form = _password_form(request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            save_profile(
                user=request.user,
                name=form.cleaned_data["name"],
                organisation=form.cleaned_data["organisation"],
            )
            messages.success(request, _("Je gegevens zijn opgeslagen."))
            return redirect(safe_next(request, reverse("accounts:profile")))
        status = 400
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "password_form": password_form,
            "next": safe_next(request, ""),
            "organisations": organisation_names(),
            "pending": pending_members(request.user) if not request.user.is_staff else [],
        },
        status=status,
    )


def _password_form(user, data=None):
    """A first password needs only the new one (the sign-in link proved who this is); changing
    an existing password asks for the current one, so an unattended session cannot take over the
    account."""
    if user.has_usable_password():
        return PasswordChangeForm(user, data)
    return SetPasswordForm(user, data)


@require_POST
def set_password(request):
    if not request.user.is_authenticated:
        return redirect("accounts:signin")
    form = _password_form(request.user, request.POST)
    if form.is_valid():
        form.save()
        login(request, request.user, backend=MODEL_BACKEND)
        messages.success(
            request, _("Je wachtwoord is ingesteld. Inloggen met een link blijft ook mogelijk.")
        )
        return redirect("accounts:profile")
    professional = getattr(request.user, "professional", None)
    initial = (
        {"name": professional.name, "organisation": professional.organisation.name}
        if professional
        else {}
    )
    return render(
        request,
        "accounts/profile.html",
        {
            "form": ProfileForm(initial=initial),
            "password_form": form,
            "organisations": organisation_names(),
        },
        status=400,
    )


@require_POST
def signout(request):
    logout(request)
    messages.success(request, _("Je bent uitgelogd."))
    return redirect("actie:home")


@require_POST
def approve_member(request, pk: int):
    """A coordinator confirms a colleague's membership of their organisation."""
    if not request.user.is_authenticated:
        return redirect("accounts:signin")
    professional = pending_members(request.user).filter(pk=pk).first()
    if professional is None:
        raise Http404
    try:
        approve_membership(professional_id=professional.pk, actor=request.user)
    except MembershipError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Het lidmaatschap van %(name)s is bevestigd.") % {"name": professional.name}
        )
    return redirect("accounts:profile")
