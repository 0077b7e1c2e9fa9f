"""confluent-kafka Consumer without a group: assign partitions, optionally seek, read.

stdin: {"bootstrap", "config": {librdkafka properties}, "timeoutMs", "maxMessages",
        "assign": [{"topic", "partition", "offset" (-2: the beginning)}],
        "seek"?: {"afterMessages": n, "to": [{"topic", "partition", "offset"}]}}
Stops at maxMessages, when every assigned partition has reported end of partition, at the
first error other than end of partition, or after timeoutMs.
stdout: {"messages": [{"topic", "partition", "offset", "key", "value", "headers",
          "timestampType", "timestampMs"}], "errors": [{"name", "text"}]}
"""
import time

from confluent_kafka import KafkaError, TopicPartition

from blink_json import headers_to_json, read_params, to_b64, write_result
from ck_common import unjoined_consumer


def message_json(m):
    timestamp_type, timestamp_ms = m.timestamp()
    return {
        "topic": m.topic(),
        "partition": m.partition(),
        "offset": m.offset(),
        "key": to_b64(m.key()),
        "value": to_b64(m.value()),
        "headers": headers_to_json(m.headers()),
        "timestampType": timestamp_type,
        "timestampMs": timestamp_ms,
    }


def main():
    params = read_params()
    consumer = unjoined_consumer(
        params["bootstrap"], {"enable.partition.eof": True, **params.get("config", {})}
    )
    assigned = [TopicPartition(a["topic"], a["partition"], a["offset"]) for a in params["assign"]]
    consumer.assign(assigned)
    seek = params.get("seek")
    deadline = time.monotonic() + params["timeoutMs"] / 1000
    messages, errors, at_end = [], [], set()
    while len(messages) < params["maxMessages"] and time.monotonic() < deadline:
        m = consumer.poll(max(0.0, min(0.2, deadline - time.monotonic())))
        if m is None:
            continue
        if m.error() is not None:
            if m.error().code() == KafkaError._PARTITION_EOF:
                at_end.add((m.topic(), m.partition()))
                if len(at_end) == len(assigned):
                    break
                continue
            errors.append({"name": m.error().name(), "text": m.error().str()})
            break
        at_end.discard((m.topic(), m.partition()))
        messages.append(message_json(m))
        if seek is not None and len(messages) == seek["afterMessages"]:
            for to in seek["to"]:
                consumer.seek(TopicPartition(to["topic"], to["partition"], to["offset"]))
    consumer.close()
    write_result({"messages": messages, "errors": errors})


main()
