from django.contrib import admin

from .models import Upload


@admin.register(Upload)
class UploadAdmin(admin.ModelAdmin):
    list_display = ["title", "file", "uploaded_at"]
    readonly_fields = ["uploaded_at"]
