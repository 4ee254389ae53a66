"""What every API view starts from."""

from __future__ import annotations

from rest_framework import exceptions
from rest_framework.request import Request


class ThrottleFirst:
    """Every API view's first base: throttles run before authentication fails and before
    permissions refuse, so guessing keys or passwords, and 401s, count against the limits.

    (DRF checks permissions first, which would let an anonymous client try keys unthrottled.)
    """

    _throttles_checked = False

    def perform_authentication(self, request: Request) -> None:
        try:
            super().perform_authentication(request)  # type: ignore[misc]
        except exceptions.AuthenticationFailed:
            self.check_throttles(request)  # counted by address: DRF made the user anonymous
            raise

    def check_permissions(self, request: Request) -> None:
        self.check_throttles(request)
        super().check_permissions(request)  # type: ignore[misc]

    def check_throttles(self, request: Request) -> None:
        if self._throttles_checked:
            return
        self._throttles_checked = True
        super().check_throttles(request)  # type: ignore[misc]
