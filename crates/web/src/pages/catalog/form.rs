//! The item edit form: flat fields and parallel arrays (one entry per row of steps, materials and
//! FAQ), decoded into an [`ItemInput`]. Booleans in rows are selects, so every row submits every
//! column and the arrays stay aligned.

use app::catalog::ItemInput;
use domain::Invalid;
use domain::catalog::{
    CaseKind, DeliveryMode, Faq, ItemContent, ItemLevel, ItemType, Material, MaterialSource, OnlineDepth, SpecialProcedure, Step,
};
use serde::Deserialize;

/// The form as posted.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ItemForm {
    pub basic_code: String,
    pub department_id: String,
    pub change_note: String,
    pub name: String,
    pub impl_code: String,
    pub item_type: String,
    pub levels: Vec<String>,
    pub legal_basis: String,
    pub conditions: String,
    pub statutory_days: String,
    pub promised_days: String,
    pub case_kind: String,
    pub special_procedures: Vec<String>,
    pub fee: String,
    pub fee_basis: String,
    pub result_name: String,
    pub delivery: Vec<String>,
    pub visits: String,
    pub online_depth: String,
    pub appointment: String,
    pub keywords: String,
    pub review_points: String,
    pub consult_phone: String,
    pub complaint_phone: String,
    pub step_name: Vec<String>,
    pub step_post: Vec<String>,
    pub step_days: Vec<String>,
    pub m_name: Vec<String>,
    pub m_required: Vec<String>,
    pub m_originals: Vec<String>,
    pub m_copies: Vec<String>,
    pub m_electronic: Vec<String>,
    pub m_source: Vec<String>,
    pub m_rongque: Vec<String>,
    pub m_replaced_by: Vec<String>,
    pub m_commitment: Vec<String>,
    pub m_note: Vec<String>,
    pub faq_q: Vec<String>,
    pub faq_a: Vec<String>,
}

fn num(e: &mut Invalid, field: &str, label: &str, v: &str) -> u32 {
    match v.trim() {
        "" => 0,
        s => s.parse().unwrap_or_else(|_| {
            e.push(field, format!("{label}应为不小于 0 的整数，“{s}”不是"));
            0
        }),
    }
}

fn at(v: &[String], i: usize) -> &str {
    v.get(i).map_or("", |s| s.trim())
}

fn split_list(s: &str) -> Vec<String> {
    s.split(['、', ',', '，', ';', '；', '\n']).map(str::trim).filter(|x| !x.is_empty()).map(str::to_owned).collect()
}

