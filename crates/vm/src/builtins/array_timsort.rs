//! V8's TimSort for `Array.prototype.sort`/`toSorted` with a comparator, ported from
//! `third_party/v8/builtins/array-sort.tq` (itself after CPython's listsort) as Node 20 runs
//! it: natural runs extended by binary insertion to the minimum run length, merges with
//! galloping. It sorts a permutation of indices into the collected values (plain Rust
//! data), calling the comparator exactly where V8 does, in the same order — so results
//! match V8 even for inconsistent comparators such as `(a, b) => a > b`.

use super::ValueList;
use crate::{Args, JsResult, Vm};

/// Sorts `order` (indices into `list`) with the comparator in argument 0.
pub(super) fn sort_with_comparator(vm: &mut Vm, args: Args, list: &ValueList, order: Vec<u32>) -> JsResult<Vec<u32>> {
    let mut sorter = TimSort {
        args,
        list,
        work: order,
        temp: Vec::new(),
        runs: Vec::new(),
        min_gallop: MIN_GALLOP_WINS,
    };
    sorter.sort(vm)?;
    Ok(sorter.work)
}

/// V8's TimSort (`third_party/v8/builtins/array-sort.tq`, after CPython's listsort) over a
/// permutation: the same comparisons in the same order, so even an inconsistent comparator
/// (`(a, b) => a > b`) gives V8's result.
struct TimSort<'a> {
    args: Args,
    list: &'a ValueList,
    /// The permutation being sorted (V8's work array).
    work: Vec<u32>,
    /// Scratch for merges (V8's temp array).
    temp: Vec<u32>,
    /// Pending runs: (base, length).
    runs: Vec<(usize, usize)>,
    min_gallop: usize,
}

/// Consecutive wins that switch a merge into galloping mode.
const MIN_GALLOP_WINS: usize = 7;

