"""A confluent-kafka consumer group member, driven over stdin and reporting over stdout.

stdin: first line {"bootstrap", "groupId", "topics": [name, ...], "config": {librdkafka
  properties}}; then one command per line:
    {"op": "commit", "offsets": [{"topic", "partition", "offset"}]}  synchronous commit of
      exactly those offsets (any offset, lower than consumed included)
    {"op": "commit"}  synchronous commit of the consumed positions
    {"op": "close"}   leave the group (Consumer.close) and exit; end of stdin does the same
stdout: one JSON object per line, in the order things happened:
    {"event": "subscribed"}
    {"event": "assign" | "revoke" | "lost", "partitions": [[topic, partition], ...]}
      as the rebalance callbacks see them (incremental under cooperative-sticky)
    {"event": "assignment", "partitions": [...]}  the full assignment, whenever it changed
    {"event": "message", "topic", "partition", "offset", "value": base64 or null}
    {"event": "error", "code": int, "name": str, "text": str}
    {"event": "committed", "offsets": [{"topic", "partition", "offset", "error"}],
     "error": name or null}
    {"event": "closed"}
"""
import json
import queue
import sys
import threading

from confluent_kafka import Consumer, KafkaError, KafkaException, TopicPartition

from blink_json import to_b64
from ck_common import error_name

POLL_S = 0.05


def emit(event, **fields):
    sys.stdout.write(json.dumps({"event": event, **fields}) + "\n")
    sys.stdout.flush()


def partition_list(tps):
    return sorted([tp.topic, tp.partition] for tp in tps)


def read_commands(commands):
    for line in sys.stdin:
        if line.strip():
            commands.put(json.loads(line))
    commands.put({"op": "close"})


def commit(consumer, offsets):
    try:
        if offsets is None:
            done = consumer.commit(asynchronous=False)
        else:
            done = consumer.commit(
                offsets=[TopicPartition(o["topic"], o["partition"], o["offset"]) for o in offsets],
                asynchronous=False,
            )
    except KafkaException as e:
        emit("committed", offsets=[], error=e.args[0].name())
        return
    emit("committed", error=None, offsets=[
        {"topic": tp.topic, "partition": tp.partition, "offset": tp.offset,
         "error": error_name(tp.error)}
        for tp in done
    ])


def main():
    params = json.loads(sys.stdin.readline())
    consumer = Consumer({
        "bootstrap.servers": params["bootstrap"],
        "group.id": params["groupId"],
        **params.get("config", {}),
    })
    consumer.subscribe(
        params["topics"],
        on_assign=lambda _c, tps: emit("assign", partitions=partition_list(tps)),
        on_revoke=lambda _c, tps: emit("revoke", partitions=partition_list(tps)),
        on_lost=lambda _c, tps: emit("lost", partitions=partition_list(tps)),
    )
    emit("subscribed")
    commands = queue.Queue()
    threading.Thread(target=read_commands, args=(commands,), daemon=True).start()
    assignment = []
    while True:
        try:
            command = commands.get_nowait()
        except queue.Empty:
            command = None
        if command is not None:
            if command["op"] == "close":
                break
            if command["op"] == "commit":
                commit(consumer, command.get("offsets"))
        m = consumer.poll(POLL_S)
        now = partition_list(consumer.assignment())
        if now != assignment:
            assignment = now
            emit("assignment", partitions=assignment)
        if m is None:
            continue
        if m.error() is not None:
            if m.error().code() != KafkaError._PARTITION_EOF:
                emit("error", code=m.error().code(), name=m.error().name(), text=m.error().str())
            continue
        emit("message", topic=m.topic(), partition=m.partition(), offset=m.offset(),
             value=to_b64(m.value()))
    consumer.close()
    emit("closed")


main()
