//! (being written) the `object` builtins.

use crate::{JsResult, Vm};

pub(crate) fn install(_vm: &mut Vm) -> JsResult<()> {
    Ok(())
}
