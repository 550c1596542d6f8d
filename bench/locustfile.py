"""Load test of the API (driven by bench/load.py): a township officer's member list,
member detail, name search, and the health endpoint as the reference."""

import os
import random

from locust import HttpUser, constant, task

TOKEN = os.environ["ZG_TOKEN"]
TOWNSHIP = os.environ["ZG_TOWNSHIP"]
MEMBERS = [int(x) for x in os.environ["ZG_MEMBERS"].split(",")]
NAMES = os.environ["ZG_NAMES"].split(",")


class Officer(HttpUser):
    wait_time = constant(0)

    def on_start(self):
        self.client.headers["Authorization"] = f"Bearer {TOKEN}"

    @task(4)
    def member_list(self):
        self.client.get(f"/api/v1/party/members?organization={TOWNSHIP}&page=1", name="list")

    @task(3)
    def member_detail(self):
        self.client.get(f"/api/v1/party/members/{random.choice(MEMBERS)}", name="detail")

    @task(3)
    def name_search(self):
        self.client.get(f"/api/v1/party/members?q={random.choice(NAMES)}", name="search")

    @task(2)
    def health(self):
        self.client.get("/api/v1/health", name="health")
