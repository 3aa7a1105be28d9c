FROM python:3.11-slim-bookworm

# WeasyPrint needs Pango; gettext compiles the translations; the PostgreSQL client makes
# `manage.py backup` and `restore` work inside the container.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 gettext fonts-dejavu-core \
        postgresql-client-15 \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
# The dependencies first (the project installs no package of its own), so that a change of
# code alone rebuilds from here on.
COPY pyproject.toml ./
RUN pip install --no-cache-dir .
COPY . .
# The static files are collected into the image: each web container serves its own copy from
# collectstatic's manifest (WhiteNoise), so nothing static is shared or collected at start.
RUN DEBUG=true python manage.py compilemessages --ignore=.venv \
    && DEBUG=false SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput

# /srv/media: the uploads (a shared volume).
RUN useradd --create-home clefdefrance && mkdir -p /srv/media \
    && chown clefdefrance /srv/media
USER clefdefrance
EXPOSE 8000
# One image for every process: the web by default; docker-compose.yml and the Procfile name
# the worker and beat commands.
CMD ["gunicorn", "-c", "deploy/gunicorn.conf.py"]
