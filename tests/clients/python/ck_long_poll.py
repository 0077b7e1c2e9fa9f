"""confluent-kafka long-poll: how soon a waiting consumer sees a message produced later.

The consumer (fetch.wait.max.ms = fetchWaitMaxMs) polls an empty partition for idleMs, so its
Fetch is parked on the broker; then one message is produced and flushed. The latency runs from
flush() returning (the broker has acknowledged the message) to poll() handing the message over.

stdin: {"bootstrap", "topic", "partition", "fetchWaitMaxMs", "idleMs", "timeoutMs", "value"}
stdout: {"latencyMs", "offset", "value", "messagesBeforeProduce"}
"""
import time

from confluent_kafka import Producer, TopicPartition

from blink_json import from_b64, read_params, to_b64, write_result
from ck_common import unjoined_consumer


def main():
    params = read_params()
    bootstrap, topic, partition = params["bootstrap"], params["topic"], params["partition"]
    consumer = unjoined_consumer(bootstrap, {"fetch.wait.max.ms": params["fetchWaitMaxMs"]})
    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 0})
    producer.list_topics(topic, timeout=10)  # connect and learn the leader before timing
    consumer.assign([TopicPartition(topic, partition, 0)])
    messages_before = 0
    idle_until = time.monotonic() + params["idleMs"] / 1000
    while time.monotonic() < idle_until:
        if consumer.poll(max(0.0, idle_until - time.monotonic())) is not None:
            messages_before += 1
    producer.produce(topic, partition=partition, value=from_b64(params["value"]))
    producer.flush(10)
    produced_at = time.monotonic()
    deadline = produced_at + params["timeoutMs"] / 1000
    result = {"latencyMs": None, "offset": None, "value": None}
    while time.monotonic() < deadline:
        m = consumer.poll(max(0.0, deadline - time.monotonic()))
        if m is not None and m.error() is None:
            received_at = time.monotonic()
            result = {
                "latencyMs": (received_at - produced_at) * 1000,
                "offset": m.offset(),
                "value": to_b64(m.value()),
            }
            break
    consumer.close()
    write_result({**result, "messagesBeforeProduce": messages_before})


main()
