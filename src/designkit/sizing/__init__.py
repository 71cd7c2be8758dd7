"""Capacity, queueing, SLO and availability math: pure numeric functions."""
