//! CSRF token comparison shared by the staff guard ([`super::auth`]) and the citizen portal
//! ([`super::citizen`]).

/// Compares two tokens in time independent of where they differ.
pub fn constant_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
