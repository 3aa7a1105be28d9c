FROM python:3.11-slim-bookworm

# WeasyPrint needs Pango; gettext compiles the translations; the PostgreSQL client makes
# `manage.py backup` and `restore` work inside the container.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 gettext fonts-dejavu-core \
        postgresql-client-15 \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml ./
COPY . .
RUN pip install --no-cache-dir . \
    && DEBUG=true python manage.py compilemessages --ignore=.venv \
    && DEBUG=false SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput

RUN useradd --create-home clefdefrance && mkdir -p /srv/media && chown clefdefrance /srv/media
USER clefdefrance
EXPOSE 8000
