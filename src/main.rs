//! The `zhibiao` binary: a thin shell over the library's command line.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    zhibiao::cmd::run()
}
