"""kafka-python (2.0.2) KafkaAdminClient steps, run in order.

stdin: {"bootstrap", "steps": [step, ...]} where a step is one of
  {"op": "create_topics", "topics": [{"name", "partitions", "config": {..}}]}
  {"op": "delete_topics", "topics": [name, ...]}
  {"op": "create_partitions", "topic": name, "total": n}
  {"op": "describe_configs", "topic": name}
  {"op": "delete_records", "topic": name, "partition": n, "offset": n}
stdout: {"results": [...]}, one per step: {"error": exception class name} when the step raised,
  else create/delete/create_partitions {"errorCodes": {topic: code}},
  describe_configs {"errorCode", "configs": {name: value}},
  delete_records {"errorCode", "lowWatermark"}.
"""
from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient, NewPartitions, NewTopic
from kafka.errors import KafkaError
from kafka.protocol.api import Request, Response
from kafka.protocol.types import Array, Int16, Int32, Int64, Schema, String

from blink_json import read_params, write_result

TIMEOUT_MS = 10_000


# kafka-python 2.0.2 has no DeleteRecords (its admin client says "not yet implemented"), so the
# request is declared here with the library's own protocol types. Layout: DeleteRecordsRequest /
# DeleteRecordsResponse v0 in Apache Kafka's clients/src/main/resources/common/message/.
class DeleteRecordsResponse_v0(Response):
    API_KEY = 21
    API_VERSION = 0
    SCHEMA = Schema(
        ("throttle_time_ms", Int32),
        ("topics", Array(
            ("name", String("utf-8")),
            ("partitions", Array(
                ("partition_index", Int32),
                ("low_watermark", Int64),
                ("error_code", Int16))))),
    )


class DeleteRecordsRequest_v0(Request):
    API_KEY = 21
    API_VERSION = 0
    RESPONSE_TYPE = DeleteRecordsResponse_v0
    SCHEMA = Schema(
        ("topics", Array(
            ("name", String("utf-8")),
            ("partitions", Array(
                ("partition_index", Int32),
                ("offset", Int64))))),
        ("timeout_ms", Int32),
    )


def topic_error_codes(response):
    pairs = getattr(response, "topic_errors", None) or response.topic_error_codes
    return {entry[0]: entry[1] for entry in pairs}


def leader_of(admin, topic, partition):
    (described,) = admin.describe_topics([topic])
    for p in described["partitions"]:
        if p["partition"] == partition:
            return p["leader"]
    raise ValueError(f"{topic} has no partition {partition}")


def delete_records(admin, step):
    request = DeleteRecordsRequest_v0(
        topics=[(step["topic"], [(step["partition"], step["offset"])])], timeout_ms=TIMEOUT_MS
    )
    # Internal API: kafka-python 2.0.2 exposes no public way to send a request it does not know.
    future = admin._send_request_to_node(leader_of(admin, step["topic"], step["partition"]), request)
    admin._wait_for_futures([future])
    (topic,) = future.value.topics
    (partition,) = topic[1]
    return {"errorCode": partition[2], "lowWatermark": partition[1]}


def describe_configs(admin, step):
    (response,) = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, step["topic"])])
    (resource,) = response.resources
    return {
        "errorCode": resource[0],
        "configs": {entry[0]: entry[1] for entry in resource[4]},
    }


def run_step(admin, step):
    op = step["op"]
    if op == "create_topics":
        new_topics = [
            NewTopic(t["name"], t["partitions"], 1, topic_configs=t.get("config", {}))
            for t in step["topics"]
        ]
        return {"errorCodes": topic_error_codes(admin.create_topics(new_topics, TIMEOUT_MS))}
    if op == "delete_topics":
        return {"errorCodes": topic_error_codes(admin.delete_topics(step["topics"], TIMEOUT_MS))}
    if op == "create_partitions":
        response = admin.create_partitions({step["topic"]: NewPartitions(step["total"])}, TIMEOUT_MS)
        return {"errorCodes": topic_error_codes(response)}
    if op == "describe_configs":
        return describe_configs(admin, step)
    if op == "delete_records":
        return delete_records(admin, step)
    raise ValueError(f"unknown step {op!r}")


def run_step_catching(admin, step):
    try:
        return run_step(admin, step)
    except KafkaError as e:
        return {"error": type(e).__name__}


def main():
    params = read_params()
    admin = KafkaAdminClient(bootstrap_servers=params["bootstrap"], request_timeout_ms=TIMEOUT_MS)
    try:
        write_result({"results": [run_step_catching(admin, step) for step in params["steps"]]})
    finally:
        admin.close()


main()
