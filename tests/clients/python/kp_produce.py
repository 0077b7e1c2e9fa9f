"""kafka-python (2.0.2) KafkaProducer: send messages, then wait for every acknowledgement.

stdin: {"bootstrap", "config": {KafkaProducer keyword arguments}, "timeoutMs",
        "messages": [{"topic", "partition"?, "key", "value", "headers"?, "timestampMs"?}]}
  (key, value and header values are base64 or null)
stdout: {"deliveries": [{"partition", "offset", "timestampMs", "error": exception name or null}],
         "unflushed": n}, deliveries in the order the messages were given; unflushed counts
  the sends still unanswered when flush() returned.
"""
from kafka import KafkaProducer
from kafka.errors import KafkaError

from blink_json import from_b64, headers_from_json, read_params, write_result


def send(producer, m):
    try:
        return producer.send(
            m["topic"],
            key=from_b64(m["key"]),
            value=from_b64(m["value"]),
            partition=m.get("partition"),
            timestamp_ms=m.get("timestampMs"),
            headers=headers_from_json(m.get("headers", [])),
        )
    except KafkaError as e:
        return e


def delivery(future, timeout_s):
    if isinstance(future, KafkaError):
        return {"partition": None, "offset": None, "timestampMs": None,
                "error": type(future).__name__}
    try:
        meta = future.get(timeout=timeout_s)
    except KafkaError as e:
        return {"partition": None, "offset": None, "timestampMs": None, "error": type(e).__name__}
    return {"partition": meta.partition, "offset": meta.offset, "timestampMs": meta.timestamp,
            "error": None}


def main():
    params = read_params()
    producer = KafkaProducer(bootstrap_servers=params["bootstrap"], **params.get("config", {}))
    try:
        futures = [send(producer, m) for m in params["messages"]]
        producer.flush(params["timeoutMs"] / 1000)
        unflushed = sum(1 for f in futures if not isinstance(f, KafkaError) and not f.is_done)
        deliveries = [delivery(f, params["timeoutMs"] / 1000) for f in futures]
    finally:
        producer.close(timeout=5)
    write_result({"deliveries": deliveries, "unflushed": unflushed})


main()
