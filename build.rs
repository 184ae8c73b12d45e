//! Rebuilds the crate when a migration changes: they are embedded in the binary.
//!
//! On Linux with glibc 2.36 or later, the binary's relocations are packed (`-z pack-relative-relocs`):
//! the loader then reads a table of a few KiB at start instead of one of 1.5 MiB, which otherwise
//! stays resident. Built where the C library is older, or for another system, they are left as
//! they are.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let native = var("HOST") == var("TARGET");
    if native
        && var("CARGO_CFG_TARGET_OS") == "linux"
        && var("CARGO_CFG_TARGET_ENV") == "gnu"
        && glibc_reads_relr()
    {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

/// Whether this system's C library is glibc 2.36 or later, the first that reads packed relocations.
fn glibc_reads_relr() -> bool {
    let Ok(out) = std::process::Command::new("getconf").arg("GNU_LIBC_VERSION").output() else {
        return false;
    };
    // "glibc 2.36"
    let text = String::from_utf8_lossy(&out.stdout);
    let Some(version) = text.trim().strip_prefix("glibc ") else {
        return false;
    };
    let mut parts = version.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    (major, minor) >= (2, 36)
}
