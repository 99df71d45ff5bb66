//! Queue rules.
