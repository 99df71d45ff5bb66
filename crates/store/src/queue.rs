//! Queue: categories, window profiles, tickets.
