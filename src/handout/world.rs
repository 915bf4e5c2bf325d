//! The typst world a handout is compiled in: one in-memory source, the fonts bundled
//! in `typst-assets`, and nothing else.
//!
//! No file system, no packages, no system fonts and no clock: `today` is the library's
//! configured date. So a handout comes out the same on every machine, and a source
//! that asked for a file or a package would fail rather than reach outside.

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

/// Parsed once per process: the fonts are a few megabytes of tables.
static SHARED: LazyLock<Shared> = LazyLock::new(|| {
    let fonts: Vec<Font> = typst_assets::fonts()
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect();
    Shared {
        library: LazyHash::new(Library::default()),
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
    }
});

pub struct HandoutWorld {
    main: Source,
    today: Option<Datetime>,
}

impl HandoutWorld {
    pub fn new(markup: String, today: Option<(i32, u8, u8)>) -> HandoutWorld {
        let path = VirtualPath::new("handout.typ").expect("a valid virtual path");
        let id = FileId::new(RootedPath::new(VirtualRoot::Project, path));
        HandoutWorld {
            main: Source::new(id, markup),
            today: today.and_then(|(y, m, d)| Datetime::from_ymd(y, m, d)),
        }
    }

    pub fn source(&self) -> &Source {
        &self.main
    }
}

impl World for HandoutWorld {
    fn library(&self) -> &LazyHash<Library> {
        &SHARED.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &SHARED.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            Ok(Bytes::from_string(self.main.clone()))
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        SHARED.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}
