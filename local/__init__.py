"""Local mode: the whole product on one machine, with moto standing in for AWS."""
