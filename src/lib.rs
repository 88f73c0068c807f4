//! brief: a static site generator for briefings. The pipeline is
//! config → source → parse → index (with routes) → render (with outputs) → write; each
//! stage is a module. The public surface is what the `brief` binary, the tests and the
//! fuzz targets need; everything else is private, so unused code shows.
#![deny(missing_docs)]

mod cache;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod diag;
pub mod import;
mod index;
pub mod links;
mod locale;
mod lock;
mod mapped;
pub mod memory;
mod model;
mod outputs;
pub mod parse;
mod render;
mod routes;
pub mod site;
mod source;
mod spill;
mod strings;
mod templates;
mod timing;
mod write;
pub mod yaml;
