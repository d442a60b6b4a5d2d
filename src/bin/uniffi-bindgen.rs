//! UniFFI's generator at the exact version of the scaffolding in `src/ffi/uniffi.rs`:
//!
//! `cargo run --features uniffi-bindgen --bin uniffi-bindgen -- generate target/debug/libgovcred.so --language kotlin --no-format --out-dir out`
//!
//! Generate from an unstripped library (debug, or release without `strip`): library mode
//! reads the UniFFI metadata from the symbol table.

fn main() {
    uniffi::uniffi_bindgen_main()
}
