# Proves the one-off reaches a stack service by its name (REDIS_HOST, e.g. "redis").
import os

import redis
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    def handle(self, *args, **options):
        host = os.environ["REDIS_HOST"]
        client = redis.Redis(host=host, port=6379, socket_connect_timeout=5)
        client.set("swarmlift-migrator", "reached")
        self.stdout.write(f"redis {host}: {client.get('swarmlift-migrator').decode()} PONG={client.ping()}")
