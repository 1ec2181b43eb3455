//! The `Math` object: its constants (`E`, `LN10`, `LN2`, `LOG10E`, `LOG2E`, `PI`, `SQRT1_2`,
//! `SQRT2`), `Math[Symbol.toStringTag]`, and every ES2023 function. Each function converts
//! its arguments with ToNumber (all of them, in order, before computing) and returns a
//! number.
//!
//! JavaScript-specific definitions are implemented here: `round` (half-way cases toward
//! +∞, -0 kept), `max`/`min` (NaN wins, -0 < +0), `hypot` (∞ beats NaN; V8's scaled,
//! compensated sum), `pow` (the `**` special cases), `sign`, `fround`, `clz32`, `imul`, and
//! `acosh`/`asinh`/`atanh` (fdlibm's formulas, as V8). The other elementary functions are
//! the platform libm's; V8 uses fdlibm for them, so an occasional result differs from
//! Node's in the last bit. `random` is xorshift128+ seeded from the clock.

use std::cell::Cell;

use tagus_heap::Tagged;

use crate::dictionary::{DONT_ENUM, READ_ONLY};
use crate::{Args, JsResult, NativeFn, Root, Vm};

pub(crate) fn install(vm: &mut Vm) -> JsResult<()> {
    let math = vm.new_object()?;
    let math = vm.push(math);
    for (name, length, f) in FUNCTIONS {
        vm.install_method(math, name, *length, *f)?;
    }
    for (name, value) in [
        ("E", std::f64::consts::E),
        ("LN10", std::f64::consts::LN_10),
        ("LN2", std::f64::consts::LN_2),
        ("LOG10E", std::f64::consts::LOG10_E),
        ("LOG2E", std::f64::consts::LOG2_E),
        ("PI", std::f64::consts::PI),
        ("SQRT1_2", std::f64::consts::FRAC_1_SQRT_2),
        ("SQRT2", std::f64::consts::SQRT_2),
    ] {
        let v = vm.new_number(value)?;
        vm.install_value(math, name, v, true)?;
    }
    let tag = vm.new_string("Math")?;
    let key = vm.root(Root::SymbolToStringTag);
    vm.define_own_data(vm.slot(math), key, tag, READ_ONLY | DONT_ENUM)?;
    let global = vm.push(vm.root(Root::GlobalObject));
    vm.install_value(global, "Math", vm.slot(math), false)?;
    vm.truncate_stack(math);
    Ok(())
}

/// Every function of `Math`: name, `length`, implementation.
const FUNCTIONS: &[(&str, u32, NativeFn)] = &[
    ("abs", 1, abs),
    ("acos", 1, acos),
    ("acosh", 1, acosh),
    ("asin", 1, asin),
    ("asinh", 1, asinh),
    ("atan", 1, atan),
    ("atanh", 1, atanh),
    ("atan2", 2, atan2),
    ("ceil", 1, ceil),
    ("cbrt", 1, cbrt),
    ("expm1", 1, expm1),
    ("clz32", 1, clz32),
    ("cos", 1, cos),
    ("cosh", 1, cosh),
    ("exp", 1, exp),
    ("floor", 1, floor),
    ("fround", 1, fround),
    ("hypot", 2, hypot),
    ("imul", 2, imul),
    ("log", 1, log),
    ("log1p", 1, log1p),
    ("log2", 1, log2),
    ("log10", 1, log10),
    ("max", 2, max),
    ("min", 2, min),
    ("pow", 2, pow),
    ("random", 0, random),
    ("round", 1, round),
    ("sign", 1, sign),
    ("sin", 1, sin),
    ("sinh", 1, sinh),
    ("sqrt", 1, sqrt),
    ("tan", 1, tan),
    ("tanh", 1, tanh),
    ("trunc", 1, trunc),
];

/// Defines `Math.<name>(x)` functions computing `f(ToNumber(x))`.
macro_rules! unary {
    ($($name:ident => $f:expr;)*) => {$(
        fn $name(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
            let x = vm.to_number(vm.arg(args, 0))?;
            let f: fn(f64) -> f64 = $f;
            vm.new_number(f(x))
        }
    )*};
}

unary! {
    abs => f64::abs;
    acos => f64::acos;
    acosh => fdlibm_acosh;
    asin => f64::asin;
    asinh => fdlibm_asinh;
    atan => f64::atan;
    atanh => fdlibm_atanh;
    ceil => f64::ceil;
    cbrt => f64::cbrt;
    cos => f64::cos;
    cosh => f64::cosh;
    exp => f64::exp;
    expm1 => f64::exp_m1;
    floor => f64::floor;
    fround => |x| x as f32 as f64;
    log => f64::ln;
    log1p => f64::ln_1p;
    log2 => f64::log2;
    log10 => f64::log10;
    round => js_round;
    sign => |x| if x.is_nan() || x == 0.0 { x } else { x.signum() };
    sin => f64::sin;
    sinh => f64::sinh;
    sqrt => f64::sqrt;
    tan => f64::tan;
    tanh => f64::tanh;
    trunc => f64::trunc;
}

/// Math.round: the integer closest to `x`, half-way cases toward +∞; -0 and values in
/// [-0.5, -0) round to -0.
fn js_round(x: f64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    if x > 0.0 && x < 0.5 {
        return 0.0;
    }
    if (-0.5..0.0).contains(&x) {
        return -0.0;
    }
    let floor = x.floor();
    if x - floor >= 0.5 { floor + 1.0 } else { floor }
}

