"""confluent-kafka Producer: produce messages and report each delivery.

stdin: {"bootstrap", "config": {librdkafka properties}, "timeoutMs",
        "messages": [{"topic", "partition"?, "key", "value", "headers"?, "timestampMs"?}]}
  (key, value and header values are base64 or null; no partition = the partitioner picks)
stdout: {"deliveries": [{"partition", "offset", "timestampMs", "error": error name or null}],
         "unflushed": n}, deliveries in the order the messages were given.
"""
from confluent_kafka import TIMESTAMP_NOT_AVAILABLE, Producer

from blink_json import from_b64, headers_from_json, read_params, write_result
from ck_common import error_name


def main():
    params = read_params()
    producer = Producer({"bootstrap.servers": params["bootstrap"], **params.get("config", {})})
    deliveries = [None] * len(params["messages"])

    def reporter(index):
        def on_delivery(err, msg):
            timestamp_type, timestamp_ms = msg.timestamp()
            deliveries[index] = {
                "partition": msg.partition(),
                "offset": msg.offset(),
                "timestampMs": None if timestamp_type == TIMESTAMP_NOT_AVAILABLE else timestamp_ms,
                "error": error_name(err),
            }

        return on_delivery

    for index, m in enumerate(params["messages"]):
        extra = {}
        if "partition" in m:
            extra["partition"] = m["partition"]
        if "timestampMs" in m:
            extra["timestamp"] = m["timestampMs"]
        if "headers" in m:
            extra["headers"] = headers_from_json(m["headers"])
        while True:
            try:
                producer.produce(
                    m["topic"], key=from_b64(m["key"]), value=from_b64(m["value"]),
                    on_delivery=reporter(index), **extra,
                )
                break
            except BufferError:  # local queue full: serve delivery reports, then retry
                producer.poll(0.1)
        producer.poll(0)
    unflushed = producer.flush(params["timeoutMs"] / 1000)
    write_result({"deliveries": deliveries, "unflushed": unflushed})


main()
