//! Roles and scoping (X3). A role is granted on an org-unit subtree and optionally narrowed to a
//! department; an actor may act on a record when one of their grants carries a permitted role and
//! covers the record's org unit (and department, when the grant names one).

use serde::{Deserialize, Serialize};

use crate::ids::DepartmentId;
use crate::org::coded_enum;

coded_enum!(
    /// A staff role. Citizen and enterprise roles arrive with the public portal.
    Role, "角色" {
        SysAdmin = "sys_admin", "系统管理员";
        HallManager = "hall_manager", "大厅管理员";
        CatalogAdmin = "catalog_admin", "事项管理员";
        Clerk = "clerk", "窗口工作人员";
        Approver = "approver", "审批人员";
        DeptHead = "dept_head", "部门负责人";
        Supervisor = "supervisor", "效能监察";
        Leader = "leader", "中心领导";
        Guide = "guide", "帮办导办(蓝马甲)";
    }
);

impl Role {
    /// The roles a holder of this role may grant to others, within the holder's own subtree (and
    /// department, when the holder's grant names one), never to itself. This table is the whole
    /// rule (documented in `docs/ARCHITECTURE.md`, "Organisation and scope"): a system administrator appoints every role; a hall
    /// manager staffs the hall (window staff and guides); no other role grants anything, so no one
    /// can raise their own or a colleague's rights above what the table allows.
    pub fn grantable(self) -> &'static [Role] {
        use Role::*;
        match self {
            SysAdmin => &[SysAdmin, HallManager, CatalogAdmin, Clerk, Approver, DeptHead, Supervisor, Leader, Guide],
            HallManager => &[Clerk, Guide],
            CatalogAdmin | Clerk | Approver | DeptHead | Supervisor | Leader | Guide => &[],
        }
    }
}

/// Whether a holder of `grants` may grant (or take back) `role` on the subtree at `target`,
/// narrowed to `dept`: one of its grants must list the role as grantable, cover the target, and,
/// when that grant is bound to a department, the new grant must be bound to the same one.
pub fn may_grant(grants: &[Grant], role: Role, target: &OrgPath, dept: Option<DepartmentId>) -> bool {
    grants.iter().any(|g| {
        g.role.grantable().contains(&role)
            && g.org_path.covers(target)
            && match (g.department, dept) {
                (None, _) => true,
                (Some(gd), Some(d)) => gd == d,
                (Some(_), None) => false,
            }
    })
}

/// What an actor wants to do with a kind of record; each maps to the roles that may do it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Read org units, sites, zones, windows, departments and staff.
    ViewOrg,
    /// Create or change sites, zones and windows, and seat staff at windows.
    ManageSites,
    /// Create or change org units and departments (the banner's structure).
    ManageStructure,
    /// Create or change staff records.
    ManageStaff,
    /// Create, change or disable accounts and their grants; issue device and API tokens.
    ManageAccounts,
    /// Read the audit log.
    ViewAudit,
    /// Read the catalogue, including drafts (published versions are public anyway).
    ViewCatalog,
    /// Create and edit item drafts, submit them, record where items are implemented.
    ManageCatalog,
    /// Approve and publish submitted item versions (never one's own submission).
    ApproveCatalog,
    /// Edit the holiday calendar.
    ManageCalendar,
    /// See a hall's queue: who waits, which windows serve.
    ViewQueue,
    /// Issue tickets for people (guide tablet, counter walk-in).
    IssueTickets,
    /// Call and serve tickets at the window one is seated at today.
    ServeQueue,
    /// Configure categories, work profiles and queue settings; open windows, set green channel.
    ManageQueue,
    /// Read queue figures (waiting and service times, no-shows, channels).
    ViewQueueFigures,
    /// See cases (办件) and their trail.
    ViewCases,
    /// Take cases in at a window: receive, request supplement, accept, refuse, settle, deliver.
    IntakeCases,
    /// Review and decide cases of a department (back office).
    ReviewCases,
    /// Grant an extension of a case's time limits.
    ExtendCases,
    /// Void a case.
    VoidCases,
    /// Read the supervision dashboard and the stationing checks (效能监察).
    ViewSupervision,
    /// Chase (催办) an open case; its department answers with `ReviewCases`.
    ChaseCases,
    /// Handle the rectification orders (差评整改) of others in one's scope and department; the owner
    /// of an order handles it without this.
    RectifyRatings,
    /// Decide appeals against ratings (申诉复核) and set the rating policy: the supervision office.
    DecideAppeals,
    /// Take down a work order (12345 hotline, 办不成事 window).
    RegisterWorkOrders,
    /// Route work orders to departments, call citizens back, close orders, set their deadlines.
    DispatchWorkOrders,
}

