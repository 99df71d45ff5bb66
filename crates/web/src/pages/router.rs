//! The staff console's router: every feature's pages merged into one.

use axum::Router;

use super::{
    accounts, appointments, calendar, cases, catalog, devices, figures, org, outbox, portal, queue, ratings, supervision, workorders,
};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(org::home::router())
        .merge(accounts::login::router())
        .merge(org::map::router())
        .merge(org::units::router())
        .merge(org::sites::router())
        .merge(org::windows::router())
        .merge(org::staff::router())
        .merge(accounts::users::router())
        .merge(catalog::items::router())
        .merge(catalog::notice::router())
        .merge(catalog::figures::router())
        .merge(catalog::io::router())
        .merge(calendar::router())
        .merge(outbox::router())
        .merge(appointments::router())
        .merge(queue::counter::router())
        .merge(queue::hall::router())
        .merge(queue::settings::router())
        .merge(figures::queue::router())
        .merge(cases::intake::router())
        .merge(cases::case::router())
        .merge(cases::print::router())
        .merge(cases::inbox::router())
        .merge(devices::router())
        .merge(cases::ladder::router())
        .merge(portal::login::router())
        .merge(portal::apply::router())
        .merge(portal::mine::router())
        .merge(portal::progress::router())
        .merge(portal::online::router())
        .merge(supervision::router())
        .merge(ratings::router())
        .merge(workorders::router())
        .merge(figures::dashboard::router())
}
