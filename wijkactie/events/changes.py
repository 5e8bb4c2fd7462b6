"""What registrants were told, and what changed since: a snapshot of an event's time, place and
programme, and the differences between two snapshots in words (in the active language).

Pure functions over plain data, so a snapshot stored years ago still reads the same way.
"""

import hashlib
from datetime import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _

PLACE_FIELDS = (
    "location_kind",
    "online_platform",
    "venue_name",
    "street_address",
    "postcode",
    "city",
)


def snapshot(event) -> dict:
    """The event as a registrant relies on it. The join link itself is not kept, only whether
    it changed (a fingerprint), so a version never spreads the link."""
    return {
        "starts_at": event.starts_at.isoformat(),
        "ends_at": event.ends_at.isoformat(),
        **{name: getattr(event, name) for name in PLACE_FIELDS},
        "join_url": _fingerprint(event.join_url),
        "parts": [
            {
                "id": part.pk,
                "label": part.label,
                "kind": part.kind,
                "starts_at": part.starts_at.strftime("%H:%M"),
                "ends_at": part.ends_at.strftime("%H:%M"),
                "title": part.title,
                "speakers": [speaker.name for speaker in part.speakers.all()],
            }
            for part in event.parts.all()
        ],
    }


def _fingerprint(url: str) -> str:
    return hashlib.blake2b(url.encode(), digest_size=8).hexdigest() if url else ""


def differences(old: dict, new: dict) -> list[str]:
    """One line per change, old → new, in the order of the page: time, place, link, programme."""
    lines = []
    if (old["starts_at"], old["ends_at"]) != (new["starts_at"], new["ends_at"]):
        lines.append(
            _("Datum en tijd: %(old)s → %(new)s") % {"old": _moment(old), "new": _moment(new)}
        )
    if any(old.get(name) != new.get(name) for name in PLACE_FIELDS):
        lines.append(_("Locatie: %(old)s → %(new)s") % {"old": _place(old), "new": _place(new)})
    if old.get("join_url") != new.get("join_url") and new.get("join_url"):
        lines.append(_("De deelnamelink is veranderd. U krijgt de nieuwe link per e-mail."))
    before = {part["id"]: part for part in old["parts"]}
    after_ids = {part["id"] for part in new["parts"]}
    for part in new["parts"]:
        was = before.get(part["id"])
        if was is None:
            lines.append(_("Nieuw in het programma: %(part)s") % {"part": _part(part)})
            continue
        name = part["label"]
        if was["label"] != part["label"]:
            lines.append(
                _("‘%(old)s’ heet nu ‘%(new)s’.") % {"old": was["label"], "new": part["label"]}
            )
        if (was["starts_at"], was["ends_at"]) != (part["starts_at"], part["ends_at"]):
            lines.append(
                _("%(part)s: %(old)s → %(new)s")
                % {"part": _capital(name), "old": _times(was), "new": _times(part)}
            )
        if was["title"] != part["title"]:
            lines.append(
                _("%(part)s, titel: ‘%(old)s’ → ‘%(new)s’")
                % {"part": _capital(name), "old": was["title"] or "–", "new": part["title"] or "–"}
            )
        if was["speakers"] != part["speakers"]:
            lines.append(
                _("%(part)s, sprekers: %(old)s → %(new)s")
                % {
                    "part": _capital(name),
                    "old": ", ".join(was["speakers"]) or "–",
                    "new": ", ".join(part["speakers"]) or "–",
                }
            )
    for part in old["parts"]:
        if part["id"] not in after_ids:
            lines.append(_("Vervallen: %(part)s") % {"part": _part(part)})
    return lines


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _times(part: dict) -> str:
    return f"{part['starts_at'].replace(':', '.')}–{part['ends_at'].replace(':', '.')}"


def _part(part: dict) -> str:
    return f"{_capital(part['label'])} ({_times(part)})"


def _moment(state: dict) -> str:
    start = timezone.localtime(datetime.fromisoformat(state["starts_at"]))
    end = timezone.localtime(datetime.fromisoformat(state["ends_at"]))
    day = formats.date_format(start, "l j F Y")
    return f"{day}, {start:%H.%M}–{end:%H.%M}"


def _place(state: dict) -> str:
    if state["location_kind"] == "online":
        if state.get("online_platform"):
            return _("online (%(platform)s)") % {"platform": state["online_platform"]}
        return _("online")
    parts = (state.get("venue_name"), state.get("street_address"), state.get("city"))
    return ", ".join(p for p in parts if p)
