"""confluent-kafka AdminClient steps, run in order.

stdin: {"bootstrap": "host:port", "steps": [step, ...]} where a step is one of
  {"op": "create_topics", "topics": [{"name", "partitions", "config": {..}}]}
  {"op": "delete_topics", "topics": [name, ...]}
  {"op": "create_partitions", "topic": name, "total": n}
  {"op": "describe_configs", "topic": name}
stdout: {"results": [...]}, one per step: for the first three {topic: error name or null},
  for describe_configs {"configs": {name: value}} or {"error": name}.
"""
from confluent_kafka import KafkaException
from confluent_kafka.admin import AdminClient, ConfigResource, NewPartitions, NewTopic

from blink_json import read_params, write_result
from ck_common import TIMEOUT_S


def future_error_name(future):
    try:
        future.result(timeout=TIMEOUT_S)
        return None
    except KafkaException as e:
        return e.args[0].name()


def run_step(admin, step):
    op = step["op"]
    if op == "create_topics":
        new_topics = [
            NewTopic(t["name"], t["partitions"], 1, config=t.get("config", {}))
            for t in step["topics"]
        ]
        futures = admin.create_topics(new_topics, request_timeout=TIMEOUT_S)
        return {name: future_error_name(f) for name, f in futures.items()}
    if op == "delete_topics":
        futures = admin.delete_topics(step["topics"], request_timeout=TIMEOUT_S)
        return {name: future_error_name(f) for name, f in futures.items()}
    if op == "create_partitions":
        futures = admin.create_partitions(
            [NewPartitions(step["topic"], step["total"])], request_timeout=TIMEOUT_S
        )
        return {name: future_error_name(f) for name, f in futures.items()}
    if op == "describe_configs":
        futures = admin.describe_configs(
            [ConfigResource("topic", step["topic"])], request_timeout=TIMEOUT_S
        )
        (future,) = futures.values()
        try:
            entries = future.result(timeout=TIMEOUT_S)
        except KafkaException as e:
            return {"error": e.args[0].name()}
        return {"configs": {name: entry.value for name, entry in entries.items()}}
    raise ValueError(f"unknown step {op!r}")


def main():
    params = read_params()
    admin = AdminClient({"bootstrap.servers": params["bootstrap"]})
    write_result({"results": [run_step(admin, step) for step in params["steps"]]})


main()