impl ItemForm {
    /// Decodes the form; number and choice errors are reported by field.
    pub fn decode(&self) -> Result<ItemInput, Invalid> {
        let mut e = Invalid::default();
        let item_type = ItemType::parse("item_type", &self.item_type).map_err(|x| e.fields.extend(x.fields)).unwrap_or(ItemType::Permit);
        let case_kind = CaseKind::parse("case_kind", &self.case_kind).map_err(|x| e.fields.extend(x.fields)).unwrap_or(CaseKind::Promise);
        let online_depth =
            OnlineDepth::parse("online_depth", &self.online_depth).map_err(|x| e.fields.extend(x.fields)).unwrap_or(OnlineDepth::Offline);
        let levels = self.levels.iter().filter_map(|l| ItemLevel::parse("levels", l).map_err(|x| e.fields.extend(x.fields)).ok()).collect();
        let delivery =
            self.delivery.iter().filter_map(|l| DeliveryMode::parse("delivery", l).map_err(|x| e.fields.extend(x.fields)).ok()).collect();
        let special_procedures = self
            .special_procedures
            .iter()
            .filter_map(|l| SpecialProcedure::parse("special_procedures", l).map_err(|x| e.fields.extend(x.fields)).ok())
            .collect();
        let statutory_days = num(&mut e, "statutory_days", "法定办结时限", &self.statutory_days);
        let promised_days = num(&mut e, "promised_days", "承诺办结时限", &self.promised_days);
        let visits = num(&mut e, "visits", "到现场次数", &self.visits);
        let mut steps = Vec::new();
        for i in 0..self.step_name.len() {
            let (n, p, d) = (at(&self.step_name, i), at(&self.step_post, i), at(&self.step_days, i));
            if n.is_empty() && p.is_empty() && d.is_empty() {
                continue;
            }
            let days = num(&mut e, "steps", &format!("第 {} 个环节的时限", i + 1), d);
            steps.push(Step { name: n.to_owned(), post: p.to_owned(), days });
        }
        let mut materials = Vec::new();
        for i in 0..self.m_name.len() {
            let name = at(&self.m_name, i);
            if name.is_empty() && at(&self.m_replaced_by, i).is_empty() && at(&self.m_note, i).is_empty() {
                continue;
            }
            let label = if name.is_empty() { format!("第 {} 项材料", i + 1) } else { format!("材料“{name}”") };
            let source = match at(&self.m_source, i) {
                "" => None,
                s => MaterialSource::parse("materials", s).map_err(|x| e.fields.extend(x.fields)).ok(),
            };
            materials.push(Material {
                name: name.to_owned(),
                required: at(&self.m_required, i) != "0",
                originals: num(&mut e, "materials", &format!("{label}的原件份数"), at(&self.m_originals, i)),
                copies: num(&mut e, "materials", &format!("{label}的复印件份数"), at(&self.m_copies, i)),
                electronic: at(&self.m_electronic, i) == "1",
                source,
                rongque: at(&self.m_rongque, i) == "1",
                replaced_by: at(&self.m_replaced_by, i).to_owned(),
                commitment: at(&self.m_commitment, i) == "1",
                note: at(&self.m_note, i).to_owned(),
            });
        }
        let faq = (0..self.faq_q.len())
            .map(|i| Faq { q: at(&self.faq_q, i).to_owned(), a: at(&self.faq_a, i).to_owned() })
            .filter(|f| !f.q.is_empty() || !f.a.is_empty())
            .collect();
        e.into_result()?;
        Ok(ItemInput {
            basic_code: self.basic_code.trim().to_owned(),
            department_id: self.department_id.trim().parse().ok(),
            change_note: self.change_note.trim().to_owned(),
            content: ItemContent {
                name: self.name.trim().to_owned(),
                impl_code: self.impl_code.trim().to_owned(),
                item_type,
                levels,
                legal_basis: self.legal_basis.trim().to_owned(),
                conditions: self.conditions.trim().to_owned(),
                steps,
                statutory_days,
                promised_days,
                case_kind,
                special_procedures,
                fee: Some(self.fee.trim()).filter(|f| !f.is_empty() && *f != "不收费").map(str::to_owned),
                fee_basis: self.fee_basis.trim().to_owned(),
                result_name: self.result_name.trim().to_owned(),
                delivery,
                visits,
                online_depth,
                appointment: self.appointment == "1",
                keywords: split_list(&self.keywords),
                review_points: self.review_points.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect(),
                faq,
                consult_phone: self.consult_phone.trim().to_owned(),
                complaint_phone: self.complaint_phone.trim().to_owned(),
                materials,
            },
        })
    }

