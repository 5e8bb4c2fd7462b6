"""A local stand-in for PDOK Locatieserver: recorded-shape responses from tests/data/pdok/."""

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from django.core.cache import cache
from django.utils.text import slugify

DATA = Path(__file__).resolve().parent / "data" / "pdok"


class StandIn:
    def __init__(self):
        self.down = False
        self.requests: list[str] = []


def _handler(state: StandIn):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            state.requests.append(self.path)
            if state.down:
                self.send_error(503)
                return
            url = urllib.parse.urlparse(self.path)
            query = urllib.parse.parse_qs(url.query)
            if url.path.endswith("/suggest"):
                file = DATA / f"suggest-{slugify(query['q'][0])}.json"
            elif url.path.endswith("/lookup"):
                file = DATA / f"lookup-{query['id'][0]}.json"
            else:
                self.send_error(404)
                return
            body = (
                file.read_bytes()
                if file.exists()
                else json.dumps({"response": {"numFound": 0, "docs": []}}).encode()
            )
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    return Handler


def pdok_stand_in(settings):
    state = StandIn()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WIJKACTIE_PDOK_URL = (
        f"http://127.0.0.1:{server.server_port}/bzk/locatieserver/search/v3_1"
    )
    settings.WIJKACTIE_CBS_YEAR = 2026
    cache.clear()
    yield state
    server.shutdown()
    cache.clear()
