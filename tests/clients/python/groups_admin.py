"""confluent-kafka AdminClient.list_groups: librdkafka's ListGroups + DescribeGroups.

stdin: {"bootstrap", "group": group id or null (every group)}
stdout: {"groups": [{"id", "error", "state", "protocolType", "protocol", "members": [
          {"id", "clientId", "clientHost", "subscription": [topic, ...],
           "assignment": [[topic, partition], ...]}]}]}, groups sorted by id, members by
          client id. Subscriptions and assignments are decoded from the consumer protocol
          (Kafka's ConsumerProtocolSubscription.json / ConsumerProtocolAssignment.json).
"""
import struct

from confluent_kafka.admin import AdminClient

from blink_json import read_params, write_result
from ck_common import TIMEOUT_S, error_name


class Cursor:
    def __init__(self, data):
        self.data = data
        self.at = 0

    def take(self, fmt):
        (value,) = struct.unpack_from(fmt, self.data, self.at)
        self.at += struct.calcsize(fmt)
        return value

    def string(self):
        n = self.take(">h")
        text = self.data[self.at:self.at + n].decode("utf-8")
        self.at += n
        return text


def subscription_topics(metadata):
    """ConsumerProtocolSubscription: version int16, topics [string], ..."""
    if not metadata:
        return []
    c = Cursor(metadata)
    c.take(">h")
    return [c.string() for _ in range(c.take(">i"))]


def assigned_partitions(assignment):
    """ConsumerProtocolAssignment: version int16, [topic string, partitions [int32]], ..."""
    if not assignment:
        return []
    c = Cursor(assignment)
    c.take(">h")
    out = []
    for _ in range(c.take(">i")):
        topic = c.string()
        out.extend([topic, c.take(">i")] for _ in range(c.take(">i")))
    return sorted(out)


def main():
    params = read_params()
    admin = AdminClient({"bootstrap.servers": params["bootstrap"]})
    groups = admin.list_groups(params.get("group"), timeout=TIMEOUT_S)
    write_result({"groups": sorted([{
        "id": g.id,
        "error": error_name(g.error),
        "state": g.state,
        "protocolType": g.protocol_type,
        "protocol": g.protocol,
        "members": sorted([{
            "id": m.id,
            "clientId": m.client_id,
            "clientHost": m.client_host,
            "subscription": subscription_topics(m.metadata),
            "assignment": assigned_partitions(m.assignment),
        } for m in g.members], key=lambda m: m["clientId"]),
    } for g in groups], key=lambda g: g["id"])})


main()
