"""Awning Assistant: the domain package shared by every Lambda, the local stack and the tests."""
