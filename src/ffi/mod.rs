//! The doors to other languages. Wrapper code only: no logic lives here.

pub mod c;
