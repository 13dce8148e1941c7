"""Why a statement did not run: raised by validation and the sandbox, caught by the callers
(the SQL API, the model's SQL tool, the planner's money answers), which only need this light module."""


class SqlRejected(ValueError):
    """A statement the sandbox refuses or stopped; the message says which construct and why."""
