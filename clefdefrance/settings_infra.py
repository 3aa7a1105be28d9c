"""What changes between one office's laptop and a cluster of machines.

The task queue, the cache and the sessions, where uploaded files live, and the logs. Imported
at the end of settings.py; every value comes from the environment, with a laptop's default:
no REDIS_URL means tasks run in-process and the cache is in memory.
"""

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_choice, env_int, env_str

_DEBUG = env_bool("DEBUG", False)

# --- Celery: a real broker when REDIS_URL is set, otherwise tasks run eagerly in-process.
REDIS_URL = env_str("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
# The same as TIME_ZONE in settings.py (tests/test_celery_settings.py checks it).
CELERY_TIMEZONE = "Europe/Paris"
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A task is acknowledged once it has run, not when a worker takes it: a worker killed mid-task
# (deploy, out of memory, lost machine) leaves its message to be delivered again. Every task
# is idempotent (see each tasks.py), so a second delivery never does the work twice.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# One message at a time per process: a slow report never holds others hostage in a buffer.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The soft limit raises inside the task (the report is failed with a reason); the hard one
# kills the process a little later if the task did not stop.
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 600, minimum=1)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 660, minimum=1)
# Redis redelivers a message not acknowledged after this many seconds. It must outlast the
# hard time limit, or a task still running would be started a second time elsewhere.
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", 900, minimum=1)
if not CELERY_TASK_SOFT_TIME_LIMIT < CELERY_TASK_TIME_LIMIT < CELERY_VISIBILITY_TIMEOUT:
    raise ImproperlyConfigured(
        "CELERY_TASK_SOFT_TIME_LIMIT < CELERY_TASK_TIME_LIMIT < CELERY_VISIBILITY_TIMEOUT "
        f"is required, not {CELERY_TASK_SOFT_TIME_LIMIT}, {CELERY_TASK_TIME_LIMIT}, "
        f"{CELERY_VISIBILITY_TIMEOUT}"
    )
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    # A broker host that drops packets must not hang a request that queues a task: the
    # publish fails within seconds and the request says so (core/queueing.py).
    "socket_connect_timeout": 2,
}
# One queue per kind of work, so that each scales on its own machines: a yearly report or a
# large import never delays the morning digests, nor the small tasks of the default queue.
# Every worker of `make run-stack` consumes them all; docker-compose.yml runs one per queue.
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    # Reports and control packs (a control pack is a report), and the stalled-report sweep.
    "reporting.tasks.*": {"queue": "reports"},
    "history_import.tasks.*": {"queue": "imports"},
    # The daily digest e-mails, and the answer links e-mailed to partners.
    "followups.tasks.*": {"queue": "mail"},
    "partners.tasks.*": {"queue": "mail"},
    # An exact name wins over the pattern above: the nightly purge is no mail.
    "partners.tasks.purge_link_openings_task": {"queue": "default"},
}
TASK_QUEUES = ("default", "reports", "imports", "mail")
# The worker logs through LOGGING below (JSON with the request id), not its own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Each worker writes its heartbeat to Redis this often; /healthz fails once the newest one is
# older than WORKER_HEARTBEAT_MAX_AGE seconds (core/health.py).
WORKER_HEARTBEAT_SECONDS = env_int("WORKER_HEARTBEAT_SECONDS", 30, minimum=1)
WORKER_HEARTBEAT_MAX_AGE = env_int("WORKER_HEARTBEAT_MAX_AGE", 120, minimum=1)
# Beat sends each scheduled task when it is due. RedBeat keeps the schedule (each entry's last
# run) in Redis with a lock: only the beat holding the lock sends, any other one (a standby on
# another machine, an overlapping deploy) waits for it, so a second beat never sends a task
# twice. The holder renews the lock at each tick, at most CELERY_BEAT_MAX_LOOP_INTERVAL
# seconds apart; one killed without releasing it is replaced by a waiting one once the lock
# expires, CELERY_BEAT_LOCK_TIMEOUT seconds later. Without REDIS_URL tasks run in-process: no beat.
CELERY_BEAT_MAX_LOOP_INTERVAL = env_int("CELERY_BEAT_MAX_LOOP_INTERVAL", 30, minimum=1)
CELERY_BEAT_LOCK_TIMEOUT = env_int("CELERY_BEAT_LOCK_TIMEOUT", 150, minimum=2)
if not CELERY_BEAT_MAX_LOOP_INTERVAL < CELERY_BEAT_LOCK_TIMEOUT:
    raise ImproperlyConfigured(
        "CELERY_BEAT_MAX_LOOP_INTERVAL < CELERY_BEAT_LOCK_TIMEOUT is required (the lock is "
        f"renewed at each tick), not {CELERY_BEAT_MAX_LOOP_INTERVAL}, {CELERY_BEAT_LOCK_TIMEOUT}"
    )
