//! LIX, the Swedish readability index (Björnsson 1968): words per sentence plus the
//! share of long words in per cent, `words / sentences + 100 · long / words`. Below
//! 30 is very easy, 40 is plain prose, 50 a textbook, above 60 a dense report.
//!
//! It is counted over the body's prose only: paragraphs, list items, quotes, table
//! cells and footnotes. Headings, code (inline and blocks), raw HTML and the front
//! matter are left out, since none of them is read as sentences.
//!
//! - A **word** is a run of letters and digits (with `-` or `'` inside it) that holds
//!   at least one letter: `VINNOVA-rapporten` is one word, `2013` none.
//! - A **long word** has more than six letters.
//! - A **sentence** ends at `.`, `!`, `?` or `:` followed by a space or the end of
//!   its block, and at the end of every block that has words after the last one; a
//!   run such as `?!` or `…` ends one sentence, and a `.` inside `2.6` none.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;

/// The counts a LIX is made of.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub words: usize,
    pub sentences: usize,
    pub long_words: usize,
}

impl Counts {
    /// The index, or `None` for a body without prose.
    pub fn lix(&self) -> Option<f64> {
        if self.words == 0 {
            return None;
        }
        let sentences = self.sentences.max(1) as f64;
        let words = self.words as f64;
        Some(words / sentences + 100.0 * self.long_words as f64 / words)
    }
}

/// The counts of a Markdown body's prose.
pub fn of_markdown(body: &str) -> Counts {
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let mut counts = Counts::default();
    let mut block = String::new();
    // Heading, code block and HTML block nesting: text inside them is not prose.
    let mut skipped = 0usize;
    for event in Parser::new_ext(body, options) {
        match event {
            Event::Start(Tag::Heading { .. } | Tag::CodeBlock(_) | Tag::HtmlBlock) => {
                add_block(&block, &mut counts);
                block.clear();
                skipped += 1;
            }
            Event::End(TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::HtmlBlock) => {
                skipped = skipped.saturating_sub(1);
            }
            Event::Text(t) if skipped == 0 => block.push_str(&t),
            Event::SoftBreak | Event::HardBreak => block.push(' '),
            // Inline code stands for a word the reader does not read as prose.
            Event::Start(tag) if is_block(&tag) => {
                add_block(&block, &mut counts);
                block.clear();
            }
            Event::End(tag) if is_block_end(&tag) => {
                add_block(&block, &mut counts);
                block.clear();
            }
            _ => {}
        }
    }
    add_block(&block, &mut counts);
    counts
}

fn is_block(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::Item
            | Tag::FootnoteDefinition(_)
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
    )
}

fn is_block_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Paragraph
            | TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::FootnoteDefinition
            | TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::TableCell
    )
}

/// Adds one block of prose: its words, long words and sentences.
fn add_block(text: &str, counts: &mut Counts) {
    let chars: Vec<char> = text.chars().collect();
    let mut words_in_sentence = 0usize;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphanumeric() {
            let (mut letters, start) = (0usize, i);
            while i < chars.len() {
                let c = chars[i];
                let joins = matches!(c, '-' | '\'' | '\u{2019}')
                    && i > start
                    && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
                if !(c.is_alphanumeric() || joins) {
                    break;
                }
                letters += usize::from(c.is_alphabetic());
                i += 1;
            }
            if letters > 0 {
                counts.words += 1;
                counts.long_words += usize::from(letters > 6);
                words_in_sentence += 1;
            }
            continue;
        }
        let ends = matches!(c, '.' | '!' | '?' | ':' | '…')
            && chars
                .get(i + 1)
                .is_none_or(|n| n.is_whitespace() || is_closing(*n));
        if ends && words_in_sentence > 0 {
            counts.sentences += 1;
            words_in_sentence = 0;
        }
        i += 1;
    }
    if words_in_sentence > 0 {
        counts.sentences += 1;
    }
}

/// Quotes and brackets that may follow a sentence's end: `”Så.”`, `(se nedan.)`.
fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\u{201D}' | '\u{2019}' | ')' | ']' | '»')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counted by hand: 12 words, 2 sentences, 1 word of more than six letters
    /// ("innehåller", 10), so LIX = 12/2 + 100·1/12 = 14.33.
    #[test]
    fn lix_of_a_text_counted_by_hand() {
        let c = of_markdown("Det här är en kort text. Den innehåller några ganska långa ord.\n");
        assert_eq!(
            c,
            Counts {
                words: 12,
                sentences: 2,
                long_words: 1
            }
        );
        assert!((c.lix().unwrap() - 14.333).abs() < 0.01, "{:?}", c.lix());
    }

    /// A longer text, counted by hand (Swedish, as the library is):
    /// "Kommunen startade ett utvecklingsprojekt. Invånarna deltog i workshoppar om
    /// framtidens centrum: vad behövs? Resultatet blev en gemensam plan."
    /// Words 4 + 7 + 2 + 5 = 18; sentences 4 (`.`, `:`, `?`, `.`); long words (> 6
    /// letters): Kommunen, startade, utvecklingsprojekt, Invånarna, workshoppar,
    /// framtidens, centrum, Resultatet, gemensam = 9. LIX = 18/4 + 100·9/18 = 54.5.
    #[test]
    fn lix_of_a_report_like_text() {
        let c = of_markdown(
            "Kommunen startade ett utvecklingsprojekt. Invånarna deltog i workshoppar om\nframtidens centrum: vad behövs? Resultatet blev en gemensam plan.\n",
        );
        assert_eq!((c.words, c.sentences, c.long_words), (18, 4, 9));
        assert!((c.lix().unwrap() - 54.5).abs() < 0.01, "{:?}", c.lix());
    }

    #[test]
    fn headings_code_and_html_are_not_prose() {
        let body = "## Bakgrund och utmaning\n\nEtt ord.\n\n```\nkod som inte räknas alls.\n```\n\n<div>html ignoreras totalt</div>\n\nSe `inlinekodord` här.\n";
        let c = of_markdown(body);
        // "Ett ord." and "Se här." (inline code left out).
        assert_eq!((c.words, c.sentences, c.long_words), (4, 2, 0));
    }

    #[test]
    fn blocks_end_sentences_and_numbers_are_not_words() {
        let body = "- första punkten utan slut\n- andra\n\nÅr 2013 ökade det med 2.6 procent.\n\n| a | b |\n|---|---|\n| cell ett | cell två |\n";
        let c = of_markdown(body);
        // Items: 4 + 1 words, two sentences; the paragraph: 5 words ("År ökade det
        // med procent") in one sentence despite `2.6`; the table: four cells of
        // a, b, "cell ett", "cell två".
        assert_eq!(c.sentences, 2 + 1 + 4);
        assert_eq!(c.words, 4 + 1 + 5 + 2 + 4);
        assert_eq!(c.long_words, 2, "punkten, procent");
    }

    #[test]
    fn hyphenated_words_are_one_word_and_no_prose_gives_no_score() {
        let c = of_markdown("VINNOVA-rapporten säger det.\n");
        assert_eq!((c.words, c.long_words, c.sentences), (3, 1, 1));
        assert_eq!(of_markdown("## Bara en rubrik\n").lix(), None);
    }
}
