"""Shared by the confluent-kafka scripts: consumers that never join a group, and error names."""
from confluent_kafka import Consumer

TIMEOUT_S = 10


def unjoined_consumer(bootstrap, config=None):
    """A Consumer for assign() and offset queries: the client requires a group id, but nothing
    here joins that group."""
    return Consumer({
        "bootstrap.servers": bootstrap,
        "group.id": "blink-tests-unjoined",
        "enable.auto.commit": False,
        **(config or {}),
    })


def error_name(error):
    """A KafkaError's name (e.g. "UNKNOWN_TOPIC_OR_PART"), or None for no error."""
    return None if error is None else error.name()
