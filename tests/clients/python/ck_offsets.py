"""confluent-kafka Consumer offset queries (no group, nothing consumed).

stdin: {"bootstrap", "watermarks": [{"topic", "partition"}],
        "times": [{"topic", "partition", "timestampMs"}]}
stdout: {"watermarks": [[low, high]], "times": [{"offset", "error": error name or null}]}
"""
from confluent_kafka import Consumer, TopicPartition

from blink_json import read_params, write_result

TIMEOUT_S = 10


def main():
    params = read_params()
    consumer = Consumer({
        "bootstrap.servers": params["bootstrap"],
        "group.id": "blink-tests-unjoined",
        "enable.auto.commit": False,
    })
    watermarks = [
        list(consumer.get_watermark_offsets(TopicPartition(w["topic"], w["partition"]),
                                            timeout=TIMEOUT_S))
        for w in params["watermarks"]
    ]
    # One query per call: librdkafka matches answers to queries by topic and partition, so two
    # times for one partition in one call would get the same answer.
    times = []
    for t in params["times"]:
        (found,) = consumer.offsets_for_times(
            [TopicPartition(t["topic"], t["partition"], t["timestampMs"])], timeout=TIMEOUT_S
        )
        times.append({"offset": found.offset,
                      "error": None if found.error is None else found.error.name()})
    consumer.close()
    write_result({"watermarks": watermarks, "times": times})


main()
