//! Case cards as HTML, rendered once by the theme's `card.html` and shared by every
//! list that shows them.
//!
//! A case appears on its factor, step, municipality and year pages, in the listing
//! and in other cases' related lists: rendering its card once instead of on each
//! page is what keeps a factor page of two thousand cases cheap. The live preview
//! keeps the cache between saves, so a title edit renders one card again and the
//! pages that show it only join strings.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

use anyhow::{anyhow, Result};
use tera::Tera;

use super::contexts::Contexts;
use super::theme::tera_chain;
use super::views::{Card, NotedCard};

/// Card HTML by a hash of the card's serialized view and its note.
#[derive(Default)]
pub struct CardHtml(Mutex<HashMap<u64, Arc<str>>>);

impl CardHtml {
    /// Drops every card (after a theme change, which may change `card.html`).
    pub fn clear(&self) {
        self.0.lock().expect("no panics while held").clear();
    }

    /// Keeps the cache from growing over a long editing session: once it holds
    /// far more cards than the site shows, it starts over.
    pub fn trim(&self, live: usize) {
        let mut map = self.0.lock().expect("no panics while held");
        if map.len() > 2 * live + 1024 {
            map.clear();
        }
    }

    /// The HTML of each card, in order: `(card, its key, note)`.
    pub fn render(
        &self,
        tera: &Tera,
        contexts: &Contexts,
        cards: &[(&Card, u64, Option<&str>)],
    ) -> Result<Vec<Arc<str>>> {
        let keys: Vec<u64> = cards.iter().map(|&(_, key, note)| hash(&(key, note))).collect();
        let mut found: Vec<Option<Arc<str>>> = {
            let map = self.0.lock().expect("no panics while held");
            keys.iter().map(|k| map.get(k).cloned()).collect()
        };
        let mut fresh = Vec::new();
        for (i, slot) in found.iter_mut().enumerate().filter(|(_, s)| s.is_none()) {
            let (card, _, note) = cards[i];
            let html: Arc<str> = contexts
                .render(tera, "card.html", |c| c.insert("c", &NotedCard { card, note }))
                .map_err(|e| {
                    anyhow!(
                        "rendering the card of {} with card.html: {}",
                        card.url,
                        tera_chain(&e)
                    )
                })?
                .into();
            fresh.push((keys[i], html.clone()));
            *slot = Some(html);
        }
        if !fresh.is_empty() {
            self.0.lock().expect("no panics while held").extend(fresh);
        }
        Ok(found.into_iter().map(|h| h.expect("filled above")).collect())
    }
}

/// A key for a card: any change to what the card shows changes it.
pub fn key(card: &Card) -> u64 {
    hash(card)
}

fn hash<T: Hash>(value: &T) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}
