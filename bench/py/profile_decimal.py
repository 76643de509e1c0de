#!/usr/bin/env python3
"""N additions x = x + b on decimal.Decimal inside a function (fast locals), untimed:
the Python side of scripts/bench --profile's instruction count per `+`."""
import sys
from decimal import Decimal


def main(n):
    b, x = Decimal("0.25"), Decimal("0")
    for _ in range(n):
        x = x + b
    assert x == Decimal("0.25") * n


main(int(sys.argv[1]) if len(sys.argv) > 1 else 200000)
