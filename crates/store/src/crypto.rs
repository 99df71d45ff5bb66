//! Encryption at rest for personal identifiers (X3): AES-256-GCM for the value, a keyed HMAC
//! ("blind index") to look a value up without decrypting, both keys derived from one master key.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

use crate::{Result, StoreError};

/// Encrypts, decrypts and blind-indexes personal identifiers.
#[derive(Clone)]
pub struct Cipher {
    aead: Aes256Gcm,
    mac_key: [u8; 32],
    /// Signs the audit chain's checkpoints (kept with the master key, apart from the database).
    audit_key: [u8; 32],
}

impl std::fmt::Debug for Cipher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Cipher(..)")
    }
}

fn derive(master: &[u8; 32], label: &[u8]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(master).expect("HMAC takes keys of any length");
    mac.update(label);
    mac.finalize().into_bytes().into()
}

impl Cipher {
    /// Builds a cipher from a 32-byte master key.
    pub fn new(master: &[u8; 32]) -> Cipher {
        let enc = derive(master, b"yichuang/pii/enc/v1");
        Cipher {
            aead: Aes256Gcm::new(&enc.into()),
            mac_key: derive(master, b"yichuang/pii/mac/v1"),
            audit_key: derive(master, b"yichuang/audit/checkpoint/v1"),
        }
    }

    /// Parses a master key written as 64 hex digits.
    pub fn from_hex(s: &str) -> Result<Cipher> {
        let bytes = hex::decode(s.trim()).map_err(|_| StoreError::Crypto("master key is not hex"))?;
        let key: [u8; 32] = bytes.try_into().map_err(|_| StoreError::Crypto("master key must be 32 bytes (64 hex digits)"))?;
        Ok(Cipher::new(&key))
    }

    /// A fresh random master key as 64 hex digits.
    pub fn generate_hex() -> String {
        let mut key = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut key);
        hex::encode(key)
    }

    /// Encrypts `plain` as `nonce ‖ ciphertext`.
    pub fn encrypt(&self, plain: &str) -> Vec<u8> {
        let mut nonce = [0u8; 12];
        rand::thread_rng().fill_bytes(&mut nonce);
        let ct = self.aead.encrypt(Nonce::from_slice(&nonce), plain.as_bytes()).expect("AES-GCM encryption of a short value cannot fail");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&ct);
        out
    }

    /// Decrypts what [`Cipher::encrypt`] produced.
    pub fn decrypt(&self, data: &[u8]) -> Result<String> {
        if data.len() < 12 {
            return Err(StoreError::Crypto("ciphertext too short"));
        }
        let (nonce, ct) = data.split_at(12);
        let plain = self
            .aead
            .decrypt(Nonce::from_slice(nonce), ct)
            .map_err(|_| StoreError::Crypto("decryption failed: wrong key or tampered value"))?;
        String::from_utf8(plain).map_err(|_| StoreError::Crypto("decrypted value is not UTF-8"))
    }

    /// A keyed hash of `value` within `kind` (e.g. "phone"), as hex, for equality look-ups.
    pub fn blind_index(&self, kind: &str, value: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.mac_key).expect("HMAC takes keys of any length");
        mac.update(kind.as_bytes());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// The keyed MAC (HMAC-SHA-256, hex) of an audit checkpoint's text.
    pub fn audit_mac(&self, text: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.audit_key).expect("HMAC takes keys of any length");
        mac.update(text.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// Whether `mac` is the audit MAC of `text` (compared in constant time).
    pub fn audit_mac_ok(&self, text: &str, mac: &str) -> bool {
        let Ok(tag) = hex::decode(mac) else { return false };
        let mut m = <Hmac<Sha256> as Mac>::new_from_slice(&self.audit_key).expect("HMAC takes keys of any length");
        m.update(text.as_bytes());
        m.verify_slice(&tag).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_and_ciphertexts_differ() {
        let c = Cipher::new(&[7u8; 32]);
        let a = c.encrypt("13800000000");
        let b = c.encrypt("13800000000");
        assert_ne!(a, b, "a fresh nonce each time");
        assert_eq!(c.decrypt(&a).ok().as_deref(), Some("13800000000"));
        assert!(Cipher::new(&[8u8; 32]).decrypt(&a).is_err());
        assert_eq!(c.blind_index("phone", "1"), c.blind_index("phone", "1"));
        assert_ne!(c.blind_index("phone", "1"), c.blind_index("id", "1"));
    }
}
