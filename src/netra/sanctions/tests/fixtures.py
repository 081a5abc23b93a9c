"""Shared sanctions fixtures."""
