"""Text generation: the contract every provider meets, the providers, usage and cost."""
