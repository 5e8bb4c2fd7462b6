"""The staff workspace's own sign-in page (accounts holds the form and the rules)."""

from wijkactie.accounts.views import StaffLogin


class StaffSignIn(StaffLogin):
    """/beheer/inloggen/: a username or e-mail address and a password, for staff only."""

    template_name = "office/signin.html"
