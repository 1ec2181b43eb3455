//! (being written) the `symbol` builtins.

use crate::{JsResult, Vm};

pub(crate) fn install(_vm: &mut Vm) -> JsResult<()> {
    Ok(())
}