impl Permission {
    /// The roles that carry this permission.
    pub fn roles(self) -> &'static [Role] {
        use Role::*;
        match self {
            Permission::ViewOrg => &[SysAdmin, HallManager, CatalogAdmin, Clerk, Approver, DeptHead, Supervisor, Leader, Guide],
            Permission::ManageSites => &[SysAdmin, HallManager],
            Permission::ManageStructure => &[SysAdmin],
            Permission::ManageStaff => &[SysAdmin, HallManager],
            Permission::ManageAccounts => &[SysAdmin, HallManager],
            Permission::ViewAudit => &[SysAdmin, Supervisor],
            Permission::ViewCatalog => &[SysAdmin, HallManager, CatalogAdmin, Clerk, Approver, DeptHead, Supervisor, Leader, Guide],
            Permission::ManageCatalog => &[SysAdmin, CatalogAdmin],
            Permission::ApproveCatalog => &[SysAdmin, CatalogAdmin],
            Permission::ManageCalendar => &[SysAdmin, CatalogAdmin],
            Permission::ViewQueue => &[SysAdmin, HallManager, Clerk, Guide, Supervisor, Leader],
            Permission::IssueTickets => &[SysAdmin, HallManager, Clerk, Guide],
            Permission::ServeQueue => &[SysAdmin, HallManager, Clerk],
            Permission::ManageQueue => &[SysAdmin, HallManager],
            Permission::ViewQueueFigures => &[SysAdmin, HallManager, Supervisor, Leader],
            Permission::ViewCases => &[SysAdmin, HallManager, Clerk, Approver, DeptHead, Supervisor, Leader, Guide],
            Permission::IntakeCases => &[SysAdmin, HallManager, Clerk, Guide],
            Permission::ReviewCases => &[SysAdmin, Approver, DeptHead],
            Permission::ExtendCases => &[SysAdmin, DeptHead],
            Permission::VoidCases => &[SysAdmin, HallManager],
            Permission::ViewSupervision | Permission::ChaseCases => &[SysAdmin, Supervisor, Leader],
            Permission::RectifyRatings => &[SysAdmin, HallManager, DeptHead, Supervisor],
            Permission::DecideAppeals => &[SysAdmin, Supervisor],
            Permission::RegisterWorkOrders => &[SysAdmin, HallManager, Supervisor, Clerk, Guide],
            Permission::DispatchWorkOrders => &[SysAdmin, HallManager, Supervisor],
        }
    }
}

/// An org unit's place in the tree as a materialised path of ids, e.g. `/1/4/17/`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OrgPath(pub String);

impl OrgPath {
    /// The path of a root unit.
    pub fn root(id: i64) -> OrgPath {
        OrgPath(format!("/{id}/"))
    }

    /// The path of a child of this unit.
    pub fn child(&self, id: i64) -> OrgPath {
        OrgPath(format!("{}{id}/", self.0))
    }

    /// Whether `other` is this unit or lies below it.
    pub fn covers(&self, other: &OrgPath) -> bool {
        other.0.starts_with(&self.0)
    }

    /// Depth in the tree: 1 for a root.
    pub fn depth(&self) -> usize {
        self.0.matches('/').count().saturating_sub(1)
    }
}

/// One granted role on a subtree, optionally narrowed to a department.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub role: Role,
    pub org_path: OrgPath,
    pub department: Option<DepartmentId>,
}

/// Whether any grant permits `perm` on a record at `path` (belonging to `dept`, if any).
pub fn permits(grants: &[Grant], perm: Permission, path: &OrgPath, dept: Option<DepartmentId>) -> bool {
    grants.iter().any(|g| {
        perm.roles().contains(&g.role)
            && g.org_path.covers(path)
            && match (g.department, dept) {
                (None, _) => true,
                (Some(gd), Some(d)) => gd == d,
                // A department-bound grant does not reach records that belong to no department.
                (Some(_), None) => false,
            }
    })
}

