//! The one namespace of parties, issues, events, offers and strategies, and
//! "did you mean" suggestions.

use crate::model::Loc;
use std::collections::HashMap;

/// What a name was declared as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `party`
    Party,
    /// `issue`
    Issue,
    /// `event`
    Event,
    /// `offer`
    Offer,
    /// `strategy`
    Strategy,
}

impl Kind {
    /// The kind with its article, for messages.
    pub fn article(self) -> &'static str {
        match self {
            Kind::Party => "a party",
            Kind::Issue => "an issue",
            Kind::Event => "an event",
            Kind::Offer => "an offer",
            Kind::Strategy => "a strategy",
        }
    }
    /// The kind's keyword.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Party => "party",
            Kind::Issue => "issue",
            Kind::Event => "event",
            Kind::Offer => "offer",
            Kind::Strategy => "strategy",
        }
    }
}

/// A declared name.
#[derive(Debug, Clone, Copy)]
pub struct Decl {
    /// Its kind.
    pub kind: Kind,
    /// Its index among declarations of that kind.
    pub index: usize,
    /// Where it was declared.
    pub loc: Loc,
}

/// Every declared name.
#[derive(Debug, Default)]
pub struct Names {
    map: HashMap<String, Decl>,
    order: Vec<String>,
}

impl Names {
    /// Declares a name; returns the earlier declaration if there is one.
    pub fn declare(&mut self, name: &str, decl: Decl) -> Result<(), Decl> {
        if let Some(old) = self.map.get(name) {
            return Err(*old);
        }
        self.map.insert(name.to_string(), decl);
        self.order.push(name.to_string());
        Ok(())
    }
    /// Every declared name with its declaration, in the order declared.
    pub fn declarations(&self) -> impl Iterator<Item = (&str, Decl)> + '_ {
        self.order.iter().map(|n| (n.as_str(), self.map[n]))
    }
    /// Looks a name up.
    pub fn get(&self, name: &str) -> Option<Decl> {
        self.map.get(name).copied()
    }
    /// The closest declared name of one of `kinds`, for "did you mean".
    pub fn suggest(&self, name: &str, kinds: &[Kind]) -> Option<String> {
        let candidates = self
            .order
            .iter()
            .filter(|n| kinds.contains(&self.map[*n].kind))
            .map(String::as_str);
        suggest(name, candidates)
    }
}

pub use crate::diagnostics::suggest;

#[cfg(test)]
mod tests {
    use super::suggest;

    #[test]
    fn suggests_close_names_only() {
        let names = ["equity", "consulting", "board_seat"];
        assert_eq!(suggest("equty", names.into_iter()), Some("equity".into()));
        assert_eq!(
            suggest("consultng", names.into_iter()),
            Some("consulting".into())
        );
        assert_eq!(suggest("salary", names.into_iter()), None);
    }
}
