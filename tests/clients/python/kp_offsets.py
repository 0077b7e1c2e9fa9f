"""kafka-python (2.0.2) offset queries: beginning_offsets, end_offsets, offsets_for_times.

offsets_for_times sends ListOffsets v1, an old version the broker keeps for this client.
stdin: {"bootstrap", "partitions": [{"topic", "partition"}],
        "times": [{"topic", "partition", "timestampMs"}]}
stdout: {"watermarks": [[beginning, end]] per partition,
         "times": [{"offset", "timestampMs"} or null]}, in the order asked.
"""
from kafka import TopicPartition

from blink_json import read_params, write_result
from kp_common import unjoined_consumer


def main():
    params = read_params()
    consumer = unjoined_consumer(params["bootstrap"], {"request_timeout_ms": 10_000})
    try:
        partitions = [TopicPartition(p["topic"], p["partition"]) for p in params["partitions"]]
        beginning = consumer.beginning_offsets(partitions)
        end = consumer.end_offsets(partitions)
        times = []
        for t in params["times"]:
            tp = TopicPartition(t["topic"], t["partition"])
            found = consumer.offsets_for_times({tp: t["timestampMs"]})[tp]
            times.append(None if found is None
                         else {"offset": found.offset, "timestampMs": found.timestamp})
    finally:
        consumer.close()
    write_result({
        "watermarks": [[beginning[tp], end[tp]] for tp in partitions],
        "times": times,
    })


main()
