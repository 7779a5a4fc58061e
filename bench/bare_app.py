"""The baseline for worker memory: a bare Flask app with one route, served by the same gunicorn."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def index() -> str:
    return "ok"
