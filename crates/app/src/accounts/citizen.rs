//! The signed-in citizen: an identity by mobile number, shared by the portal and ratings.

use crate::Actor;

/// A signed-in citizen. The phone is held in clear only in memory (to seal it onto a new case);
/// `Debug` shows the mask.
#[derive(Clone)]
pub struct Citizen {
    pub(crate) phone: String,
    pub phone_hash: String,
    pub phone_masked: String,
    pub csrf: String,
}

impl std::fmt::Debug for Citizen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Citizen").field("phone", &self.phone_masked).finish_non_exhaustive()
    }
}

impl Citizen {
    pub(crate) fn actor(&self) -> Actor {
        // The transitions run with the system's reach after the ownership check here; the trail
        // names the masked phone.
        Actor::system(&format!("citizen {}", self.phone_masked))
    }
}
