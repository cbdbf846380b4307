from django.db import models


class Upload(models.Model):
    """A file uploaded through the admin, kept by the default storage (STORAGES["default"]):
    the media bucket when DJANGO_MEDIA_BUCKET is set, else MEDIA_ROOT on local disk."""

    title = models.CharField(max_length=200)
    file = models.FileField(upload_to="uploads/")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.title
