//! The `tagus` command-line runner (work in progress).

use tagus_vm::{HeapConfig, Vm, VmOptions};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let file = args.last().expect("file").clone();
    let source = std::fs::read_to_string(&file).expect("read");
    let mut config = HeapConfig::default();
    let rest = config.apply_flags(args.iter().map(|s| s.as_str())).unwrap();
    let _ = rest;
    let code = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            let mut vm = Vm::new(config, VmOptions::default()).unwrap();
            match vm.eval(&source, &file) {
                Ok(_) => 0,
                Err(_) => {
                    let e = vm.exception();
                    let text = vm.inspect(e).unwrap_or_default();
                    eprintln!("Uncaught {text}");
                    1
                }
            }
        })
        .unwrap()
        .join()
        .unwrap();
    std::process::exit(code);
}
