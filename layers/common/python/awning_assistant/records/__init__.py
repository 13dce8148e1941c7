"""Business records: DynamoDB access, names, the views the API shows, redaction."""