impl TimSort<'_> {
    /// SortCompareUserFn: ToNumber(comparefn(x, y)), NaN as 0.
    #[inline]
    fn compare(&self, vm: &mut Vm, x: u32, y: u32) -> JsResult<f64> {
        let a = self.list.get(vm, x as usize);
        let b = self.list.get(vm, y as usize);
        let undefined = vm.undefined();
        let r = vm.call(vm.arg(self.args, 0), undefined, &[a, b])?;
        if r.is_smi() {
            return Ok(f64::from(r.smi_value()));
        }
        let n = vm.to_number(r)?;
        Ok(if n.is_nan() { 0.0 } else { n })
    }

    fn sort(&mut self, vm: &mut Vm) -> JsResult<()> {
        let n = self.work.len();
        if n < 2 {
            return Ok(());
        }
        let mut low = 0;
        let mut remaining = n;
        let min_run = compute_min_run_length(remaining);
        while remaining != 0 {
            let mut run = self.count_and_make_run(vm, low, low + remaining)?;
            if run < min_run {
                let forced = min_run.min(remaining);
                self.binary_insertion_sort(vm, low, low + run, low + forced)?;
                run = forced;
            }
            self.runs.push((low, run));
            self.merge_collapse(vm)?;
            low += run;
            remaining -= run;
        }
        self.merge_force_collapse(vm)
    }

    /// Sorts [low, high) given that [low, start) is sorted.
    fn binary_insertion_sort(&mut self, vm: &mut Vm, low: usize, start: usize, high: usize) -> JsResult<()> {
        let mut start = if low == start { start + 1 } else { start };
        while start < high {
            let (mut left, mut right) = (low, start);
            let pivot = self.work[right];
            while left < right {
                let mid = left + ((right - left) >> 1);
                if self.compare(vm, pivot, self.work[mid])? < 0.0 {
                    right = mid;
                } else {
                    left = mid + 1;
                }
            }
            self.work.copy_within(left..start, left + 1);
            self.work[left] = pivot;
            start += 1;
        }
        Ok(())
    }

    /// The length of the run at `low` (reversed in place when strictly descending).
    fn count_and_make_run(&mut self, vm: &mut Vm, low_arg: usize, high: usize) -> JsResult<usize> {
        let low = low_arg + 1;
        if low == high {
            return Ok(1);
        }
        let mut run = 2;
        let element_low = self.work[low];
        let descending = self.compare(vm, element_low, self.work[low - 1])? < 0.0;
        let mut previous = element_low;
        for idx in low + 1..high {
            let current = self.work[idx];
            let order = self.compare(vm, current, previous)?;
            if (descending && order >= 0.0) || (!descending && order < 0.0) {
                break;
            }
            previous = current;
            run += 1;
        }
        if descending {
            self.work[low_arg..low_arg + run].reverse();
        }
        Ok(run)
    }

    fn run_invariant_established(&self, n: usize) -> bool {
        if n < 2 {
            return true;
        }
        self.runs[n - 2].1 > self.runs[n - 1].1 + self.runs[n].1
    }

    fn merge_collapse(&mut self, vm: &mut Vm) -> JsResult<()> {
        while self.runs.len() > 1 {
            let mut n = self.runs.len() - 2;
            if !self.run_invariant_established(n + 1) || !self.run_invariant_established(n) {
                if self.runs[n - 1].1 < self.runs[n + 1].1 {
                    n -= 1;
                }
                self.merge_at(vm, n)?;
            } else if self.runs[n].1 <= self.runs[n + 1].1 {
                self.merge_at(vm, n)?;
            } else {
                break;
            }
        }
        Ok(())
    }

    fn merge_force_collapse(&mut self, vm: &mut Vm) -> JsResult<()> {
        while self.runs.len() > 1 {
            let mut n = self.runs.len() - 2;
            if n > 0 && self.runs[n - 1].1 < self.runs[n + 1].1 {
                n -= 1;
            }
            self.merge_at(vm, n)?;
        }
        Ok(())
    }

    /// Merges pending runs `i` and `i + 1`.
    fn merge_at(&mut self, vm: &mut Vm, i: usize) -> JsResult<()> {
        let stack_size = self.runs.len();
        let (mut base_a, mut length_a) = self.runs[i];
        let (base_b, mut length_b) = self.runs[i + 1];
        self.runs[i].1 = length_a + length_b;
        if i + 3 == stack_size {
            self.runs[i + 1] = self.runs[i + 2];
        }
        self.runs.pop();
        let key_right = self.work[base_b];
        let k = self.gallop_right(vm, false, key_right, base_a, length_a, 0)?;
        base_a += k;
        length_a -= k;
        if length_a == 0 {
            return Ok(());
        }
        let key_left = self.work[base_a + length_a - 1];
        length_b = self.gallop_left(vm, false, key_left, base_b, length_b, length_b - 1)?;
        if length_b == 0 {
            return Ok(());
        }
        if length_a <= length_b {
            self.merge_low(vm, base_a, length_a, base_b, length_b)
        } else {
            self.merge_high(vm, base_a, length_a, base_b, length_b)
        }
    }

    /// The element `i` of the work array, or of the temp array when `in_temp`.
    #[inline]
    fn at(&self, in_temp: bool, i: usize) -> u32 {
        if in_temp { self.temp[i] } else { self.work[i] }
    }

    /// GallopLeft: where `key` goes in the sorted [base, base + length) (of the temp array
    /// when `in_temp`), left of any equal elements.
    fn gallop_left(&mut self, vm: &mut Vm, in_temp: bool, key: u32, base: usize, length: usize, hint: usize) -> JsResult<usize> {
        let (mut last_ofs, mut offset): (isize, isize) = (0, 1);
        let (length_i, hint_i) = (length as isize, hint as isize);
        let order = self.compare(vm, self.at(in_temp, base + hint), key)?;
        if order < 0.0 {
            let max_ofs = length_i - hint_i;
            while offset < max_ofs {
                let order = self.compare(vm, self.at(in_temp, base + hint + offset as usize), key)?;
                if order >= 0.0 {
                    break;
                }
                last_ofs = offset;
                offset = (offset << 1) + 1;
            }
            offset = offset.min(max_ofs);
            last_ofs += hint_i;
            offset += hint_i;
        } else {
            let max_ofs = hint_i + 1;
            while offset < max_ofs {
                let order = self.compare(vm, self.at(in_temp, base + hint - offset as usize), key)?;
                if order < 0.0 {
                    break;
                }
                last_ofs = offset;
                offset = (offset << 1) + 1;
            }
            offset = offset.min(max_ofs);
            let tmp = last_ofs;
            last_ofs = hint_i - offset;
            offset = hint_i - tmp;
        }
        last_ofs += 1;
        while last_ofs < offset {
            let m = last_ofs + ((offset - last_ofs) >> 1);
            if self.compare(vm, self.at(in_temp, base + m as usize), key)? < 0.0 {
                last_ofs = m + 1;
            } else {
                offset = m;
            }
        }
        Ok(offset as usize)
    }

    /// GallopRight: like `gallop_left`, but right of any equal elements.
    fn gallop_right(&mut self, vm: &mut Vm, in_temp: bool, key: u32, base: usize, length: usize, hint: usize) -> JsResult<usize> {
        let (mut last_ofs, mut offset): (isize, isize) = (0, 1);
        let (length_i, hint_i) = (length as isize, hint as isize);
        let order = self.compare(vm, key, self.at(in_temp, base + hint))?;
        if order < 0.0 {
            let max_ofs = hint_i + 1;
            while offset < max_ofs {
                let order = self.compare(vm, key, self.at(in_temp, base + hint - offset as usize))?;
                if order >= 0.0 {
                    break;
                }
                last_ofs = offset;
                offset = (offset << 1) + 1;
            }
            offset = offset.min(max_ofs);
            let tmp = last_ofs;
            last_ofs = hint_i - offset;
            offset = hint_i - tmp;
        } else {
            let max_ofs = length_i - hint_i;
            while offset < max_ofs {
                let order = self.compare(vm, key, self.at(in_temp, base + hint + offset as usize))?;
                if order < 0.0 {
                    break;
                }
                last_ofs = offset;
                offset = (offset << 1) + 1;
            }
            offset = offset.min(max_ofs);
            last_ofs += hint_i;
            offset += hint_i;
        }
        last_ofs += 1;
        while last_ofs < offset {
            let m = last_ofs + ((offset - last_ofs) >> 1);
            if self.compare(vm, key, self.at(in_temp, base + m as usize))? < 0.0 {
                offset = m;
            } else {
                last_ofs = m + 1;
            }
        }
        Ok(offset as usize)
    }

    /// Merges the runs at `base_a` and `base_b` (`length_a <= length_b`) front to back.
    fn merge_low(&mut self, vm: &mut Vm, base_a: usize, mut length_a: usize, base_b: usize, mut length_b: usize) -> JsResult<()> {
        self.temp.clear();
        self.temp.extend_from_slice(&self.work[base_a..base_a + length_a]);
        let mut dest = base_a;
        let mut cursor_temp = 0;
        let mut cursor_b = base_b;
        self.work[dest] = self.work[cursor_b];
        dest += 1;
        cursor_b += 1;
        let copy_b = 'merge: {
            length_b -= 1;
            if length_b == 0 {
                break 'merge false;
            }
            if length_a == 1 {
                break 'merge true;
            }
            let mut min_gallop = self.min_gallop;
            loop {
                let mut wins_a = 0;
                let mut wins_b = 0;
                loop {
                    let order = self.compare(vm, self.work[cursor_b], self.temp[cursor_temp])?;
                    if order < 0.0 {
                        self.work[dest] = self.work[cursor_b];
                        dest += 1;
                        cursor_b += 1;
                        wins_b += 1;
                        length_b -= 1;
                        wins_a = 0;
                        if length_b == 0 {
                            break 'merge false;
                        }
                        if wins_b >= min_gallop {
                            break;
                        }
                    } else {
                        self.work[dest] = self.temp[cursor_temp];
                        dest += 1;
                        cursor_temp += 1;
                        wins_a += 1;
                        length_a -= 1;
                        wins_b = 0;
                        if length_a == 1 {
                            break 'merge true;
                        }
                        if wins_a >= min_gallop {
                            break;
                        }
                    }
                }
                min_gallop += 1;
                let mut first = true;
                while wins_a >= MIN_GALLOP_WINS || wins_b >= MIN_GALLOP_WINS || first {
                    first = false;
                    min_gallop = min_gallop.saturating_sub(1).max(1);
                    self.min_gallop = min_gallop;
                    wins_a = self.gallop_right(vm, true, self.work[cursor_b], cursor_temp, length_a, 0)?;
                    if wins_a > 0 {
                        self.work[dest..dest + wins_a].copy_from_slice(&self.temp[cursor_temp..cursor_temp + wins_a]);
                        dest += wins_a;
                        cursor_temp += wins_a;
                        length_a -= wins_a;
                        if length_a == 1 {
                            break 'merge true;
                        }
                        if length_a == 0 {
                            break 'merge false;
                        }
                    }
                    self.work[dest] = self.work[cursor_b];
                    dest += 1;
                    cursor_b += 1;
                    length_b -= 1;
                    if length_b == 0 {
                        break 'merge false;
                    }
                    wins_b = self.gallop_left(vm, false, self.temp[cursor_temp], cursor_b, length_b, 0)?;
                    if wins_b > 0 {
                        self.work.copy_within(cursor_b..cursor_b + wins_b, dest);
                        dest += wins_b;
                        cursor_b += wins_b;
                        length_b -= wins_b;
                        if length_b == 0 {
                            break 'merge false;
                        }
                    }
                    self.work[dest] = self.temp[cursor_temp];
                    dest += 1;
                    cursor_temp += 1;
                    length_a -= 1;
                    if length_a == 1 {
                        break 'merge true;
                    }
                }
                min_gallop += 1;
                self.min_gallop = min_gallop;
            }
        };
        if copy_b {
            // The last element of run A belongs at the end of the merge.
            self.work.copy_within(cursor_b..cursor_b + length_b, dest);
            self.work[dest + length_b] = self.temp[cursor_temp];
        } else if length_a > 0 {
            self.work[dest..dest + length_a].copy_from_slice(&self.temp[cursor_temp..cursor_temp + length_a]);
        }
        Ok(())
    }

    /// Merges the runs at `base_a` and `base_b` (`length_a >= length_b`) back to front.
    fn merge_high(&mut self, vm: &mut Vm, base_a: usize, mut length_a: usize, base_b: usize, mut length_b: usize) -> JsResult<()> {
        self.temp.clear();
        self.temp.extend_from_slice(&self.work[base_b..base_b + length_b]);
        // Cursors may step one below their run (to -1 for a run at 0): signed.
        let mut dest = (base_b + length_b - 1) as isize;
        let mut cursor_temp = length_b as isize - 1;
        let mut cursor_a = (base_a + length_a - 1) as isize;
        self.work[dest as usize] = self.work[cursor_a as usize];
        dest -= 1;
        cursor_a -= 1;
        let copy_a = 'merge: {
            length_a -= 1;
            if length_a == 0 {
                break 'merge false;
            }
            if length_b == 1 {
                break 'merge true;
            }
            let mut min_gallop = self.min_gallop;
            loop {
                let mut wins_a = 0;
                let mut wins_b = 0;
                loop {
                    let order = self.compare(vm, self.temp[cursor_temp as usize], self.work[cursor_a as usize])?;
                    if order < 0.0 {
                        self.work[dest as usize] = self.work[cursor_a as usize];
                        dest -= 1;
                        cursor_a -= 1;
                        wins_a += 1;
                        length_a -= 1;
                        wins_b = 0;
                        if length_a == 0 {
                            break 'merge false;
                        }
                        if wins_a >= min_gallop {
                            break;
                        }
                    } else {
                        self.work[dest as usize] = self.temp[cursor_temp as usize];
                        dest -= 1;
                        cursor_temp -= 1;
                        wins_b += 1;
                        length_b -= 1;
                        wins_a = 0;
                        if length_b == 1 {
                            break 'merge true;
                        }
                        if wins_b >= min_gallop {
                            break;
                        }
                    }
                }
                min_gallop += 1;
                let mut first = true;
                while wins_a >= MIN_GALLOP_WINS || wins_b >= MIN_GALLOP_WINS || first {
                    first = false;
                    min_gallop = min_gallop.saturating_sub(1).max(1);
                    self.min_gallop = min_gallop;
                    let k = self.gallop_right(vm, false, self.temp[cursor_temp as usize], base_a, length_a, length_a - 1)?;
                    wins_a = length_a - k;
                    if wins_a > 0 {
                        dest -= wins_a as isize;
                        cursor_a -= wins_a as isize;
                        let from = (cursor_a + 1) as usize;
                        self.work.copy_within(from..from + wins_a, (dest + 1) as usize);
                        length_a -= wins_a;
                        if length_a == 0 {
                            break 'merge false;
                        }
                    }
                    self.work[dest as usize] = self.temp[cursor_temp as usize];
                    dest -= 1;
                    cursor_temp -= 1;
                    length_b -= 1;
                    if length_b == 1 {
                        break 'merge true;
                    }
                    let k = self.gallop_left(vm, true, self.work[cursor_a as usize], 0, length_b, length_b - 1)?;
                    wins_b = length_b - k;
                    if wins_b > 0 {
                        dest -= wins_b as isize;
                        cursor_temp -= wins_b as isize;
                        let from = (cursor_temp + 1) as usize;
                        let to = (dest + 1) as usize;
                        self.work[to..to + wins_b].copy_from_slice(&self.temp[from..from + wins_b]);
                        length_b -= wins_b;
                        if length_b == 1 {
                            break 'merge true;
                        }
                        if length_b == 0 {
                            break 'merge false;
                        }
                    }
                    self.work[dest as usize] = self.work[cursor_a as usize];
                    dest -= 1;
                    cursor_a -= 1;
                    length_a -= 1;
                    if length_a == 0 {
                        break 'merge false;
                    }
                }
                min_gallop += 1;
                self.min_gallop = min_gallop;
            }
        };
        if copy_a {
            // The first element of run B belongs at the front of the merge.
            dest -= length_a as isize;
            cursor_a -= length_a as isize;
            let from = (cursor_a + 1) as usize;
            self.work.copy_within(from..from + length_a, (dest + 1) as usize);
            self.work[dest as usize] = self.temp[cursor_temp as usize];
        } else if length_b > 0 {
            let to = (dest - (length_b as isize - 1)) as usize;
            self.work[to..to + length_b].copy_from_slice(&self.temp[..length_b]);
        }
        Ok(())
    }
}

/// The minimum run length for `n` values (n itself below 64, else 32..=64).
fn compute_min_run_length(mut n: usize) -> usize {
    let mut r = 0;
    while n >= 64 {
        r |= n & 1;
        n >>= 1;
    }
    n + r
}
