"""simplejwt's tokens, with an access token's issue time to the microsecond.

simplejwt writes `iat` in whole seconds, so "issued before the sign-out" cannot be told from
"issued just after it, in the same second" (`signouts`). RFC 7519 lets a NumericDate carry a
fraction, and PyJWT and simplejwt read one, so our access tokens say when they were made exactly.
"""

from __future__ import annotations

from datetime import datetime

from rest_framework_simplejwt import tokens


class AccessToken(tokens.AccessToken):
    def set_iat(self, claim: str = "iat", at_time: datetime | None = None) -> None:
        self.payload[claim] = (at_time or self.current_time).timestamp()


class RefreshToken(tokens.RefreshToken):
    """Makes our access tokens, both at sign-in and at refresh."""

    access_token_class = AccessToken
