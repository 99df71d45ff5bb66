//! Validation failures, named by field, with a Chinese message for people.

use serde::Serialize;

/// One invalid field: the machine name of the field and a Chinese message naming the problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// A set of invalid fields found while parsing one input.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, thiserror::Error)]
#[error("输入有误：{}", self.summary())]
pub struct Invalid {
    pub fields: Vec<FieldError>,
}

impl Invalid {
    /// An error about one field.
    pub fn one(field: &str, message: impl Into<String>) -> Self {
        Self { fields: vec![FieldError { field: field.to_owned(), message: message.into() }] }
    }

    /// Adds a field error.
    pub fn push(&mut self, field: &str, message: impl Into<String>) {
        self.fields.push(FieldError { field: field.to_owned(), message: message.into() });
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// `Ok(())` when nothing was pushed, the collected errors otherwise.
    pub fn into_result(self) -> Result<(), Invalid> {
        if self.fields.is_empty() { Ok(()) } else { Err(self) }
    }

    /// The messages joined for a one-line display.
    pub fn summary(&self) -> String {
        self.fields.iter().map(|f| f.message.as_str()).collect::<Vec<_>>().join("；")
    }

    /// The message for a field, if that field is invalid.
    pub fn message_for(&self, field: &str) -> Option<&str> {
        self.fields.iter().find(|f| f.field == field).map(|f| f.message.as_str())
    }
}
