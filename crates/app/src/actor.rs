//! Who is acting in a use case, and what their grants let them do where.

use domain::access::{Grant, OrgPath, Permission, permits, visible_paths};
use domain::ids::UserId;
use store::org::Scope;

use crate::error::{AppError, Result};

/// Who is acting: a signed-in user, an API token acting for a user, or the system itself
/// (command line, demo loader).
#[derive(Clone, Debug)]
pub struct Actor {
    pub user_id: Option<UserId>,
    pub username: String,
    pub name: String,
    pub grants: Vec<Grant>,
    pub staff_id: Option<i64>,
    /// Set when acting through an API token (its id), for the audit trail.
    pub api_token: Option<i64>,
    pub(crate) system: bool,
}

impl Actor {
    /// The system actor, for command-line and start-up work; it may do anything.
    pub fn system(label: &str) -> Actor {
        Actor {
            user_id: None,
            username: format!("system:{label}"),
            name: "系统".to_owned(),
            grants: vec![],
            staff_id: None,
            api_token: None,
            system: true,
        }
    }

    pub fn is_system(&self) -> bool {
        self.system
    }

    /// How the actor is named in the audit log.
    pub fn audit_name(&self) -> String {
        match self.api_token {
            Some(t) => format!("{} (api-token {t})", self.username),
            None => self.username.clone(),
        }
    }

    /// Whether the actor may do `perm` on a record at `path` belonging to `dept`.
    pub fn can(&self, perm: Permission, path: &str, dept: Option<i64>) -> bool {
        self.system || permits(&self.grants, perm, &OrgPath(path.to_owned()), dept.map(domain::ids::DepartmentId))
    }

    /// Fails with a Chinese "no permission to …" unless the actor may do `perm` at `path`.
    pub fn require(&self, perm: Permission, path: &str, dept: Option<i64>, what: &str) -> Result<()> {
        if self.can(perm, path, dept) { Ok(()) } else { Err(AppError::forbidden(what)) }
    }

    /// Fails with a Chinese "no permission to …" unless the actor holds `perm` somewhere.
    pub fn require_role(&self, perm: Permission, what: &str) -> Result<()> {
        if self.has(perm) { Ok(()) } else { Err(AppError::forbidden(what)) }
    }

    /// Whether the actor holds `perm` anywhere.
    pub fn has(&self, perm: Permission) -> bool {
        self.system || self.grants.iter().any(|g| perm.roles().contains(&g.role))
    }

    /// The scope of org subtrees in which the actor holds `perm`.
    pub fn scope(&self, perm: Permission) -> Scope {
        if self.system { Scope::All } else { Scope::Paths(visible_paths(&self.grants, perm).into_iter().map(|p| p.0).collect()) }
    }

    /// The distinct roles the actor holds.
    pub fn roles(&self) -> Vec<domain::access::Role> {
        let mut r: Vec<_> = self.grants.iter().map(|g| g.role).collect();
        r.dedup();
        let mut out = Vec::new();
        for x in r {
            if !out.contains(&x) {
                out.push(x);
            }
        }
        out
    }
}
