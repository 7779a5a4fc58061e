# The app's image: gunicorn (gunicorn.conf.py) serving wsgi:app on port 8000, as a non-root user.
# Build: docker build -t inspect-app .   Run it with compose.yaml (database, storage, TLS proxy).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint's libraries (Pango, HarfBuzz's subsetter) and the CJK font every PDF needs;
# pg_dump and pg_restore (15, as the compose file's server) for `flask backup`.
# Fontconfig's cache is valid only while each font folder's mtime, nanoseconds included, equals
# the one it recorded; image layers keep whole seconds, so the cache apt wrote would be stale in
# every container, and each process would rescan the fonts and print "Fontconfig error: No
# writable cache directories" (the app user may not write the cache). Hence: whole-second
# mtimes on the font folders first, then the cache, in this same layer.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /usr/local/share/fonts \
    && find /usr/share/fonts /usr/local/share/fonts -type d -exec touch -m -d "@$(date +%s)" {} + \
    && fc-cache --force --system-only

WORKDIR /app
# Locked, hashed dependencies first: this layer is rebuilt only when the lock file changes.
COPY requirements.lock ./
RUN pip install --require-hashes --no-deps -r requirements.lock

COPY . .
# The app's bytecode, compiled here: the app user cannot write it, so every process (each
# gunicorn worker, the PDF worker, each flask command) would compile every module again.
RUN pybabel compile -d inspect_app/translations \
    && python -m compileall -q inspect_app wsgi.py gunicorn.conf.py \
    && groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home app \
    && mkdir -p /app/instance /data/uploads /data/backups \
    && chown -R app:app /app/instance /data

USER app
ENV STORAGE_DIR=/data/uploads \
    BACKUP_DIR=/data/backups \
    WEB_BIND=0.0.0.0:8000
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
    CMD ["python", "-c", "import urllib.request as u; u.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["gunicorn", "--config", "gunicorn.conf.py", "wsgi:app"]
