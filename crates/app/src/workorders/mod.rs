//! Work orders (工单, R17 / R15): taken down from the 12345 hotline or at the 办不成事 window
//! ([`Permission::RegisterWorkOrders`]), routed to a department by the dispatcher (hall manager,

pub(crate) mod orders;

pub use orders::*;
