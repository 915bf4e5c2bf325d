//! The static client index, read back out of tantivy's segments.
//!
//! Designed so the browser downloads little and caches forever:
//! - `meta.<hash>.json.gz`: collection statistics, the field-norm table, the first term
//!   of each term shard and every file name, the rule's numbers (`rule.rs`) and the
//!   facets in order, with their names, URL parameters, headings and values. The
//!   search page names it.
//! - `n/<hash>.bin`: one column per text field, each document's field-norm id.
//! - `t/<hash>.bin`: term shards, a sorted range of terms each, front-coded, with each
//!   term's document frequency and where its postings are. Prefix and typo lookups
//!   read only these.
//! - `p/<hash>/<n>.bin`: postings, grouped in term order: per field, the documents and
//!   their term frequencies; with the norms, the client scores BM25 exactly as tantivy.
//!   Numbered in folders named by a hash of their files, as the bundles `b/` are, so
//!   the manifest lists folders rather than a hash per file.
//! - `f/<hash>.bin`: one column per facet, fetched when that facet is used.
//! - `d/<hash>/<n>.json.gz`: one document's title, link, places, year and the head
//!   of its text, fetched only for results shown; `<n>.rest.json.gz` the rest of a
//!   long text, fetched only when the matched words are not in the head.
//!
//! Every `.bin` is gzip, opened in the browser with `DecompressionStream`. Names are
//! content hashes, so a rebuild leaves unchanged shards cached. Document files are
//! numbered, so they sit in folders of 128 named by a hash of the folder's files.

use anyhow::Result;
use rayon::prelude::*;
use serde_json::json;
use tantivy::fieldnorm::FieldNormReader;

use super::analysis::StemCache;
use super::bundle;
use super::doc::{BrowseTerm, FacetDef, SearchDoc, TEXT_FIELDS};
use super::lexicon::{FieldPostings, Lexicon};
use super::memo::{self, Memo, Pack};
use super::query::SearchIndex;
use super::{expand, gz, rule, words};

/// Uncompressed bytes after which a term shard is closed, and that a postings file
/// holds at most (unless one term's postings are more).
const TERM_SHARD_BYTES: usize = 6 * 1024;
const POSTINGS_FILE_BYTES: usize = 4 * 1024;

/// What the client index is made from.
pub struct Corpus<'a> {
    pub docs: &'a [SearchDoc],
    pub facets: &'a [FacetDef],
    pub lexicon: &'a Lexicon,
    pub browse: &'a [BrowseTerm],
}

impl<'a> Corpus<'a> {
    fn of(index: &'a SearchIndex) -> Corpus<'a> {
        Corpus {
            docs: &index.docs,
            facets: &index.facets,
            lexicon: &index.lexicon,
            browse: &index.browse,
        }
    }
}

/// The client index's files, by path below the search folder, and the manifest's name.
pub struct Export {
    pub manifest: String,
    pub files: Vec<(String, Vec<u8>)>,
}

/// Where a path below the search folder and its bytes go.
pub type Out<'a> = &'a (dyn Fn(&str, &[u8]) -> Result<()> + Sync);

/// Where the export's files go as they are made: kept, for the live preview, which
/// compares them with the last export's, or handed on at once, so that a build
/// never holds the index's files (1.5 GB at 100,000 cases) all together.
struct Files<'a> {
    kept: Vec<(String, Vec<u8>)>,
    out: Option<Out<'a>>,
    /// The bytes of the term shards, which the client loads whole when they are few.
    term_bytes: usize,
}

