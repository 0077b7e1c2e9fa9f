"""confluent-kafka Consumer offset queries (no group, nothing consumed).

stdin: {"bootstrap", "partitions": [{"topic", "partition"}],
        "times": [{"topic", "partition", "timestampMs"}]}
stdout: {"watermarks": [[low, high]] per partition,
         "times": [{"offset", "error": error name or null}]}, in the order asked.
"""
from confluent_kafka import TopicPartition

from blink_json import read_params, write_result
from ck_common import TIMEOUT_S, error_name, unjoined_consumer


def main():
    params = read_params()
    consumer = unjoined_consumer(params["bootstrap"])
    watermarks = [
        list(consumer.get_watermark_offsets(TopicPartition(p["topic"], p["partition"]),
                                            timeout=TIMEOUT_S))
        for p in params["partitions"]
    ]
    # One query per call: librdkafka matches answers to queries by topic and partition, so two
    # times for one partition in one call would get the same answer.
    times = []
    for t in params["times"]:
        (found,) = consumer.offsets_for_times(
            [TopicPartition(t["topic"], t["partition"], t["timestampMs"])], timeout=TIMEOUT_S
        )
        times.append({"offset": found.offset, "error": error_name(found.error)})
    consumer.close()
    write_result({"watermarks": watermarks, "times": times})


main()
