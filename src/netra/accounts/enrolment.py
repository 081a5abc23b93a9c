"""What an authenticator app needs to enrol a TOTP device: a QR code (inline SVG) and the key."""

from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice


def qr_svg(device: TOTPDevice) -> SafeString:
    """The otpauth:// URL as an SVG element, built on the server (no script, no inline style).

    Safe to mark: qrcode writes only fixed markup and path data; nothing typed by a user
    appears as text in it (the account name is encoded in the squares).
    """
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    svg = image.to_string(encoding="unicode")
    svg = svg.replace("<svg ", '<svg class="otp-qr" aria-hidden="true" focusable="false" ', 1)
    return mark_safe(svg)  # noqa: S308


def secret_for_manual_entry(device: TOTPDevice) -> str:
    """The key in base32, in groups of four for typing."""
    text = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