impl<'a> Files<'a> {
    fn new(out: Option<Out<'a>>) -> Files<'a> {
        Files {
            kept: Vec::new(),
            out,
            term_bytes: 0,
        }
    }

    fn push(&mut self, path: String, bytes: Vec<u8>) -> Result<()> {
        if path.starts_with("t/") {
            self.term_bytes += bytes.len();
        }
        match self.out {
            Some(out) => out(&path, &bytes),
            None => {
                self.kept.push((path, bytes));
                Ok(())
            }
        }
    }
}

/// The client index of `index`, its files kept.
pub fn export(index: &SearchIndex) -> Result<Export> {
    write(&Corpus::of(index), &mut Memo::default())
}

/// The client index of `index`, each file handed to `out` as it is made; returns the
/// manifest's name.
pub fn export_to(index: &SearchIndex, out: Out) -> Result<String> {
    let mut files = Files::new(Some(out));
    write_into(&Corpus::of(index), &mut Memo::default(), &mut files)
}

/// The client index of `corpus`, reusing what `memo` kept of the last one.
pub(super) fn write(index: &Corpus, memo: &mut Memo) -> Result<Export> {
    let mut files = Files::new(None);
    let manifest = write_into(index, memo, &mut files)?;
    Ok(Export {
        manifest,
        files: files.kept,
    })
}

fn write_into(index: &Corpus, memo: &mut Memo, files: &mut Files) -> Result<String> {
    let lexicon = index.lexicon;
    // Postings files first, so term shards can point into them.
    let mut postings_raw: Vec<Vec<u8>> = Vec::new();
    let mut current = Vec::new();
    let mut locations = Vec::with_capacity(lexicon.len());
    for (term, postings) in lexicon.iter() {
        let blob = encode_postings(postings, index.docs.len());
        if closes_before(term, current.len(), blob.len()) {
            postings_raw.push(std::mem::take(&mut current));
        }
        locations.push((postings_raw.len(), current.len(), blob.len()));
        current.extend_from_slice(&blob);
    }
    if !current.is_empty() {
        postings_raw.push(current);
    }
    let postings_files = numbered(files, "p", &postings_raw, Pack::Numbers, memo)?;
    drop(postings_raw);
    // tantivy's field-norm table (id → field length), for BM25 here and in the browser.
    let fieldnorms: Vec<u32> = (0..=255u8).map(FieldNormReader::id_to_fieldnorm).collect();
    let bundles = bundles(index, &fieldnorms, files, memo)?;
    // Term shards.
    let mut shards = Vec::new();
    let mut shard = Vec::new();
    let mut count = 0usize;
    let mut first = String::new();
    let mut previous: &[u8] = &[];
    for (((term, postings), (file, offset, len)), bundle) in lexicon.iter().zip(&locations).zip(&bundles.refs)
    {
        if shard.len() > TERM_SHARD_BYTES {
            shards.push(json!([first, close_shard(files, count, &shard, memo)?]));
            shard.clear();
            count = 0;
        }
        if count == 0 {
            first = term.to_string();
            previous = &[];
        }
        let bytes = term.as_bytes();
        let shared = bytes.iter().zip(previous).take_while(|(a, b)| a == b).count();
        for v in [shared, bytes.len() - shared] {
            varint(&mut shard, v as u64);
        }
        shard.extend_from_slice(&bytes[shared..]);
        for v in [
            Lexicon::frequency(postings),
            *file as u64,
            *offset as u64,
            *len as u64,
            *bundle,
        ] {
            varint(&mut shard, v);
        }
        previous = bytes;
        count += 1;
    }
    if count > 0 {
        shards.push(json!([first, close_shard(files, count, &shard, memo)?]));
    }
    // Facet columns, in the list's order.
    let mut facets = Vec::with_capacity(index.facets.len());
    for (i, facet) in index.facets.iter().enumerate() {
        let mut values: Vec<&str> = index
            .docs
            .iter()
            .flat_map(|d| d.facets[i].iter().map(String::as_str))
            .collect();
        values.sort_unstable();
        values.dedup();
        let mut column = Vec::new();
        for d in index.docs {
            varint(&mut column, d.facets[i].len() as u64);
            for v in &d.facets[i] {
                varint(
                    &mut column,
                    values.binary_search(&v.as_str()).expect("collected above") as u64,
                );
            }
        }
        let labelled: Vec<_> = values
            .iter()
            .map(|v| json!([v, facet.values.get(*v).map_or(*v, String::as_str)]))
            .collect();
        facets.push(json!({
            "name": facet.name, "param": facet.param, "label": facet.label,
            "file": store(files, "f", &column, Pack::Numbers, memo)?, "values": labelled,
        }));
    }
    let folders = documents(index, memo, files)?;
    let term_bytes = files.term_bytes;
    let mut fields = Vec::new();
    for (i, f) in TEXT_FIELDS.iter().enumerate() {
        fields.push(json!({
            "name": f.name(), "boost": f.boost(), "avg": lexicon.average_fieldnorms[i],
            "norms": store(files, "n", &lexicon.norms[i], Pack::Numbers, memo)?,
        }));
    }
    let manifest = json!({
        "version": 4,
        "docs": index.docs.len(),
        "fields": fields,
        "norms": fieldnorms,
        "rule": rule::json(),
        "terms": shards,
        "termBytes": term_bytes,
        "postings": postings_files,
        "bundles": bundles.folders,
        "facets": facets,
        "documents": { "group": DOCUMENT_GROUP, "folders": folders },
        "stopWords": words::STOP_WORDS,
        "deriveEndings": words::DERIVATION_ENDINGS,
        "glossary": words::glossary().iter().map(|(en, sv)| json!([en.join(" "), sv])).collect::<Vec<_>>(),
        "browse": index.browse,
    });
    let bytes = serde_json::to_vec(&manifest).expect("plain data serializes");
    let name = format!("meta.{}.json.gz", short_hash(&bytes));
    files.push(name.clone(), memo.pack(Pack::Text, &bytes)?)?;
    memo.finish();
    Ok(name)
}

/// Documents per step of `documents`: enough groups to keep both cores busy, few
/// enough that their files are not all held at once.
const DOCUMENTS_AT_ONCE: usize = DOCUMENT_GROUP * 64;

/// The document files, numbered; returns the names of their folders.
/// A result shows its snippet from the head; the rest of a long text is a second
/// file, fetched only for a result whose matched words are not in the head.
fn documents(index: &Corpus, memo: &mut Memo, files: &mut Files) -> Result<Vec<String>> {
    let (mut kept_docs, mut kept_folders, mut names) = (Vec::new(), Vec::new(), Vec::new());
    for (step, chunk) in index.docs.chunks(DOCUMENTS_AT_ONCE).enumerate() {
        let first = step * DOCUMENTS_AT_ONCE;
        let docs: Vec<(Vec<u8>, Option<Vec<u8>>)> = chunk
            .par_iter()
            .enumerate()
            .map(|(i, d)| {
                let n = first + i;
                let version = memo.version(n);
                if let Some(Some((v, head, rest))) = memo.docs.get(n) {
                    if Some(*v) == version {
                        return Ok((head.clone(), rest.clone()));
                    }
                }
                document_files(d)
            })
            .collect::<Result<_>>()?;
        if memo.is_on() {
            kept_docs.extend(docs.iter().enumerate().map(|(i, (head, rest))| {
                Some((
                    memo.version(first + i).unwrap_or_default(),
                    head.clone(),
                    rest.clone(),
                ))
            }));
        }
        // A group's folder is named by a hash of its files, so an edit renames the
        // folder of its own group and leaves the others cached.
        for (g, group) in docs.chunks(DOCUMENT_GROUP).enumerate() {
            let g = first / DOCUMENT_GROUP + g;
            // The same versions are the same documents with the same files.
            let versions: Option<Vec<u64>> = (0..group.len())
                .map(|i| memo.version(g * DOCUMENT_GROUP + i))
                .collect();
            let name = match (&versions, memo.doc_folders.get(g)) {
                (Some(v), Some((kept, name))) if v == kept => name.clone(),
                _ => {
                    let mut all = Vec::new();
                    for (head, rest) in group {
                        all.extend_from_slice(head);
                        all.extend_from_slice(rest.as_deref().unwrap_or_default());
                    }
                    format!("d/{}/", short_hash(&all))
                }
            };
            if memo.is_on() {
                kept_folders.push((versions.unwrap_or_default(), name.clone()));
            }
            names.push(name);
        }
        for (i, (head, rest)) in docs.into_iter().enumerate() {
            let n = first + i;
            let folder = &names[n / DOCUMENT_GROUP];
            files.push(format!("{folder}{n}.json.gz"), head)?;
            if let Some(rest) = rest {
                files.push(format!("{folder}{n}.rest.json.gz"), rest)?;
            }
        }
    }
    if memo.is_on() {
        memo.docs = kept_docs;
        memo.doc_folders = kept_folders;
    }
    Ok(names)
}

struct Bundles {
    /// Per term, in lexicon order: 0 for none, else its bundle's number plus one.
    refs: Vec<u64>,
    folders: serde_json::Value,
}

/// The result bundle of every term that is in at least two cases (`bundle.rs`).
fn bundles(index: &Corpus, fieldnorms: &[u32], files: &mut Files, memo: &mut Memo) -> Result<Bundles> {
    let lexicon = index.lexicon;
    let stats = bundle::Stats {
        docs: index.docs.len(),
        average_fieldnorms: &lexicon.average_fieldnorms,
        norms: &lexicon.norms,
        fieldnorms,
    };
    let terms: Vec<(&str, &[FieldPostings])> = lexicon.iter().collect();
    let kept: &Memo = memo;
    let built: Vec<Option<memo::Bundle>> = terms
        .par_iter()
        .map_init(
            || (StemCache::default(), bundle::Scores::default()),
            |(stems, scores), (term, postings)| {
                // A word alone searches for its term and its derivations; a stop word
                // alone searches for nothing.
                if words::is_stop_word(term) {
                    return None;
                }
                let derived = expand::derived(term, lexicon);
                let mut alternatives = vec![(*postings, 1.0)];
                let mut matched = vec![term.to_string()];
                for d in derived {
                    alternatives.push((
                        lexicon.postings(&d.term).expect("a derived term is a term"),
                        d.weight,
                    ));
                    matched.push(d.term);
                }
                let top = bundle::top(&alternatives, &stats, scores);
                if top.len() < 2 {
                    return None;
                }
                let versions: Vec<u64> = top
                    .iter()
                    .map(|&n| kept.version(n as usize).unwrap_or_default())
                    .collect();
                if let Some(b) = kept.bundles.get(*term) {
                    if b.top == top && b.matched == matched && b.versions == versions {
                        return Some(memo::Bundle {
                            raw: b.raw.clone(),
                            top,
                            matched,
                            versions,
                        });
                    }
                }
                let words: Vec<&str> = matched.iter().map(String::as_str).collect();
                let records: Vec<_> = top
                    .iter()
                    .map(|&n| bundle::record(n, &index.docs[n as usize], &words, stems))
                    .collect();
                let raw = serde_json::to_vec(&json!({ "term": term, "cases": records }))
                    .expect("plain data serializes");
                Some(memo::Bundle {
                    top,
                    matched,
                    versions,
                    raw,
                })
            },
        )
        .collect();
    let mut refs = Vec::with_capacity(built.len());
    let mut raws: Vec<Vec<u8>> = Vec::new();
    // Two terms can share a bundle (same cases, same snippets): one file for both.
    let mut known: std::collections::HashMap<&[u8], u64> = std::collections::HashMap::new();
    for b in &built {
        match b {
            Some(b) => {
                let at = *known.entry(&b.raw).or_insert_with(|| {
                    raws.push(b.raw.clone());
                    raws.len() as u64
                });
                refs.push(at);
            }
            None => refs.push(0),
        }
    }
    drop(known);
    if memo.is_on() {
        memo.bundles = terms
            .iter()
            .zip(built)
            .filter_map(|((term, _), b)| Some((term.to_string(), b?)))
            .collect();
    }
    Ok(Bundles {
        refs,
        folders: numbered(files, "b", &raws, Pack::Text, memo)?,
    })
}

/// Files many enough that a content-hashed name each would make the manifest's
/// list of them its largest part (postings, bundles): numbered instead,
/// `<dir>/<hash>/<n>.bin`, `NUMBERED_GROUP` to a folder named by a hash of its
/// files, so a new build renames only the folders whose files changed. Returns
/// `{ group, folders }`, which the browser finds file `n` with.
fn numbered(
    files: &mut Files,
    dir: &str,
    raws: &[Vec<u8>],
    pack: Pack,
    memo: &mut Memo,
) -> Result<serde_json::Value> {
    let gz = memo.pack_all(pack, raws)?;
    let folders: Vec<String> = gz
        .chunks(NUMBERED_GROUP)
        .map(|group| format!("{dir}/{}/", short_hash(&group.concat())))
        .collect();
    for (n, bytes) in gz.into_iter().enumerate() {
        files.push(format!("{}{n}.bin", folders[n / NUMBERED_GROUP]), bytes)?;
    }
    Ok(json!({ "group": NUMBERED_GROUP, "folders": folders }))
}

/// Files per folder of `numbered`: an edit changes postings and bundles all over
/// the dictionary, so a small group renames little more than the files it changed.
const NUMBERED_GROUP: usize = 32;

fn close_shard(files: &mut Files, count: usize, body: &[u8], memo: &mut Memo) -> Result<String> {
    let mut bytes = Vec::with_capacity(body.len() + 4);
    varint(&mut bytes, count as u64);
    bytes.extend_from_slice(body);
    store(files, "t", &bytes, Pack::Text, memo)
}

/// Per field: the documents, then the term frequencies. Columns compress better
/// than pairs, and field norms live in their own column per field, not per posting,
/// where they would be half of every postings file. The documents are gaps, or, for
/// a list of an eighth of all documents or more (`is_bitmap`), a bit per document:
/// at that density a bit each is no more than a gap's byte, and a common word's
/// postings are what a query downloads most of.
fn encode_postings(postings: &[FieldPostings], docs: usize) -> Vec<u8> {
    let mut out = Vec::new();
    varint(&mut out, postings.len() as u64);
    for (field, list) in postings {
        varint(&mut out, *field as u64);
        varint(&mut out, list.len() as u64);
        if is_bitmap(list.len(), docs) {
            let start = out.len();
            out.resize(start + docs.div_ceil(8), 0);
            for &(doc, _) in list {
                out[start + doc as usize / 8] |= 1 << (doc % 8);
            }
        } else {
            let mut last = 0u32;
            for &(doc, _) in list {
                varint(&mut out, u64::from(doc - last));
                last = doc;
            }
        }
        for &(_, tf) in list {
            varint(&mut out, u64::from(tf));
        }
    }
    out
}

/// Gzips `raw` into `<dir>/<hash>.bin` and returns that name.
fn store(files: &mut Files, dir: &str, raw: &[u8], pack: Pack, memo: &mut Memo) -> Result<String> {
    let name = format!("{dir}/{}.bin", short_hash(raw));
    files.push(name.clone(), memo.pack(pack, raw)?)?;
    Ok(name)
}

/// Whether a postings file ends before `term`, whose postings are `blob` bytes, when
/// it holds `current` bytes: when the term would take it past its size, or, from half
/// its size on, at a term whose hash says so. Ending files at terms and not only at
/// sizes means an edit that changes one term's postings moves no file boundary past
/// the next such term, so the later files stay as they were: still cached in the
/// browser, and not compressed again by the live preview.
fn closes_before(term: &str, current: usize, blob: usize) -> bool {
    current > 0
        && (current + blob > POSTINGS_FILE_BYTES
            || (current >= POSTINGS_FILE_BYTES / 2 && fnv(term.as_bytes()).is_multiple_of(4)))
}

/// Whether a field's list of `len` documents is written as a bitmap; `engine.js`
/// decides alike from the manifest's document count.
fn is_bitmap(len: usize, docs: usize) -> bool {
    len * 8 >= docs
}

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// 64-bit FNV-1a, as hex: stable across builds and platforms, which is all a cache
/// key needs.
fn short_hash(bytes: &[u8]) -> String {
    format!("{:016x}", fnv(bytes))
}

fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A document's head file and, for a long text, the rest.
fn document_files(d: &SearchDoc) -> Result<(Vec<u8>, Option<Vec<u8>>)> {
    let (head, rest) = split_text(&d.body, DOCUMENT_HEAD_CHARS);
    let mut record = json!({
        "u": d.url, "t": d.title, "s": d.summary, "p": d.places, "y": d.year, "x": head,
    });
    if !rest.is_empty() {
        record["m"] = json!(1);
    }
    let head = gz::text(record.to_string().as_bytes())?;
    let rest = match rest {
        "" => None,
        rest => Some(gz::text(json!(rest).to_string().as_bytes())?),
    };
    Ok((head, rest))
}

/// Documents per folder: few enough that an edit renames a small part of them, many
/// enough that the folder list in the manifest stays short.
const DOCUMENT_GROUP: usize = 128;

/// Characters of a document's text in its first file: enough that the words a
/// result matched are in it for most results, and small enough that ten results cost
/// a few kilobytes.
const DOCUMENT_HEAD_CHARS: usize = 1200;

/// The text cut after `chars` characters, at the end of the word there: the head and
/// the rest, which together are the whole text.
fn split_text(text: &str, chars: usize) -> (&str, &str) {
    let Some((at, _)) = text.char_indices().nth(chars) else {
        return (text, "");
    };
    let end = text[at..]
        .char_indices()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(text.len(), |(i, _)| at + i);
    text.split_at(end)
}

#[cfg(test)]
mod tests {
    use super::split_text;

    #[test]
    fn a_text_is_cut_at_the_end_of_a_word_and_nothing_is_lost() {
        let text = "Åtta öppna möten, sedan fler.";
        let (head, rest) = split_text(text, 6);
        assert_eq!((head, rest), ("Åtta öppna", " möten, sedan fler."));
        assert_eq!(split_text(text, 4), ("Åtta", " öppna möten, sedan fler."));
        assert_eq!(split_text(text, 100), (text, ""));
        assert_eq!(split_text("ord", 3), ("ord", ""));
    }
}
