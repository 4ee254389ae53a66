"""/api/v1/teams/<team_slug>/files/: a team's files over the API (session, JWT or API key),
through the same services and rules as the Files tab."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import BaseParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from site_apps.common.api.permissions import PEOPLE, acting_person
from site_apps.common.api.serializers import KnownFieldsOnly
from site_apps.common.api.views import ThrottleFirst
from site_apps.teams.api import TeamScopedMixin
from site_apps.uploads import gateway, policy, selectors, services
from site_apps.uploads.inspection import UploadRefused
from site_apps.uploads.models import Upload


class StorageUnavailableError(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "storage_unavailable"


class UploadSerializer(serializers.ModelSerializer[Upload]):
    uploader: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        source="author", slug_field="email", read_only=True, allow_null=True
    )
    has_thumbnail = serializers.SerializerMethodField()

    class Meta:
        model = Upload
        fields = (
            "id",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "width",
            "height",
            "uploader",
            "created_at",
            "has_thumbnail",
        )
        read_only_fields = fields

    def get_has_thumbnail(self, upload: Upload) -> bool:
        return "thumbnail" in upload.variants


class NewUploadSerializer(KnownFieldsOnly, serializers.Serializer[Any]):
    file = serializers.FileField(
        allow_empty_file=True,
        help_text=_(
            "PNG, JPEG, WebP, GIF, PDF, plain text or CSV; the type is read from the bytes."
        ),
    )


DownloadLinkSerializer = inline_serializer(
    "DownloadLink",
    {"url": serializers.URLField(), "expires_at": serializers.DateTimeField()},
)


@extend_schema_view(
    list=extend_schema(description="The team's files, newest first (every member)."),
    retrieve=extend_schema(description="One file's details."),
    create=extend_schema(
        request={"multipart/form-data": NewUploadSerializer},
        responses={201: UploadSerializer},
        description=(
            "Upload one file (multipart, field `file`). Refusals: 400 `validation_error` with "
            "the reason under `errors.file` (empty, a type we do not accept, SVG or HTML, too "
            "many pixels, over the per-file size); 402 `plan_limit_reached` over the plan's "
            "storage; 503 `storage_unavailable` when the file store does not answer."
        ),
    ),
    destroy=extend_schema(
        description="Delete the file (owners and admins: any; members: their own)."
    ),
)
class UploadViewSet(
    ThrottleFirst,
    TeamScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[Upload],
):
    """A team's files."""

    serializer_class = UploadSerializer
    cursor_ordering = ("-created_at", "-pk")
    lookup_value_converter = "id"
    # A key deletes only what it uploaded as a person, which it never is (policy.can_delete).
    callers_by_action = {"destroy": PEOPLE}
    # Multipart for the upload; the API's JSON parser for everything else.
    # (DRF's stubs type the setting as dotted paths; api_settings has imported the classes.)
    parser_classes = [
        MultiPartParser,
        *cast(list[type[BaseParser]], api_settings.DEFAULT_PARSER_CLASSES),
    ]

    def get_queryset(self) -> QuerySet[Upload]:
        policy.can_use_files(self.actor).require()
        return selectors.team_uploads(self.team)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = NewUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        file = serializer.validated_data["file"]
        person = None if self.by_api_key else acting_person(request)
        try:
            upload = services.upload_file(self.actor, file=file, name=file.name, user=person)
        except UploadRefused as error:
            raise exceptions.ValidationError({"file": [str(error)]}) from error
        except gateway.StorageUnavailable as error:
            raise StorageUnavailableError(str(error)) from error
        return Response(UploadSerializer(upload).data, status=status.HTTP_201_CREATED)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.delete_upload(self.actor, upload=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=None,
        responses={200: DownloadLinkSerializer},
        description=(
            "A short-lived link to the file (presigned on S3, UPLOADS_URL_EXPIRY seconds); it "
            "downloads as an attachment."
        ),
    )
    @action(detail=True, methods=["get"], url_path="download-url")
    def download_url(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            link = services.download_link(self.actor, upload=self.get_object())
        except gateway.StorageUnavailable as error:
            raise StorageUnavailableError(str(error)) from error
        return Response(
            {"url": request.build_absolute_uri(link.url), "expires_at": link.expires_at}
        )
