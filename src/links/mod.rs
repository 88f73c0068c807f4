//! Links inside the built pages: rewriting them (relative URLs for `file://` and any
//! sub-path, absolute ones for feeds) and checking them (`brief check`).

pub mod check;
mod html;
mod relative;

pub use relative::{rebase, relative_link, relativize};
