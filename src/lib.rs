//! brief: a static site generator for briefings. The pipeline is
//! config → discover → parse → index → render → write; each stage is a module.

pub mod cli;
pub mod cmd;
pub mod config;
pub mod diag;
pub mod feeds;
pub mod frontmatter;
pub mod incremental;
pub mod index;
pub mod links;
pub mod load;
pub mod markdown;
pub mod model;
pub mod parse;
pub mod render;
pub mod serve;
pub mod site;
pub mod slug;
pub mod templates;
pub mod timing;
pub mod urls;
pub mod write;
pub mod yaml;