    /// The form pre-filled from an item's fields and a version's standard.
    pub fn from_content(basic_code: &str, department_id: i64, note: &str, c: &ItemContent) -> ItemForm {
        let b = |v: bool| if v { "1".to_owned() } else { "0".to_owned() };
        ItemForm {
            basic_code: basic_code.to_owned(),
            department_id: department_id.to_string(),
            change_note: note.to_owned(),
            name: c.name.clone(),
            impl_code: c.impl_code.clone(),
            item_type: c.item_type.code().to_owned(),
            levels: c.levels.iter().map(|l| l.code().to_owned()).collect(),
            legal_basis: c.legal_basis.clone(),
            conditions: c.conditions.clone(),
            statutory_days: c.statutory_days.to_string(),
            promised_days: c.promised_days.to_string(),
            case_kind: c.case_kind.code().to_owned(),
            special_procedures: c.special_procedures.iter().map(|p| p.code().to_owned()).collect(),
            fee: c.fee.clone().unwrap_or_default(),
            fee_basis: c.fee_basis.clone(),
            result_name: c.result_name.clone(),
            delivery: c.delivery.iter().map(|d| d.code().to_owned()).collect(),
            visits: c.visits.to_string(),
            online_depth: c.online_depth.code().to_owned(),
            appointment: b(c.appointment),
            keywords: c.keywords.join("、"),
            review_points: c.review_points.join("\n"),
            consult_phone: c.consult_phone.clone(),
            complaint_phone: c.complaint_phone.clone(),
            step_name: c.steps.iter().map(|s| s.name.clone()).collect(),
            step_post: c.steps.iter().map(|s| s.post.clone()).collect(),
            step_days: c.steps.iter().map(|s| s.days.to_string()).collect(),
            m_name: c.materials.iter().map(|m| m.name.clone()).collect(),
            m_required: c.materials.iter().map(|m| b(m.required)).collect(),
            m_originals: c.materials.iter().map(|m| m.originals.to_string()).collect(),
            m_copies: c.materials.iter().map(|m| m.copies.to_string()).collect(),
            m_electronic: c.materials.iter().map(|m| b(m.electronic)).collect(),
            m_source: c.materials.iter().map(|m| m.source.map_or(String::new(), |s| s.code().to_owned())).collect(),
            m_rongque: c.materials.iter().map(|m| b(m.rongque)).collect(),
            m_replaced_by: c.materials.iter().map(|m| m.replaced_by.clone()).collect(),
            m_commitment: c.materials.iter().map(|m| b(m.commitment)).collect(),
            m_note: c.materials.iter().map(|m| m.note.clone()).collect(),
            faq_q: c.faq.iter().map(|f| f.q.clone()).collect(),
            faq_a: c.faq.iter().map(|f| f.a.clone()).collect(),
        }
    }

    /// Rows for the template: the filled rows plus `extra` blank ones.
    pub fn step_rows(&self, extra: usize) -> Vec<[String; 3]> {
        (0..self.step_name.len() + extra)
            .map(|i| [at(&self.step_name, i).into(), at(&self.step_post, i).into(), at(&self.step_days, i).into()])
            .collect()
    }

    /// Material rows (10 columns) plus `extra` blank ones (required by default).
    pub fn material_rows(&self, extra: usize) -> Vec<MaterialRow> {
        (0..self.m_name.len() + extra)
            .map(|i| MaterialRow {
                name: at(&self.m_name, i).into(),
                required: self.m_required.get(i).is_none_or(|v| v != "0"),
                originals: at(&self.m_originals, i).into(),
                copies: at(&self.m_copies, i).into(),
                electronic: at(&self.m_electronic, i) == "1",
                source: at(&self.m_source, i).into(),
                rongque: at(&self.m_rongque, i) == "1",
                replaced_by: at(&self.m_replaced_by, i).into(),
                commitment: at(&self.m_commitment, i) == "1",
                note: at(&self.m_note, i).into(),
            })
            .collect()
    }

    pub fn faq_rows(&self, extra: usize) -> Vec<[String; 2]> {
        (0..self.faq_q.len().max(self.faq_a.len()) + extra).map(|i| [at(&self.faq_q, i).into(), at(&self.faq_a, i).into()]).collect()
    }
}

/// One material row of the form.
pub struct MaterialRow {
    pub name: String,
    pub required: bool,
    pub originals: String,
    pub copies: String,
    pub electronic: bool,
    pub source: String,
    pub rongque: bool,
    pub replaced_by: String,
    pub commitment: bool,
    pub note: String,
}