/// The subtrees on which `perm` is granted, for filtering lists; empty means nothing is visible.
pub fn visible_paths(grants: &[Grant], perm: Permission) -> Vec<OrgPath> {
    let mut paths: Vec<OrgPath> = grants.iter().filter(|g| perm.roles().contains(&g.role)).map(|g| g.org_path.clone()).collect();
    paths.sort_by_key(|p| p.0.len());
    let mut out: Vec<OrgPath> = Vec::new();
    for p in paths {
        if !out.iter().any(|o| o.covers(&p)) {
            out.push(p);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn grant(role: Role, path: &str, dept: Option<i64>) -> Grant {
        Grant { role, org_path: OrgPath(path.to_owned()), department: dept.map(DepartmentId) }
    }

    #[test]
    fn a_town_clerk_reaches_nothing_outside_the_town() {
        let g = [grant(Role::HallManager, "/1/3/", None)];
        assert!(permits(&g, Permission::ManageSites, &OrgPath("/1/3/".into()), None));
        assert!(permits(&g, Permission::ManageSites, &OrgPath("/1/3/30/".into()), None));
        assert!(!permits(&g, Permission::ManageSites, &OrgPath("/1/4/".into()), None));
        assert!(!permits(&g, Permission::ManageSites, &OrgPath("/1/".into()), None));
        // "/1/3/" must not cover "/1/33/".
        assert!(!permits(&g, Permission::ManageSites, &OrgPath("/1/33/".into()), None));
    }

    #[test]
    fn roles_limit_permissions() {
        let g = [grant(Role::Clerk, "/1/", None)];
        assert!(permits(&g, Permission::ViewOrg, &OrgPath("/1/2/".into()), None));
        assert!(!permits(&g, Permission::ManageSites, &OrgPath("/1/2/".into()), None));
    }

    #[test]
    fn department_grants_only_reach_their_department() {
        let g = [grant(Role::HallManager, "/1/", Some(7))];
        assert!(permits(&g, Permission::ManageStaff, &OrgPath("/1/".into()), Some(DepartmentId(7))));
        assert!(!permits(&g, Permission::ManageStaff, &OrgPath("/1/".into()), Some(DepartmentId(8))));
        assert!(!permits(&g, Permission::ManageStaff, &OrgPath("/1/".into()), None));
    }

    #[test]
    fn visible_paths_drops_covered_subtrees() {
        let g = [grant(Role::Clerk, "/1/3/", None), grant(Role::HallManager, "/1/", None), grant(Role::Clerk, "/2/", None)];
        let v = visible_paths(&g, Permission::ViewOrg);
        assert_eq!(v, vec![OrgPath("/1/".into()), OrgPath("/2/".into())]);
    }

    #[test]
    fn a_hall_manager_staffs_the_hall_and_appoints_no_one_above() {
        let g = [grant(Role::HallManager, "/1/3/", None)];
        let town = OrgPath("/1/3/".into());
        assert!(may_grant(&g, Role::Clerk, &town, None));
        assert!(may_grant(&g, Role::Guide, &OrgPath("/1/3/30/".into()), None));
        for r in [Role::SysAdmin, Role::HallManager, Role::CatalogAdmin, Role::Approver, Role::DeptHead, Role::Supervisor, Role::Leader] {
            assert!(!may_grant(&g, r, &town, None), "{r:?}");
        }
        assert!(!may_grant(&g, Role::Clerk, &OrgPath("/1/".into()), None), "not above its own unit");
        assert!(!may_grant(&g, Role::Clerk, &OrgPath("/1/4/".into()), None), "not in a sibling town");
        let bound = [grant(Role::HallManager, "/1/", Some(7))];
        assert!(may_grant(&bound, Role::Clerk, &OrgPath("/1/".into()), Some(DepartmentId(7))));
        assert!(!may_grant(&bound, Role::Clerk, &OrgPath("/1/".into()), None), "a department-bound manager grants only in its department");
        assert!(!may_grant(&bound, Role::Clerk, &OrgPath("/1/".into()), Some(DepartmentId(8))));
    }

    proptest! {
        /// A grant is never wider than a grant its giver holds: the new role is in the giver's
        /// table, its subtree lies inside the giver's, and a department-bound giver binds it.
        #[test]
        fn no_grant_is_wider_than_its_givers(
            giver in 0usize..9, role in 0usize..9,
            gpath in proptest::collection::vec(1i64..4, 1..4), tpath in proptest::collection::vec(1i64..4, 1..4),
            gdept in proptest::option::of(1i64..3), tdept in proptest::option::of(1i64..3),
        ) {
            let mk = |v: &[i64]| { let mut p = OrgPath::root(v[0]); for &x in &v[1..] { p = p.child(x); } p };
            let (giver, role) = (Role::ALL[giver], Role::ALL[role]);
            let g = [Grant { role: giver, org_path: mk(&gpath), department: gdept.map(DepartmentId) }];
            if may_grant(&g, role, &mk(&tpath), tdept.map(DepartmentId)) {
                prop_assert!(giver.grantable().contains(&role));
                prop_assert!(mk(&gpath).covers(&mk(&tpath)));
                prop_assert!(gdept.is_none() || gdept == tdept);
                prop_assert!(matches!(giver, Role::SysAdmin | Role::HallManager));
            }
        }
    }

    proptest! {
        #[test]
        fn a_path_covers_exactly_its_descendants(a in proptest::collection::vec(1i64..50, 1..5), b in proptest::collection::vec(1i64..50, 1..5)) {
            let mk = |v: &[i64]| { let mut p = OrgPath::root(v[0]); for &x in &v[1..] { p = p.child(x); } p };
            let (pa, pb) = (mk(&a), mk(&b));
            prop_assert_eq!(pa.covers(&pb), b.len() >= a.len() && b[..a.len()] == a[..]);
        }
    }
}
