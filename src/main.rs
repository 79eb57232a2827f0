//! The `zhibiao` binary: a thin shell over the library's command line.

mod allocator;

#[global_allocator]
static ALLOCATOR: allocator::Allocator = allocator::Allocator;

fn main() -> std::process::ExitCode {
    zhibiao::cmd::run()
}
