"""The request id: on the response, on the request's log lines, into the tasks it queues."""

import logging
import uuid

import pytest
from django.test import override_settings

from clefdefrance import request_id


class Records(logging.Handler):
    """Keeps the records it is given, through the project's filter as the console handler."""

    def __init__(self):
        super().__init__()
        self.addFilter(request_id.RequestIdFilter())
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def records():
    handler = Records()
    logger = logging.getLogger("tests.request_id")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield handler.records
    logger.removeHandler(handler)


@pytest.fixture
def queue_page():
    with override_settings(ROOT_URLCONF="tests.request_id_urls"):
        yield "/queue/"


def test_the_proxys_id_is_returned_and_on_every_line_of_the_request_and_its_task(
    client, records, queue_page
):
    response = client.get(queue_page, HTTP_X_REQUEST_ID="proxy-id-123")
    assert response.status_code == 200
    assert response["X-Request-ID"] == "proxy-id-123"
    lines = {record.getMessage(): record.request_id for record in records}
    # The task ran in-process (eager): the same id on its line.
    assert lines == {"in the view": "proxy-id-123", "in the task": "proxy-id-123"}


def test_without_a_proxy_id_the_app_makes_one(client, records, queue_page):
    response = client.get(queue_page)
    made = response["X-Request-ID"]
    assert uuid.UUID(made).hex == made
    assert {record.request_id for record in records} == {made}
    assert client.get(queue_page)["X-Request-ID"] != made  # one per request


@pytest.mark.parametrize("sent", ["a\nforged log line", "x" * 65, 'quote"', ""])
def test_an_id_unfit_for_a_log_line_is_replaced(client, queue_page, sent):
    returned = client.get(queue_page, HTTP_X_REQUEST_ID=sent)["X-Request-ID"]
    assert returned != sent
    assert len(returned) == 32


def test_outside_a_request_the_lines_say_dash(records):
    logging.getLogger("tests.request_id").info("at start-up")
    assert records[0].request_id == "-"


def test_the_console_handler_of_the_settings_has_the_filter(settings):
    console = settings.LOGGING["handlers"]["console"]
    assert "request_id" in console["filters"]
    assert "%(request_id)s" in settings.LOGGING["formatters"]["json"]["format"]


def test_publishing_a_task_during_a_request_puts_the_id_in_its_headers():
    headers = {}
    token = request_id._request_id.set("req-1")
    try:
        request_id.task_publish_add_request_id(headers=headers, body=(), routing_key="reports")
    finally:
        request_id._request_id.reset(token)
    assert headers == {"request_id": "req-1"}
    outside = {}
    request_id.task_publish_add_request_id(headers=outside)
    assert outside == {}


class _Task:
    def __init__(self, **request):
        self.request = type("Request", (), {"headers": None, **request})()


def test_the_worker_sets_the_id_of_the_message_for_the_task_then_clears_it():
    task = _Task(request_id="req-2")
    request_id.task_prerun_set_request_id(task_id="t1", task=task)
    assert request_id.current_request_id() == "req-2"
    request_id.task_postrun_clear_request_id(task_id="t1", task=task)
    assert request_id.current_request_id() is None


def test_the_id_is_found_among_the_headers_too():
    task = _Task(headers={"request_id": "req-3"})
    request_id.task_prerun_set_request_id(task_id="t2", task=task)
    assert request_id.current_request_id() == "req-3"
    request_id.task_postrun_clear_request_id(task_id="t2", task=task)
    assert request_id.current_request_id() is None


def test_a_task_without_an_id_keeps_the_id_in_place():
    token = request_id._request_id.set("req-eager")
    try:
        request_id.task_prerun_set_request_id(task_id="t3", task=_Task())
        assert request_id.current_request_id() == "req-eager"
        request_id.task_postrun_clear_request_id(task_id="t3")
        assert request_id.current_request_id() == "req-eager"
    finally:
        request_id._request_id.reset(token)


def test_the_id_travels_in_the_message_and_tags_the_tasks_lines(records, tasks_through_the_broker):
    """Published to an in-memory broker as to Redis, then run from the message's headers as a
    worker runs it: the task's line carries the id of the request that queued it."""
    from kombu import Connection

    from tests.request_id_urls import log_from_task

    with Connection("memory://") as connection:
        token = request_id._request_id.set("req-wire")
        try:
            sent = log_from_task.apply_async(connection=connection, queue="request-id-test")
        finally:
            request_id._request_id.reset(token)
        queue = connection.SimpleQueue("request-id-test")
        message = queue.get(timeout=2)
        message.ack()
        queue.close()
    assert message.headers["id"] == sent.id
    assert message.headers["request_id"] == "req-wire"

    assert request_id.current_request_id() is None  # as in a worker process
    log_from_task.apply(task_id=sent.id, headers=message.headers)
    assert [(r.getMessage(), r.request_id) for r in records] == [("in the task", "req-wire")]
    assert request_id.current_request_id() is None