/// fdlibm's `acosh` (as V8's `base::ieee754::acosh`).
fn fdlibm_acosh(x: f64) -> f64 {
    const LN2: f64 = std::f64::consts::LN_2;
    if x.is_nan() || x < 1.0 {
        return f64::NAN;
    }
    if x >= 268435456.0 {
        // x > 2^28 (and infinity).
        if x.is_infinite() {
            return x;
        }
        return x.ln() + LN2;
    }
    if x == 1.0 {
        return 0.0;
    }
    if x > 2.0 {
        let t = x * x;
        return (2.0 * x - 1.0 / (x + (t - 1.0).sqrt())).ln();
    }
    let t = x - 1.0;
    (t + (2.0 * t + t * t).sqrt()).ln_1p()
}

/// fdlibm's `asinh`.
fn fdlibm_asinh(x: f64) -> f64 {
    const LN2: f64 = std::f64::consts::LN_2;
    if !x.is_finite() {
        return x + x;
    }
    let a = x.abs();
    if a < 3.725290298461914e-9 {
        // |x| < 2^-28: asinh(x) = x to double precision.
        return x;
    }
    let w = if a > 268435456.0 {
        a.ln() + LN2
    } else if a > 2.0 {
        (2.0 * a + 1.0 / ((x * x + 1.0).sqrt() + a)).ln()
    } else {
        let t = x * x;
        (a + t / (1.0 + (1.0 + t).sqrt())).ln_1p()
    };
    if x > 0.0 { w } else { -w }
}

/// fdlibm's `atanh`.
fn fdlibm_atanh(x: f64) -> f64 {
    let a = x.abs();
    if a.is_nan() || a > 1.0 {
        return f64::NAN;
    }
    if a == 1.0 {
        return x / 0.0;
    }
    if a < 3.725290298461914e-9 {
        return x;
    }
    let t = if a < 0.5 {
        let t = a + a;
        0.5 * (t + t * a / (1.0 - a)).ln_1p()
    } else {
        0.5 * ((a + a) / (1.0 - a)).ln_1p()
    };
    if x.is_sign_negative() { -t } else { t }
}

/// ToNumber of every argument, in order.
fn number_args(vm: &mut Vm, args: Args) -> JsResult<Vec<f64>> {
    (0..args.argc).map(|i| vm.to_number(vm.arg(args, i))).collect()
}

fn atan2(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let y = vm.to_number(vm.arg(args, 0))?;
    let x = vm.to_number(vm.arg(args, 1))?;
    vm.new_number(y.atan2(x))
}

fn pow(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let base = vm.to_number(vm.arg(args, 0))?;
    let exponent = vm.to_number(vm.arg(args, 1))?;
    vm.new_number(crate::operators::exponentiate(base, exponent))
}

fn clz32(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let n = vm.to_uint32(vm.arg(args, 0))?;
    Ok(Tagged::smi(n.leading_zeros() as i32))
}

fn imul(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let a = vm.to_int32(vm.arg(args, 0))?;
    let b = vm.to_int32(vm.arg(args, 1))?;
    vm.new_number(a.wrapping_mul(b) as f64)
}

fn max(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let values = number_args(vm, args)?;
    let mut result = f64::NEG_INFINITY;
    for v in values {
        if v.is_nan() {
            result = f64::NAN;
        } else if !result.is_nan() && (v > result || (v == 0.0 && result == 0.0 && result.is_sign_negative())) {
            result = v;
        }
    }
    vm.new_number(result)
}

fn min(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let values = number_args(vm, args)?;
    let mut result = f64::INFINITY;
    for v in values {
        if v.is_nan() {
            result = f64::NAN;
        } else if !result.is_nan() && (v < result || (v == 0.0 && result == 0.0 && v.is_sign_negative())) {
            result = v;
        }
    }
    vm.new_number(result)
}

/// `hypot(...values)`: ∞ if any value is infinite (even with a NaN), else NaN if any is NaN,
/// else the square root of the sum of squares, scaled by the largest magnitude and summed
/// with Kahan compensation (V8's algorithm).
fn hypot(vm: &mut Vm, args: Args) -> JsResult<Tagged> {
    let values = number_args(vm, args)?;
    if values.iter().any(|v| v.is_infinite()) {
        return vm.new_number(f64::INFINITY);
    }
    if values.iter().any(|v| v.is_nan()) {
        return vm.new_number(f64::NAN);
    }
    let largest = values.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    if largest == 0.0 {
        return vm.new_number(0.0);
    }
    let mut sum = 0.0;
    let mut compensation = 0.0;
    for v in values {
        let n = v.abs() / largest;
        let summand = n * n - compensation;
        let preliminary = sum + summand;
        compensation = (preliminary - sum) - summand;
        sum = preliminary;
    }
    vm.new_number(sum.sqrt() * largest)
}

thread_local! {
    /// The xorshift128+ state of `Math.random` (seeded on first use).
    static RANDOM_STATE: Cell<(u64, u64)> = const { Cell::new((0, 0)) };
}

/// SplitMix64, to spread a seed over the state words.
fn split_mix(seed: &mut u64) -> u64 {
    *seed = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *seed;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The next double in [0, 1) from xorshift128+.
fn next_random() -> f64 {
    RANDOM_STATE.with(|state| {
        let (mut s0, mut s1) = state.get();
        if s0 == 0 && s1 == 0 {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as u64);
            let mut seed = nanos ^ ((std::process::id() as u64) << 32);
            s0 = split_mix(&mut seed);
            s1 = split_mix(&mut seed) | 1;
        }
        let mut x = s0;
        let y = s1;
        s0 = y;
        x ^= x << 23;
        x ^= x >> 17;
        x ^= y ^ (y >> 26);
        s1 = x;
        state.set((s0, s1));
        // 53 random bits as a fraction.
        (s0.wrapping_add(s1) >> 11) as f64 / (1u64 << 53) as f64
    })
}

fn random(vm: &mut Vm, _args: Args) -> JsResult<Tagged> {
    vm.new_number(next_random())
}
