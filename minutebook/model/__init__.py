"""The record model: vocabulary, schema, policy, records, registry, working days, strict YAML."""
