"""Shared by the kafka-python (2.0.2) scripts: consumers that never join a group."""
from kafka import KafkaConsumer


def unjoined_consumer(bootstrap, config=None):
    """A KafkaConsumer for assign() and offset queries, with no group and no commits."""
    return KafkaConsumer(
        bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False, **(config or {})
    )
