"""Uploads (ops.Upload through the admin) go to the default storage: MEDIA_ROOT on local disk, or
the media bucket through django-storages' S3 backend, here against moto's in-process S3."""
import os
import shutil
import tempfile
from unittest import mock
from urllib.parse import parse_qs, urlsplit

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings

from config import env
from ops.models import Upload

BUCKET = "unit-test-media"
REGION = "eu-west-1"
STATIC = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
S3_STORAGES = {
    "default": {"BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": env.media_bucket_options(BUCKET, REGION)},
    "staticfiles": STATIC,
}
# moto answers the calls in-process; no endpoint of a test run may reach AWS
S3_ENV = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
          "AWS_SESSION_TOKEN": "testing", "AWS_ENDPOINT_URL_S3": ""}


class AdminUploadToLocalDiskTests(TestCase):
    def setUp(self):
        self.media = tempfile.mkdtemp(prefix="django-test-media-")
        self.addCleanup(shutil.rmtree, self.media, ignore_errors=True)
        self.enterContext(override_settings(MEDIA_ROOT=self.media))
        admin = get_user_model().objects.create_superuser("admin", "a@example.com", "pw-Adm1n-x")
        self.client.force_login(admin)

    def test_the_admin_add_form_stores_the_file_under_media_root(self):
        response = self.client.post(
            "/admin/ops/upload/add/",
            {"title": "notes", "file": SimpleUploadedFile("notes.txt", b"hello media\n")},
            secure=True, HTTP_HOST="abc123.eu-west-1.awsapprunner.com",
        )
        self.assertRedirects(response, "/admin/ops/upload/", fetch_redirect_response=False)
        upload = Upload.objects.get()
        self.assertEqual(upload.file.name, "uploads/notes.txt")
        with open(os.path.join(self.media, "uploads", "notes.txt"), "rb") as stored:
            self.assertEqual(stored.read(), b"hello media\n")
        self.assertEqual(upload.file.url, "/media/uploads/notes.txt")


@override_settings(STORAGES=S3_STORAGES)
class S3StorageTests(TestCase):
    def setUp(self):
        from moto import mock_aws  # the test root's python3-moto; the image does not ship it
        import boto3

        self.enterContext(mock.patch.dict(os.environ, S3_ENV))
        self.enterContext(mock_aws())
        self.s3 = boto3.client("s3", region_name=REGION)
        self.s3.create_bucket(Bucket=BUCKET,
                              CreateBucketConfiguration={"LocationConstraint": REGION},
                              ObjectOwnership="BucketOwnerEnforced")

    def test_an_upload_becomes_a_private_object_served_by_a_presigned_url(self):
        upload = Upload(title="report")
        upload.file.save("report.bin", ContentFile(b"\x00\x01binary\xff"))
        self.assertEqual(upload.file.name, "uploads/report.bin")
        head = self.s3.head_object(Bucket=BUCKET, Key="uploads/report.bin")
        self.assertEqual(head["ContentLength"], 9)
        # only the owner's grant: no ACL was sent (BucketOwnerEnforced would refuse one)
        grants = self.s3.get_object_acl(Bucket=BUCKET, Key="uploads/report.bin")["Grants"]
        self.assertEqual([g["Permission"] for g in grants], ["FULL_CONTROL"])
        url = urlsplit(upload.file.url)
        query = parse_qs(url.query)
        self.assertEqual(query["X-Amz-Algorithm"], ["AWS4-HMAC-SHA256"])
        self.assertIn(f"/{REGION}/s3/aws4_request", query["X-Amz-Credential"][0])
        self.assertEqual(query["X-Amz-Expires"], ["3600"])
        self.assertTrue(url.path.endswith("uploads/report.bin"))

    def test_a_second_upload_of_the_same_name_keeps_the_first(self):
        first, second = Upload(title="a"), Upload(title="b")
        first.file.save("same.txt", ContentFile(b"first"))
        second.file.save("same.txt", ContentFile(b"second"))
        self.assertNotEqual(first.file.name, second.file.name)
        body = self.s3.get_object(Bucket=BUCKET, Key=first.file.name)["Body"].read()
        self.assertEqual(body, b"first")
