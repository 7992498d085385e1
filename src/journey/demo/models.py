from django.db import models


class DemoCouncil(models.Model):
    """Marks a database as holding the synthetic demo council, so seeding twice does nothing."""

    size = models.CharField(max_length=20)
    seed = models.IntegerField()
    as_of = models.DateField()
    loaded_at = models.DateTimeField(auto_now_add=True)
    seconds = models.FloatField(default=0)

    def __str__(self) -> str:
        return f"{self.size} demo council (seed {self.seed})"
