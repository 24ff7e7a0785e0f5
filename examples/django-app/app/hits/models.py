from django.db import models


class Hit(models.Model):
    """One row per request to `/`: the "hits" count lives in Postgres."""

    created = models.DateTimeField(auto_now_add=True)
    path = models.CharField(max_length=200, default="/")

    def __str__(self):
        return f"hit {self.pk} at {self.created:%Y-%m-%d %H:%M:%S}"
