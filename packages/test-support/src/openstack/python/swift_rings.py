"""Builds one-replica rings of part power 0 for a Swift on loopback.

swift-ring-builder takes seconds per call; RingBuilder in-process takes a fraction of one.
Usage: swift_rings.py SWIFT_DIR '{"account": PORT, "container": PORT, "object": PORT}'
"""
import json
import sys

from swift.common.ring import RingBuilder

swift_dir = sys.argv[1]
for kind, port in json.loads(sys.argv[2]).items():
    builder = RingBuilder(0, 1, 1)
    builder.add_dev({"id": 0, "region": 1, "zone": 1, "ip": "127.0.0.1", "port": port,
                     "device": "d0", "weight": 1, "meta": ""})
    builder.rebalance()
    builder.get_ring().save("%s/%s.ring.gz" % (swift_dir, kind))
