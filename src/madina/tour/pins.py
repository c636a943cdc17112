"""Stops pinned to a team, in the orders the search cuts between teams.

A cut gives each team one piece of an order, and a team's day split refuses a stop pinned to another team
(`schedule.Splitter`), so an order over every stop (nearest neighbour, OR-Tools, a sweep) whose pinned stops are
scattered rarely cuts. Gathering each team's pinned stops into one block, where the middle one of them was, keeps
the order's shape elsewhere and lets the cut put that block, with the unpinned stops around it, in the team's piece.
"""

from __future__ import annotations


def gathered(order: list[int], pins: dict[int, int]) -> list[int]:
    """`order` with the stops pinned to each team moved together, in their order, to the place of their median.

    pins: stop -> team index. Unpinned stops keep their order."""
    if not pins:
        return order
    places: dict[int, list[int]] = {}
    for position, k in enumerate(order):
        if k in pins:
            places.setdefault(pins[k], []).append(position)
    middle = {team: positions[len(positions) // 2] for team, positions in places.items()}

    def key(item: tuple[int, int]) -> tuple[int, int, int, int]:
        position, k = item
        if k in pins:
            return (middle[pins[k]], 1, pins[k], position)
        return (position, 0, 0, position)

    return [k for _, k in sorted(enumerate(order), key=key)]
