from django.middleware.locale import LocaleMiddleware


class DutchFirstLocaleMiddleware(LocaleMiddleware):
    """Dutch unless the person chose English with the language switch (a cookie).

    The browser's Accept-Language is ignored on purpose: a Dutch professional on an English
    browser should still get the Dutch site, which is the reference wording of every page.
    """

    def process_request(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)
