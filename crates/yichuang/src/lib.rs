//! The `yichuang` binary's library half: configuration and start-up, and the Uxin Banner demo
//! (its loader; the data is in `demo/`), shared by `main.rs` and the end-to-end tests.

pub mod bench;
pub mod bench_cases;
pub mod bench_figures;
pub mod bench_queue;
pub mod config;
pub mod demo;
