"""kafka-python (2.0.2) KafkaConsumer without a group: assign, seek, read.

stdin: {"bootstrap", "config": {KafkaConsumer keyword arguments}, "timeoutMs", "maxMessages",
        "assign": [{"topic", "partition", "offset" (-2: the beginning)}],
        "seek"?: {"afterMessages": n, "to": [{"topic", "partition", "offset"}]}}
Stops at maxMessages, when every assigned partition has been read up to its high watermark, at
the first error, or after timeoutMs.
stdout: {"messages": [{"topic", "partition", "offset", "key", "value", "headers",
          "timestampType", "timestampMs"}], "errors": [{"name", "text"}]}
"""
import time

from kafka import TopicPartition
from kafka.errors import KafkaError

from blink_json import headers_to_json, read_params, to_b64, write_result
from kp_common import unjoined_consumer

OFFSET_BEGINNING = -2


def record_json(r):
    return {
        "topic": r.topic,
        "partition": r.partition,
        "offset": r.offset,
        "key": to_b64(r.key),
        "value": to_b64(r.value),
        "headers": headers_to_json(r.headers),
        "timestampType": r.timestamp_type,
        "timestampMs": r.timestamp,
    }


def all_read(consumer, partitions):
    for tp in partitions:
        highwater = consumer.highwater(tp)
        if highwater is None or consumer.position(tp) < highwater:
            return False
    return True


def main():
    params = read_params()
    consumer = unjoined_consumer(params["bootstrap"], params.get("config", {}))
    partitions = [TopicPartition(a["topic"], a["partition"]) for a in params["assign"]]
    consumer.assign(partitions)
    for tp, a in zip(partitions, params["assign"]):
        if a["offset"] == OFFSET_BEGINNING:
            consumer.seek_to_beginning(tp)
        else:
            consumer.seek(tp, a["offset"])
    seek = params.get("seek")
    deadline = time.monotonic() + params["timeoutMs"] / 1000
    messages, errors = [], []
    try:
        while len(messages) < params["maxMessages"] and time.monotonic() < deadline:
            wanted = params["maxMessages"] - len(messages)
            if seek is not None and len(messages) < seek["afterMessages"]:
                wanted = seek["afterMessages"] - len(messages)
            batches = consumer.poll(timeout_ms=200, max_records=wanted)
            for records in batches.values():
                messages.extend(record_json(r) for r in records)
            if seek is not None and len(messages) == seek["afterMessages"]:
                for to in seek["to"]:
                    consumer.seek(TopicPartition(to["topic"], to["partition"]), to["offset"])
                seek = None
            elif seek is None and all_read(consumer, partitions):
                break
    except KafkaError as e:
        errors.append({"name": type(e).__name__, "text": str(e)})
    finally:
        consumer.close()
    write_result({"messages": messages, "errors": errors})


main()
