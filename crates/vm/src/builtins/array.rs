//! (being written) the `array` builtins.

use crate::{JsResult, Vm};

pub(crate) fn install(_vm: &mut Vm) -> JsResult<()> {
    Ok(())
}
