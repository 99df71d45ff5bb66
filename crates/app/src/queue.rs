//! Queue use cases.