if REDIS_URL:
    CELERY_BEAT_SCHEDULER = "redbeat.RedBeatScheduler"
    CELERY_REDBEAT_REDIS_URL = REDIS_URL
    CELERY_REDBEAT_REDIS_OPTIONS = {"socket_connect_timeout": 2}
    CELERY_REDBEAT_LOCK_TIMEOUT = CELERY_BEAT_LOCK_TIMEOUT
CELERY_BEAT_SCHEDULE: dict = {
    # Marks late follow-ups and plan steps, then e-mails each social worker one digest.
    "send-due-digests": {
        "task": "followups.tasks.send_due_digests_task",
        "schedule": crontab(hour=7, minute=0),
    },
    # Fails reports whose worker died mid-build, so their requester can retry them.
    "fail-stalled-reports": {
        "task": "reporting.tasks.fail_stalled_reports_task",
        "schedule": crontab(minute=15),
    },
    # The dashboards opened lately, computed again when their data changed (figures_warm).
    # Dropped when still queued a minute later (behind a long report): the next one does it.
    "warm-figures": {
        "task": "reporting.tasks.warm_figures_task",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # Folds the indicators' change rows (reporting.figures_cache): the versions stay small.
    "fold-figures-changes": {
        "task": "reporting.tasks.fold_figures_changes_task",
        "schedule": crontab(minute=45),
    },
    # Archives households long without contact and anonymises those past every retention.
    "apply-retention": {
        "task": "privacy.tasks.apply_retention_task",
        "schedule": crontab(hour=2, minute=30),
    },
    # Deletes the access log of personal files past ACCESS_LOG_RETENTION_MONTHS.
    "purge-access-log": {
        "task": "accounts.access_log_purge.purge_access_log_task",
        "schedule": crontab(hour=3, minute=30),
    },
    # Deletes the openings of partners' answer links past the same retention.
    "purge-link-openings": {
        "task": "partners.tasks.purge_link_openings_task",
        "schedule": crontab(hour=3, minute=40),
    },
}

# --- Cache and sessions: shared by every web machine when Redis is there.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cdf",
            "OPTIONS": {
                # A Redis outage makes the cache miss, never a page fail.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Read from the cache, written to both: any web machine knows the session, and a Redis outage
# logs no one out (the database still has it). Django's cached_db, except that a save failing
# because the database is unreachable gives the 503 page, not a 400 (core/sessions.py).
SESSION_ENGINE = "core.sessions"

# --- Uploaded files, through Django's storage API only: a folder (MEDIA_ROOT, a volume shared
# by every machine) by default, or an S3-compatible bucket. Files are private either way: the
# app's download views check access and stream them (core/uploads.py).
STORAGE_BACKEND = env_choice("STORAGE_BACKEND", "filesystem", ("filesystem", "s3"))
if STORAGE_BACKEND == "s3":
    AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
    if not AWS_STORAGE_BUCKET_NAME:
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME")
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            # Empty for AWS itself; the address of any other S3-compatible service.
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            # The keys come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or the
            # machine's role), read by the S3 client itself: never written in a setting.
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    # collectstatic's manifest (hashed names, compressed copies) served by WhiteNoise.
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if _DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Logs: one JSON object a line in production (LOG_FORMAT=json, the default when DEBUG is
# off), plain text on a laptop. Every line carries the request id (clefdefrance/request_id.py).
LOG_FORMAT = env_choice("LOG_FORMAT", "text" if _DEBUG else "json", ("json", "text"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "clefdefrance.request_id.RequestIdFilter"},
        "secret_paths": {"()": "clefdefrance.access_log.SecretPathFilter"},
        "dev_server_line": {"()": "clefdefrance.access_log.DevServerLineFilter"},
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(levelname)s %(name)s %(message)s %(request_id)s",
            "timestamp": "time",  # ISO 8601, UTC
            "rename_fields": {"levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id", "secret_paths"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # runserver's request lines (`make run`) through the same handler and masks, instead of
    # Django's own handler, which would print query strings and answer links' secrets.
    "loggers": {
        # Django's own "django" handlers (its console line when DEBUG is on, unmasked, and the
        # error mails to ADMINS, none here) dropped: its lines reach the root's handler once.
        "django": {"handlers": [], "propagate": True},
        "django.server": {
            "handlers": ["console"],
            "filters": ["dev_server_line"],
            "level": "INFO",
            "propagate": False,
        },
    },
}

# /healthz is asked over plain HTTP by the load balancer or the container platform, straight
# to the web process: no redirect to HTTPS for it (core/health.py).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
